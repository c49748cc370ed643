import { SCENARIO_NAMES, SCENARIOS, resolveScenario } from '.';
import { AGENT_ERROR_CODES, sampleErrorCode, validateScenario, type ErrorRates } from './scenario';

const sum = (rates: ErrorRates) => Object.values(rates).reduce((a, b) => a + (b ?? 0), 0);

describe('scenarios', () => {
  it('has the presets demo, load and cutover-night, all valid', () => {
    expect(SCENARIO_NAMES).toEqual(['demo', 'load', 'cutover-night']);
    for (const name of SCENARIO_NAMES) expect(() => validateScenario(SCENARIOS[name])).not.toThrow();
  });

  it('demo is the realistic mix: 5% offline, 10% late, 8% old Outlook, 10% profile failures, 3% service unreachable', () => {
    const demo = SCENARIOS.demo;
    expect(demo.offlineRate).toBe(0.05);
    expect(demo.lateRate).toBe(0.1);
    expect(demo.oldOutlookRate).toBe(0.08);
    expect(sum(demo.createProfile.failureRates)).toBeCloseTo(0.1);
    expect(Object.keys(demo.createProfile.failureRates).length).toBeGreaterThan(2);
    expect(demo.switchProfile.deferRate).toBeGreaterThan(0);
    expect(demo.serviceUnreachableRate).toBe(0.03);
    // D13: a few PCs tight on disk, a handful of users without an email
    expect(demo.tightDiskRate).toBe(0.05);
    expect(demo.noEmailRate).toBe(0.02);
  });

  it('DISK_FULL is never a random switch failure: no preset draws it, and a scenario that asks is refused', () => {
    for (const name of SCENARIO_NAMES)
      expect(SCENARIOS[name].switchProfile.failureRates.DISK_FULL ?? 0).toBe(0);
    expect(() => resolveScenario('demo', { switchFailureRates: { DISK_FULL: 0.01 } })).toThrow(
      'DISK_FULL is not drawn at random, it follows from the disk figures',
    );
    // a rate of 0 says the same as none
    expect(() => resolveScenario('demo', { switchFailureRates: { DISK_FULL: 0 } })).not.toThrow();
  });

  it('refuses bad disk settings: rates, an empty size list, a tight floor of 5 GiB or more', () => {
    expect(() =>
      resolveScenario({
        ...SCENARIOS.demo,
        tightDiskRate: 2,
        noEmailRate: -1,
        diskSizesBytes: [],
        tightFreeMinBytes: 5 * 2 ** 30,
        pop3LocalDataBytes: [3, 1],
      }),
    ).toThrow(
      /noEmailRate must be between 0 and 1[\s\S]*pop3LocalDataBytes must be a range[\s\S]*diskSizesBytes must list at least one size[\s\S]*tightDiskRate must be between 0 and 1[\s\S]*tightFreeMinBytes must be > 0 and < 5 GiB/,
    );
  });

  it('load has no failures, no offline or late PCs, and never locks', () => {
    const load = SCENARIOS.load;
    expect(sum(load.createProfile.failureRates) + sum(load.switchProfile.failureRates)).toBe(0);
    expect(
      load.offlineRate + load.lateRate + load.serviceUnreachableRate + load.switchProfile.deferRate,
    ).toBe(0);
    expect(load.session.meanActiveMinutes).toBe(Infinity);
  });

  it('applies overrides and replaces the failure rates', () => {
    const s = resolveScenario('demo', {
      devices: 7,
      speed: 600,
      createFailureRates: { DISK_FULL: 0.5 },
      deferRate: 0,
    });
    expect(s.devices).toBe(7);
    expect(s.speed).toBe(600);
    expect(s.createProfile.failureRates).toEqual({ DISK_FULL: 0.5 });
    expect(s.switchProfile.deferRate).toBe(0);
    expect(s.switchProfile.failureRates).toEqual(SCENARIOS.demo.switchProfile.failureRates);
    // undefined overrides keep the preset
    expect(resolveScenario('demo', { devices: undefined }).devices).toBe(SCENARIOS.demo.devices);
  });

  it('refuses an unknown scenario with the list of names', () => {
    expect(() => resolveScenario('nope')).toThrow('Choose one of: demo, load, cutover-night');
  });

  it('lists every bad value at once', () => {
    expect(() =>
      resolveScenario('demo', {
        offlineRate: 1.5,
        createFailureRates: {
          AUTODISCOVER_FAILED: 0.7,
          DISK_FULL: 0.6,
          SERVICE_UNREACHABLE: 0.1,
        } as ErrorRates,
      }),
    ).toThrow(
      /offlineRate must be between 0 and 1[\s\S]*SERVICE_UNREACHABLE is not a code an agent sends[\s\S]*add up to 1\.400/,
    );
  });
});

describe('sampleErrorCode', () => {
  it('walks the codes in catalogue order, whatever order the rates were written in', () => {
    const rates: ErrorRates = { NETWORK_UNAVAILABLE: 0.1, CREDENTIAL_PROMPT_TIMEOUT: 0.2 };
    expect(sampleErrorCode(rates, 0)).toBe('CREDENTIAL_PROMPT_TIMEOUT');
    expect(sampleErrorCode(rates, 0.19)).toBe('CREDENTIAL_PROMPT_TIMEOUT');
    expect(sampleErrorCode(rates, 0.2)).toBe('NETWORK_UNAVAILABLE');
    expect(sampleErrorCode(rates, 0.29)).toBe('NETWORK_UNAVAILABLE');
    expect(sampleErrorCode(rates, 0.31)).toBeNull();
    expect(sampleErrorCode({}, 0)).toBeNull();
  });

  it('only knows the codes of the agent protocol', () => {
    expect(AGENT_ERROR_CODES).toEqual([
      'CREDENTIAL_PROMPT_TIMEOUT',
      'OUTLOOK_OUTDATED',
      'AUTODISCOVER_FAILED',
      'PROFILE_CREATION_FAILED',
      'OUTLOOK_RUNNING_AS_ADMIN',
      'DISK_FULL',
      'DATA_TRANSFER_FAILED',
      'NETWORK_UNAVAILABLE',
    ]);
  });
});
