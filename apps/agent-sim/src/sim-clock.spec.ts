import { formatSimTime, SimClock, sleepReal } from './sim-clock';

describe('SimClock', () => {
  it('at speed 60 a 2-minute poll interval takes 2 s and a 10-minute prompt 10 s (D2, D10)', () => {
    const clock = new SimClock(60, () => 0);
    expect(clock.toRealMs(120_000)).toBe(2000);
    expect(clock.toRealMs(10 * 60_000)).toBe(10_000);
    expect(clock.toSimMs(1000)).toBe(60_000);
  });

  it('runs simulated time speed times faster than the wall clock', () => {
    let real = 1000;
    const clock = new SimClock(30, () => real);
    expect(clock.now()).toBe(0);
    real += 2000;
    expect(clock.now()).toBe(60_000);
  });

  it('refuses a speed that is not a positive number', () => {
    expect(() => new SimClock(0)).toThrow('positive');
    expect(() => new SimClock(-1)).toThrow('positive');
    expect(() => new SimClock(Number.NaN)).toThrow('positive');
  });

  it('sleeps the scaled wall-clock time', async () => {
    const clock = new SimClock(1000);
    const started = performance.now();
    await expect(clock.sleep(50_000, new AbortController().signal)).resolves.toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('ends a sleep at once when the fleet stops', async () => {
    const abort = new AbortController();
    const sleeping = sleepReal(60_000, abort.signal);
    abort.abort();
    await expect(sleeping).resolves.toBe(false);
    await expect(sleepReal(10, abort.signal)).resolves.toBe(false);
  });

  it('formats simulated time as h:mm:ss', () => {
    expect(formatSimTime(0)).toBe('0:00:00');
    expect(formatSimTime(3_723_000)).toBe('1:02:03');
  });
});
