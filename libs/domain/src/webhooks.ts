const SECOND_MS = 1_000;
const HOUR_MS = 3_600 * SECOND_MS;

// D18: a delivery attempt that has not answered within 10 s has failed.
export const WEBHOOK_TIMEOUT_MS = 10 * SECOND_MS;
// D18: a delivery is retried for 24 hours after it was created, then it has failed for good.
export const WEBHOOK_RETRY_WINDOW_MS = 24 * HOUR_MS;
// D18: the first retry comes 5–10 s after the first failed attempt (the base, plus up to one base of jitter).
export const WEBHOOK_FIRST_RETRY_MS = 5 * SECOND_MS;
// D18: the delay doubles after every failed attempt but never exceeds 1 hour.
export const WEBHOOK_MAX_RETRY_DELAY_MS = HOUR_MS;

/**
 * D18: how long to wait after the failedAttempts-th failed attempt: 5–10 s after the first, 10–20 s after the
 * second, doubling each time, never more than 1 h. The jitter (random in [0, 1), injected so tests are exact)
 * spreads the retries of many deliveries that failed together.
 */
export function webhookRetryDelayMs(failedAttempts: number, random: () => number): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) {
    throw new RangeError(`failedAttempts must be a whole number from 1, got ${failedAttempts}`);
  }
  // 2 ** n is Infinity for large n, which the cap below turns into 1 h
  const base = WEBHOOK_FIRST_RETRY_MS * 2 ** (failedAttempts - 1);
  return Math.min(Math.floor(base * (1 + random())), WEBHOOK_MAX_RETRY_DELAY_MS);
}

/**
 * D18: when to make the next attempt of a delivery created at createdAt whose failedAttempts-th attempt just
 * failed at now; null means "give up": the next attempt would fall after createdAt + 24 h (exactly 24 h is
 * still allowed).
 */
export function webhookNextAttempt({
  createdAt,
  failedAttempts,
  now,
  random,
}: {
  createdAt: Date;
  failedAttempts: number;
  now: Date;
  random: () => number;
}): Date | null {
  const nextAt = now.getTime() + webhookRetryDelayMs(failedAttempts, random);
  return nextAt > createdAt.getTime() + WEBHOOK_RETRY_WINDOW_MS ? null : new Date(nextAt);
}
