import { BULK_SKIP_RULES, type BulkFacts, bulkSkipReason, expectedPickup } from './bulk-actions';
import type { BulkSkipReason } from './contracts/partner-api';

const failedProfile: BulkFacts = {
  found: true,
  completed: false,
  profileCreated: false,
  profileCommandPending: false,
  switchCommandPending: false,
  switchFailed: false,
};
const failedSwitch: BulkFacts = { ...failedProfile, profileCreated: true, switchFailed: true };

describe('bulkSkipReason', () => {
  it.each<[string, Partial<BulkFacts>, BulkSkipReason | null]>([
    ['D5: a device whose profile creation failed is retried', {}, null],
    ['D5: not in this migration (or another partner’s): not_found', { found: false }, 'not_found'],
    ['D5: switched already', { completed: true, profileCreated: true }, 'already_completed'],
    ['D5: profile created', { profileCreated: true }, 'profile_already_created'],
    ['D5: a retry already pending: no second one', { profileCommandPending: true }, 'retry_already_queued'],
    ['D5: not_found wins over everything', { found: false, completed: true }, 'not_found'],
  ])('retry-profile-creation: %s', (_name, overrides, expected) => {
    expect(bulkSkipReason('retry-profile-creation', { ...failedProfile, ...overrides })).toBe(expected);
  });

  it.each<[string, Partial<BulkFacts>, BulkSkipReason | null]>([
    ['D14: a failed switch is retried', {}, null],
    ['D14: not in this migration: not_found', { found: false }, 'not_found'],
    ['D14: switched already', { completed: true, switchFailed: false }, 'already_completed'],
    [
      'D14: no profile yet: nothing to switch',
      { profileCreated: false, switchFailed: false },
      'profile_not_created',
    ],
    ['D14: a switch queued or running already', { switchCommandPending: true }, 'switch_already_queued'],
    ['D14: waiting for cutover, not failed', { switchFailed: false }, 'switch_not_failed'],
  ])('retry-switch: %s', (_name, overrides, expected) => {
    expect(bulkSkipReason('retry-switch', { ...failedSwitch, ...overrides })).toBe(expected);
  });

  it('every rule names a fact of BulkFacts', () => {
    const facts = Object.keys(failedProfile);
    for (const rules of Object.values(BULK_SKIP_RULES))
      for (const rule of rules) expect(facts).toContain(rule.fact);
  });
});

describe('expectedPickup (D17)', () => {
  const now = new Date('2026-11-27T21:00:00.000Z');
  const ago = (s: number) => new Date(now.getTime() - s * 1000);
  it('D17: holding a long poll: now', () => {
    expect(
      expectedPickup({
        now,
        holdingPollUntil: new Date(now.getTime() + 1000),
        clientLastSeenAt: ago(1),
        pollIntervalSeconds: 120,
      }),
    ).toEqual({ when: 'now', at: now });
  });
  it('D17: online: last check-in plus the poll interval, exactly', () => {
    expect(
      expectedPickup({ now, holdingPollUntil: null, clientLastSeenAt: ago(30), pollIntervalSeconds: 120 }),
    ).toEqual({
      when: 'within_poll_interval',
      at: new Date(now.getTime() + 90_000),
    });
  });
  it('D17: a hold that ended is not "now"', () => {
    expect(
      expectedPickup({ now, holdingPollUntil: now, clientLastSeenAt: ago(30), pollIntervalSeconds: 120 })
        .when,
    ).toBe('within_poll_interval');
  });
  it('D17/D2: still online 6 min after its last check-in but late: expected any moment (now)', () => {
    expect(
      expectedPickup({ now, holdingPollUntil: null, clientLastSeenAt: ago(360), pollIntervalSeconds: 120 }),
    ).toEqual({
      when: 'within_poll_interval',
      at: now,
    });
  });
  it('D17/D2: offline (6 min + 1 ms) or never seen: when it comes online, unknown time', () => {
    const offline = new Date(now.getTime() - 360_001);
    expect(
      expectedPickup({ now, holdingPollUntil: null, clientLastSeenAt: offline, pollIntervalSeconds: 120 }),
    ).toEqual({
      when: 'when_online',
      at: null,
    });
    expect(
      expectedPickup({ now, holdingPollUntil: null, clientLastSeenAt: null, pollIntervalSeconds: 120 }).when,
    ).toBe('when_online');
  });
});
