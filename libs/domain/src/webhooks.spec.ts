import {
  WEBHOOK_MAX_RETRY_DELAY_MS,
  WEBHOOK_RETRY_WINDOW_MS,
  WEBHOOK_TIMEOUT_MS,
  webhookNextAttempt,
  webhookRetryDelayMs,
} from './webhooks';

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
const CREATED = new Date('2025-03-07T22:00:00.000Z');
const at = (offsetMs: number): Date => new Date(CREATED.getTime() + offsetMs);
const LOW = (): number => 0;
const HIGH = (): number => 0.999999;

// Attempts a delivery gets if every attempt fails instantly: the first one at creation, then every retry due.
function attemptTimes(random: () => number): number[] {
  const times = [0];
  for (let failed = 1; ; failed++) {
    const next = webhookNextAttempt({
      createdAt: CREATED,
      failedAttempts: failed,
      now: at(times.at(-1)!),
      random,
    });
    if (next === null) return times;
    times.push(next.getTime() - CREATED.getTime());
  }
}

describe('webhook constants', () => {
  it('D18: an attempt times out after 10 s and a delivery is retried for 24 h', () => {
    expect(WEBHOOK_TIMEOUT_MS).toBe(10 * S);
    expect(WEBHOOK_RETRY_WINDOW_MS).toBe(24 * H);
    expect(WEBHOOK_MAX_RETRY_DELAY_MS).toBe(H);
  });
});

describe('webhookRetryDelayMs', () => {
  it.each<[number, number, number]>([
    // [failed attempts, delay with random 0, delay with random 0.999999]
    [1, 5 * S, 10 * S - 1],
    [2, 10 * S, 20 * S - 1],
    [3, 20 * S, 40 * S - 1],
    [4, 40 * S, 80 * S - 1],
    [5, 80 * S, 160 * S - 1],
    [6, 160 * S, 320 * S - 1],
    [7, 320 * S, 640 * S - 1],
    [8, 640 * S, 1_280 * S - 1],
    // floor(1_280_000 × 1.999999) = 2_559_998
    [9, 1_280 * S, 2_560 * S - 2],
    // 2_560 s with no jitter fits under 1 h; with jitter it reaches the cap
    [10, 2_560 * S, H],
    [11, H, H],
    [12, H, H],
  ])('D18: after %i failed attempt(s) the retry waits %i–%i ms', (failed, low, high) => {
    expect(webhookRetryDelayMs(failed, LOW)).toBe(low);
    expect(webhookRetryDelayMs(failed, HIGH)).toBe(high);
  });

  it('D18: the first retry is 5–10 s later, the jitter scaling it linearly', () => {
    expect(webhookRetryDelayMs(1, () => 0.5)).toBe(7_500);
    expect(webhookRetryDelayMs(2, () => 0.5)).toBe(15_000);
  });

  it('D18: with jitter the 10th retry is capped at 1 h from random 0.40625 on', () => {
    expect(webhookRetryDelayMs(10, () => 0.40625)).toBe(H);
    expect(webhookRetryDelayMs(10, () => 0.40624)).toBe(H - 26);
  });

  it('D18: the delay never exceeds 1 h, however many attempts failed', () => {
    for (const failed of [13, 50, 1_024, 10_000]) {
      expect(webhookRetryDelayMs(failed, LOW)).toBe(H);
      expect(webhookRetryDelayMs(failed, HIGH)).toBe(H);
    }
  });

  it.each([0, -1, 1.5, Number.NaN])(
    'refuses %p failed attempts: the first retry follows the 1st failure',
    (n) => {
      expect(() => webhookRetryDelayMs(n, LOW)).toThrow(RangeError);
    },
  );
});

describe('webhookNextAttempt', () => {
  it.each<[string, number, number, number | null]>([
    // [case, failed attempts, failure offset from creation, expected next attempt offset (null: give up)]
    ['D18: the first attempt failed at creation: retry 5 s later', 1, 0, 5 * S],
    ['D18: the 11th attempt failed after 5 h: retry 1 h later', 11, 5 * H, 6 * H],
    ['D18: a retry falling at exactly creation + 24 h is still made', 11, 23 * H, 24 * H],
    ['D18: a retry falling 1 ms after creation + 24 h is not: failed', 11, 23 * H + 1, null],
    ['D18: a retry falling 1 ms before creation + 24 h is made', 11, 23 * H - 1, 24 * H - 1],
    ['D18: a short retry at exactly creation + 24 h is still made', 1, 24 * H - 5 * S, 24 * H],
    ['D18: a short retry 1 ms past creation + 24 h is not: failed', 1, 24 * H - 5 * S + 1, null],
    ['D18: an attempt that failed after the window gets no retry', 1, 24 * H + 1, null],
  ])('%s', (_name, failed, failedOffset, expectedOffset) => {
    const expected = expectedOffset === null ? null : at(expectedOffset);
    expect(
      webhookNextAttempt({ createdAt: CREATED, failedAttempts: failed, now: at(failedOffset), random: LOW }),
    ).toEqual(expected);
  });

  it('D18: the jitter moves the give-up edge with the delay', () => {
    const now = at(24 * H - 10 * S + 1);
    expect(webhookNextAttempt({ createdAt: CREATED, failedAttempts: 1, now, random: HIGH })).toEqual(
      at(24 * H),
    );
    const later = at(24 * H - 10 * S + 2);
    expect(
      webhookNextAttempt({ createdAt: CREATED, failedAttempts: 1, now: later, random: HIGH }),
    ).toBeNull();
  });

  it('D18: a delivery failing every time gets 33 attempts in 24 h without jitter', () => {
    const times = attemptTimes(LOW);
    expect(times).toHaveLength(33);
    // 10 growing delays add up to 5 115 s, then 22 retries 1 h apart
    expect(times.slice(0, 11)).toEqual(
      [0, 5, 15, 35, 75, 155, 315, 635, 1_275, 2_555, 5_115].map((s) => s * S),
    );
    expect(times.at(-1)).toBe(5_115 * S + 22 * H);
  });

  it('D18: a delivery failing every time gets 32 attempts in 24 h with the most jitter', () => {
    const times = attemptTimes(HIGH);
    expect(times).toHaveLength(32);
    expect(times.at(-1)).toBeLessThanOrEqual(24 * H);
    expect(times.at(-1)! + H).toBeGreaterThan(24 * H);
  });

  it('D18: every attempt happens within 24 h of creation, whatever the jitter', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 0.999999]) {
      const times = attemptTimes(() => r);
      expect(times.length).toBeGreaterThanOrEqual(32);
      expect(times.length).toBeLessThanOrEqual(33);
      expect(times.every((t) => t >= 0 && t <= 24 * H)).toBe(true);
    }
  });
});
