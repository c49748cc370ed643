import { createRandom } from './random';

const draw = (seed: string | number, n = 5) => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('createRandom', () => {
  it('gives the same sequence for the same seed (reproducible runs)', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw('42')).toEqual(draw(42));
  });

  it('gives different sequences for different seeds', () => {
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('forks independent streams by label without advancing the parent', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const forkA = a.fork('device-3');
    expect(a.next()).toBe(b.next());
    expect(forkA.next()).toBe(createRandom(7).fork('device-3').next());
    expect(createRandom(7).fork('device-3').next()).not.toBe(createRandom(7).fork('device-4').next());
  });

  it('stays inside the bounds it is given', () => {
    const random = createRandom('bounds');
    for (let i = 0; i < 10_000; i++) {
      const u = random.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const n = random.int(3, 5);
      expect([3, 4, 5]).toContain(n);
      const f = random.float(10, 20);
      expect(f).toBeGreaterThanOrEqual(10);
      expect(f).toBeLessThan(20);
      const l = random.logUniform(1e6, 1e9);
      expect(l).toBeGreaterThanOrEqual(1e6);
      expect(l).toBeLessThan(1e9);
    }
  });

  it('is roughly uniform and chance(p) hits about p of the time', () => {
    const random = createRandom('uniform');
    const n = 20_000;
    let sum = 0;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      sum += random.next();
      if (random.chance(0.1)) hits++;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(hits / n).toBeGreaterThan(0.09);
    expect(hits / n).toBeLessThan(0.11);
    expect(random.chance(0)).toBe(false);
  });

  it('draws exponential durations with the given mean; Infinity never ends', () => {
    const random = createRandom('exp');
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += random.exponential(10);
    expect(sum / n).toBeGreaterThan(9.5);
    expect(sum / n).toBeLessThan(10.5);
    expect(random.exponential(Infinity)).toBe(Infinity);
  });

  it('pick() refuses an empty list', () => {
    expect(() => createRandom(1).pick([])).toThrow('at least one');
  });
});
