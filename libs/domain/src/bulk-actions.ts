import type { BulkAction, BulkSkipReason } from './contracts/partner-api';
import { isOnline } from './policy';

/** What the rules know about a selected device (each fact is also an SQL expression in the API). */
export interface BulkFacts {
  /** The device is in this migration of the caller's partner. */
  found: boolean;
  /** D7: the switch succeeded. */
  completed: boolean;
  /** D4: CREATE_PROFILE succeeded. */
  profileCreated: boolean;
  /** D5: a CREATE_PROFILE is running or due now, or the partner's retry request is pending (a later automatic retry is not). */
  profileCommandPending: boolean;
  /** D14: a SWITCH_PROFILE is outstanding (queued or running), or the partner's retry request is pending. */
  switchCommandPending: boolean;
  /** D14: the last SWITCH_PROFILE failed (the device shows switch_failed). */
  switchFailed: boolean;
}
export type BulkFact = keyof BulkFacts;

/** A device is skipped with `reason` when `fact` is `is`; the first rule that applies wins. */
export interface SkipRule {
  reason: BulkSkipReason;
  fact: BulkFact;
  is: boolean;
}

/**
 * D5, D14: the skip rules of each action, in order. One table decides it everywhere: the preview
 * and the action (the API generates its one SQL query from it) and the single-device answer below.
 */
export const BULK_SKIP_RULES: Readonly<Record<BulkAction, readonly SkipRule[]>> = {
  // D5: any device whose profile is not created gets a CREATE_PROFILE now, unless one is already pending
  'retry-profile-creation': [
    { reason: 'not_found', fact: 'found', is: false },
    { reason: 'already_completed', fact: 'completed', is: true },
    { reason: 'profile_already_created', fact: 'profileCreated', is: true },
    { reason: 'retry_already_queued', fact: 'profileCommandPending', is: true },
  ],
  // D14: only a failed switch is retried; every other device says why not
  'retry-switch': [
    { reason: 'not_found', fact: 'found', is: false },
    { reason: 'already_completed', fact: 'completed', is: true },
    { reason: 'profile_not_created', fact: 'profileCreated', is: false },
    { reason: 'switch_already_queued', fact: 'switchCommandPending', is: true },
    { reason: 'switch_not_failed', fact: 'switchFailed', is: false },
  ],
};

/** D5, D14: why this device is skipped by the action, or null when the action applies to it. */
export function bulkSkipReason(action: BulkAction, facts: BulkFacts): BulkSkipReason | null {
  for (const rule of BULK_SKIP_RULES[action]) if (facts[rule.fact] === rule.is) return rule.reason;
  return null;
}

// D17: when a queued command is expected to be taken.
export const PICKUP_WHEN = ['now', 'within_poll_interval', 'when_online'] as const;
export type PickupWhen = (typeof PICKUP_WHEN)[number];

/**
 * D17: a device holding a long poll takes its command now; an online one (D2) at its last check-in
 * plus its poll interval; an offline one when it comes online (unknown: null). Commands go to the
 * client part (D9), so its check-in is the one that counts.
 */
export function expectedPickup({
  now,
  holdingPollUntil,
  clientLastSeenAt,
  pollIntervalSeconds,
}: {
  now: Date;
  /** Until when the client part holds a long poll (null: not holding one). */
  holdingPollUntil: Date | null;
  clientLastSeenAt: Date | null;
  pollIntervalSeconds: number;
}): { when: PickupWhen; at: Date | null } {
  if (holdingPollUntil !== null && holdingPollUntil > now) return { when: 'now', at: now };
  if (clientLastSeenAt === null || !isOnline({ lastSeenAt: clientLastSeenAt, now, pollIntervalSeconds }))
    return { when: 'when_online', at: null };
  const at = new Date(clientLastSeenAt.getTime() + pollIntervalSeconds * 1000);
  // a device that is late for its poll is expected any moment
  return { when: 'within_poll_interval', at: at < now ? now : at };
}
