const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

// D4: near cutover a failed profile creation is retried after 39 minutes.
export const RETRY_NEAR_CUTOVER_MS = 39 * MINUTE_MS;
// D4: away from cutover it is retried after 4 hours.
export const RETRY_FAR_MS = 4 * HOUR_MS;
// D4: "near" means within 6 hours before or after cutover, both ends included.
export const RETRY_NEAR_WINDOW_MS = 6 * HOUR_MS;
// D4: no automatic retry is ever scheduled later than C + 24 h.
export const RETRY_GIVE_UP_AFTER_CUTOVER_MS = 24 * HOUR_MS;

// D4: when to retry a CREATE_PROFILE that failed at failedAt; null means "manual retry required".
export function nextRetryAt({ failedAt, cutoverAt }: { failedAt: Date; cutoverAt: Date }): Date | null {
  const sinceCutover = failedAt.getTime() - cutoverAt.getTime();
  const giveUpAt = cutoverAt.getTime() + RETRY_GIVE_UP_AFTER_CUTOVER_MS;
  // D4: a failure more than 24 h after cutover gets no automatic retry.
  if (sinceCutover > RETRY_GIVE_UP_AFTER_CUTOVER_MS) return null;
  const delay = Math.abs(sinceCutover) <= RETRY_NEAR_WINDOW_MS ? RETRY_NEAR_CUTOVER_MS : RETRY_FAR_MS;
  const retryAt = failedAt.getTime() + delay;
  // D4: a retry that would fall after C + 24 h is not scheduled.
  return retryAt > giveUpAt ? null : new Date(retryAt);
}
