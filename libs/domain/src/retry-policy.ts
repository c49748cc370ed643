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

// Failures an automatic retry would only repeat: the partner retries them from the Devices tab.
// D10: a prompt went unanswered; or the agent never reported a result (lease-expiry limit).
const MANUAL_ONLY: Readonly<Record<string, 'credential_prompt_timeout' | 'no_result_from_agent'>> = {
  CREDENTIAL_PROMPT_TIMEOUT: 'credential_prompt_timeout',
  NO_RESULT_FROM_AGENT: 'no_result_from_agent',
};

export type AfterProfileFailure =
  | { retryAt: Date; manualRetryRequired: false; reason: null }
  | {
      retryAt: null;
      manualRetryRequired: true;
      reason: 'retry_window_closed' | 'credential_prompt_timeout' | 'no_result_from_agent';
    };

/**
 * D4 with D10 folded in: what follows a CREATE_PROFILE that failed with errorCode at failedAt, with the
 * cutover at cutoverAt: an automatic retry at retryAt, or "manual retry required" and why. The same
 * answer serves a fresh failure and the recomputation after the cutover moved.
 */
export function afterProfileFailure({
  errorCode,
  failedAt,
  cutoverAt,
}: {
  errorCode: string;
  failedAt: Date;
  cutoverAt: Date;
}): AfterProfileFailure {
  // D10: nobody answered the prompt (the partner retries when the user is at the PC); or the agent never answered
  const manual = MANUAL_ONLY[errorCode];
  if (manual !== undefined) return { retryAt: null, manualRetryRequired: true, reason: manual };
  const retryAt = nextRetryAt({ failedAt, cutoverAt });
  return retryAt === null
    ? { retryAt: null, manualRetryRequired: true, reason: 'retry_window_closed' }
    : { retryAt, manualRetryRequired: false, reason: null };
}
