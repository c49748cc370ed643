import { createRandom } from './random';
import { resolveScenario } from './scenarios';
import { SessionTimeline, sessionReport } from './session';

const MINUTE = 60_000;

describe('SessionTimeline (D9)', () => {
  it('never leaves the active state when active periods never end (load)', () => {
    const timeline = new SessionTimeline(resolveScenario('load').session, createRandom(1));
    for (let t = 0; t < 48 * 60 * MINUTE; t += 7 * MINUTE) expect(timeline.at(t)).toBe('active');
  });

  it('cutover night: most sessions start locked or signed out and open in the morning window', () => {
    const pattern = resolveScenario('cutover-night').session;
    const timelines = Array.from({ length: 1000 }, (_, i) => new SessionTimeline(pattern, createRandom(i)));
    const atNight = timelines.map((t) => t.at(0));
    const away = atNight.filter((s) => s !== 'active').length / 1000;
    expect(away).toBeCloseTo(pattern.initialLocked + pattern.initialSignedOut, 1);
    const morning = timelines.map((t) => t.at(pattern.initialEndsMinutes[1] * MINUTE));
    expect(morning.filter((s) => s === 'active').length / 1000).toBeGreaterThan(0.8);
  });

  it('alternates active and locked/signed-out periods reproducibly', () => {
    const pattern = resolveScenario('demo').session;
    const states = (seed: number) => {
      const timeline = new SessionTimeline(pattern, createRandom(seed));
      return Array.from({ length: 600 }, (_, i) => timeline.at(i * MINUTE));
    };
    const day = states(5);
    expect(day).toEqual(states(5));
    expect(new Set(day)).toEqual(new Set(['active', 'locked', 'signed_out']));
  });

  it('reports locked and signed-in as the poll body says', () => {
    expect(sessionReport('active')).toEqual({ locked: false, userSignedIn: true });
    expect(sessionReport('locked')).toEqual({ locked: true, userSignedIn: true });
    expect(sessionReport('signed_out')).toEqual({ locked: false, userSignedIn: false });
  });
});
