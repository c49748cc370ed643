import type { AgentComponent, MigrationType } from './vocabulary';

// D2: agents poll every 2 minutes unless a poll reply says otherwise.
export const DEFAULT_POLL_INTERVAL_SECONDS = 120;
// D1/D2: a part counts as online while it polled within the last 3 intervals.
export const ONLINE_WINDOW_INTERVALS = 3;
// Agent protocol: a delivered command is leased for 15 minutes; a progress report extends it.
export const COMMAND_LEASE_MS = 15 * 60_000;
// D7: SWITCH_PROFILE is due from C + 10 min.
export const SWITCH_DELAY_AFTER_CUTOVER_MS = 10 * 60_000;
// D8: a deferred switch is offered again no earlier than 10 minutes later.
export const DEFER_DELAY_MS = 10 * 60_000;
// D10: an unanswered prompt during profile creation fails it after 10 minutes.
export const CREDENTIAL_PROMPT_TIMEOUT_MS = 10 * 60_000;
// D11: POP3 migrations move mail data at cutover, so they get a transfer cap by default.
export const POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS = 10;

// Agent protocol (delivery at least once), bounded: a command redelivered this many times without a result stops.
export const DEFAULT_COMMAND_MAX_DELIVERIES = 5;

// What follows a lease that ran out with no result: delivery again, or, past the limit, give up (NO_RESULT_FROM_AGENT).
export function afterLeaseExpired({
  deliveryCount,
  maxDeliveries = DEFAULT_COMMAND_MAX_DELIVERIES,
}: {
  deliveryCount: number;
  maxDeliveries?: number;
}): 'redeliver' | 'give_up' {
  return deliveryCount >= maxDeliveries ? 'give_up' : 'redeliver';
}

// D2: how far back a poll still counts as "online".
export function onlineWindowMs(pollIntervalSeconds: number): number {
  return ONLINE_WINDOW_INTERVALS * pollIntervalSeconds * 1000;
}

// D2: the oldest check-in that still counts as online at `now` (SQL compares last-seen times with it).
export function onlineSince({ now, pollIntervalSeconds }: { now: Date; pollIntervalSeconds: number }): Date {
  return new Date(now.getTime() - onlineWindowMs(pollIntervalSeconds));
}

// D2: online when seen within the last 3 poll intervals; never seen means offline.
export function isOnline({
  lastSeenAt,
  now,
  pollIntervalSeconds = DEFAULT_POLL_INTERVAL_SECONDS,
}: {
  lastSeenAt: Date | null;
  now: Date;
  pollIntervalSeconds?: number;
}): boolean {
  if (lastSeenAt === null) return false;
  return now.getTime() - lastSeenAt.getTime() <= onlineWindowMs(pollIntervalSeconds);
}

// D1: the client part checks in but the service part has not for more than 3 intervals (or never).
// A never-seen service part is measured from enrolledAt when given, so a fresh enrollment does not flash the alert.
export function isServiceUnreachable({
  clientLastSeenAt,
  serviceLastSeenAt,
  now,
  pollIntervalSeconds = DEFAULT_POLL_INTERVAL_SECONDS,
  enrolledAt = null,
}: {
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  now: Date;
  pollIntervalSeconds?: number;
  enrolledAt?: Date | null;
}): boolean {
  if (!isOnline({ lastSeenAt: clientLastSeenAt, now, pollIntervalSeconds })) return false;
  const serviceReference = serviceLastSeenAt ?? enrolledAt;
  return !isOnline({ lastSeenAt: serviceReference, now, pollIntervalSeconds });
}

// D9: a poll may receive commands only from the client part, reporting itself unlocked with a user signed in.
export function pollEligibility({
  component,
  session,
}: {
  component: AgentComponent;
  session?: { locked: boolean; userSignedIn: boolean } | null;
}): boolean {
  return component === 'client' && session?.locked === false && session.userSignedIn === true;
}

// D9: commands go only to a client part that is online (D2) and last reported itself unlocked and signed in.
export function isReadyForCommands(input: {
  now: Date;
  pollIntervalSeconds: number;
  clientLastSeenAt: Date | null;
  locked: boolean | null;
  userSignedIn: boolean | null;
}): boolean {
  return (
    input.locked === false &&
    input.userSignedIn === true &&
    isOnline({
      lastSeenAt: input.clientLastSeenAt,
      now: input.now,
      pollIntervalSeconds: input.pollIntervalSeconds,
    })
  );
}

// Agent protocol: a command handed out at `now` is leased until this (a progress report at `now` extends it the same way).
export function leaseExpiresAt(now: Date): Date {
  return new Date(now.getTime() + COMMAND_LEASE_MS);
}

// D8: a switch the user deferred at `now` is offered again no earlier than this.
export function switchDeferredUntil(now: Date): Date {
  return new Date(now.getTime() + DEFER_DELAY_MS);
}

// D11: a POP3 migration gets a transfer cap unless the partner sets one; other types are uncapped (null).
export function defaultMaxConcurrentTransfers(type: MigrationType): number | null {
  return type === 'pop3' ? POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS : null;
}
