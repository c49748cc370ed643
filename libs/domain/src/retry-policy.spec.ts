import { afterProfileFailure, nextRetryAt } from './retry-policy';

const C = new Date('2025-03-07T22:00:00.000Z');
const MIN = 60_000;
const H = 60 * MIN;
const at = (offsetMs: number): Date => new Date(C.getTime() + offsetMs);

describe('nextRetryAt', () => {
  it.each<[string, number, number | null]>([
    // [case, failure offset from C, expected retry offset from C (null: manual retry required)]
    ['D4: failure at exactly C retries 39 min later', 0, 39 * MIN],
    ['D4: failure exactly 6 h before C retries 39 min later', -6 * H, -6 * H + 39 * MIN],
    ['D4: failure exactly 6 h after C retries 39 min later', 6 * H, 6 * H + 39 * MIN],
    ['D4: failure 6 h + 1 ms before C retries 4 h later', -6 * H - 1, -2 * H - 1],
    ['D4: failure 6 h + 1 ms after C retries 4 h later', 6 * H + 1, 10 * H + 1],
    ['D4: failure days before C retries 4 h later', -3 * 24 * H, -3 * 24 * H + 4 * H],
    ['D4: failure at C + 20 h retries at exactly C + 24 h, the latest allowed', 20 * H, 24 * H],
    ['D4: failure at C + 20 h + 1 ms would retry past C + 24 h: manual retry', 20 * H + 1, null],
    ['D4: failure at C + 21 h would retry at C + 25 h: manual retry', 21 * H, null],
    ['D4: failure at C + 23 h 50 min would retry past C + 24 h: manual retry', 23 * H + 50 * MIN, null],
    ['D4: failure exactly 24 h after C would retry at C + 28 h: manual retry', 24 * H, null],
    ['D4: failure 24 h + 1 ms after C gets no automatic retry', 24 * H + 1, null],
    ['D4: failure a week after C gets no automatic retry', 7 * 24 * H, null],
  ])('%s', (_name, failedOffset, expectedOffset) => {
    const expected = expectedOffset === null ? null : at(expectedOffset);
    expect(nextRetryAt({ failedAt: at(failedOffset), cutoverAt: C })).toEqual(expected);
  });

  it('D4: a rescheduled cutover recomputes the retry from the new C', () => {
    const failedAt = at(-10 * H);
    expect(nextRetryAt({ failedAt, cutoverAt: C })).toEqual(at(-6 * H));
    expect(nextRetryAt({ failedAt, cutoverAt: at(-8 * H) })).toEqual(at(-10 * H + 39 * MIN));
  });
});

describe('afterProfileFailure', () => {
  it('D4: an ordinary failure near cutover is retried 39 min later', () => {
    expect(afterProfileFailure({ errorCode: 'AUTODISCOVER_FAILED', failedAt: at(0), cutoverAt: C })).toEqual({
      retryAt: at(39 * MIN),
      manualRetryRequired: false,
      reason: null,
    });
  });
  it('D10: CREDENTIAL_PROMPT_TIMEOUT is never retried automatically, even far from cutover', () => {
    expect(
      afterProfileFailure({ errorCode: 'CREDENTIAL_PROMPT_TIMEOUT', failedAt: at(-48 * H), cutoverAt: C }),
    ).toEqual({ retryAt: null, manualRetryRequired: true, reason: 'credential_prompt_timeout' });
  });
  it('D4: a failure that leaves no retry before C + 24 h requires a manual retry', () => {
    expect(
      afterProfileFailure({ errorCode: 'UNKNOWN_ERROR', failedAt: at(20 * H + 1), cutoverAt: C }),
    ).toEqual({ retryAt: null, manualRetryRequired: true, reason: 'retry_window_closed' });
  });
  it('D4: the last failure that still fits retries exactly at C + 24 h', () => {
    expect(afterProfileFailure({ errorCode: 'UNKNOWN_ERROR', failedAt: at(20 * H), cutoverAt: C })).toEqual({
      retryAt: at(24 * H),
      manualRetryRequired: false,
      reason: null,
    });
  });
});

describe('afterProfileFailure: failures only the partner retries', () => {
  it('a command the agent never answered (delivery limit) requires a manual retry', () => {
    expect(
      afterProfileFailure({ errorCode: 'NO_RESULT_FROM_AGENT', failedAt: at(-48 * H), cutoverAt: C }),
    ).toEqual({
      retryAt: null,
      manualRetryRequired: true,
      reason: 'no_result_from_agent',
    });
  });
});
