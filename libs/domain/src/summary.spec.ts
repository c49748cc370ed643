import { OBSERVED_RATE_WINDOW_MS, type SwitchProgress, switchEta } from './summary';

const C = new Date('2026-11-27T22:00:00.000Z');
const MIN = 60_000;
const at = (offsetMin: number): Date => new Date(C.getTime() + offsetMin * MIN);

function progress(overrides: Partial<SwitchProgress> = {}): SwitchProgress {
  return {
    now: at(30),
    cutoverAt: C,
    remaining: 100,
    remainingBytes: 100 * 1_000_000_000,
    bandwidthMbps: 100,
    completedRecently: 0,
    ...overrides,
  };
}

describe('switchEta (D12)', () => {
  it('is null before C + 10 min, 1 ms before; known from C + 10 min', () => {
    expect(switchEta(progress({ now: new Date(at(10).getTime() - 1) }))).toBeNull();
    expect(switchEta(progress({ now: at(10) }))).not.toBeNull();
  });

  it('is null when nothing is left', () => {
    expect(switchEta(progress({ remaining: 0 }))).toBeNull();
  });

  it('from the link: 100 GB through 100 Mbit/s is 8 000 s', () => {
    expect(switchEta(progress())).toEqual({ at: new Date(at(30).getTime() + 8_000_000), basis: 'bandwidth' });
  });

  it('from the observed rate when the link or the data is unknown: 10 done in 30 min, 20 left → 60 min', () => {
    const expected = { at: new Date(at(30).getTime() + 2 * OBSERVED_RATE_WINDOW_MS), basis: 'observed_rate' };
    expect(switchEta(progress({ bandwidthMbps: null, remaining: 20, completedRecently: 10 }))).toEqual(
      expected,
    );
    expect(switchEta(progress({ remainingBytes: null, remaining: 20, completedRecently: 10 }))).toEqual(
      expected,
    );
  });

  it('unknown (null) with neither a link nor an observed rate', () => {
    expect(switchEta(progress({ bandwidthMbps: null, completedRecently: 0 }))).toBeNull();
  });
});
