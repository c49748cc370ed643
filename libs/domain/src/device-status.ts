import { type LifecycleFacts, nextAction, retryRequested } from './next-action';
import { isReadyForCommands } from './policy';
import type { DeviceStatus } from './vocabulary';

// D4, D7–D9, D11: what decides a device's status; the API stores the result in device.status and
// re-derives it on every change of these inputs and, for time-driven changes, on a periodic sweep.
export interface DeviceStatusInput extends LifecycleFacts {
  pollIntervalSeconds: number;
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  /** D9: as last reported by the client part; null until it reported. */
  locked: boolean | null;
  userSignedIn: boolean | null;
  /** D11: set while the device's switch waits for a transfer slot. */
  waitingForSlotSince: Date | null;
}

/**
 * D5, D9: the status of a device that has a CREATE_PROFILE due now (a partner just queued one), by
 * whether it is ready for commands: the set-based partner actions write it from this table.
 */
export const STATUS_WITH_PROFILE_COMMAND_DUE: Readonly<Record<'ready' | 'notReady', DeviceStatus>> = {
  ready: 'creating_profile',
  notReady: 'waiting_for_device',
};

export function deriveDeviceStatus(input: DeviceStatusInput, now: Date): DeviceStatus {
  const { outstanding } = input;
  if (input.switchedAt !== null) return 'completed';
  const next = nextAction(input, now);
  if (next.running !== null) return next.running === 'CREATE_PROFILE' ? 'creating_profile' : 'switching';
  if (next.due === null) {
    // D4: a retry scheduled for later leaves the device failed until then.
    if (outstanding !== null)
      return outstanding.type === 'CREATE_PROFILE' ? 'profile_failed' : 'profile_ready';
    // D4, D10: failed with no automatic retry left ("manual retry required"); D13: a device that never
    // failed waits for an address (MAILBOX_UNKNOWN) as enrolled
    if (input.profileCreatedAt === null) return input.errorCode === null ? 'enrolled' : 'profile_failed';
    if (input.errorCode !== null) return 'switch_failed';
    // D8: the user delayed the switch; D7: before C + 10 min the profile waits for cutover.
    return input.switchNotBefore !== null && next.wakeAt?.getTime() === input.switchNotBefore.getTime()
      ? 'deferred'
      : 'profile_ready';
  }
  const ready = isReadyForCommands({
    now,
    pollIntervalSeconds: input.pollIntervalSeconds,
    clientLastSeenAt: input.clientLastSeenAt,
    locked: input.locked,
    userSignedIn: input.userSignedIn,
  });
  if (!ready) {
    // Nothing is known about a device that never checked in yet: it is just enrolled.
    const neverSeen = input.clientLastSeenAt === null && input.serviceLastSeenAt === null;
    if (neverSeen && outstanding === null && !retryRequested(input)) return 'enrolled';
    return next.due.type === 'CREATE_PROFILE'
      ? STATUS_WITH_PROFILE_COMMAND_DUE.notReady
      : 'waiting_for_device';
  }
  // the first CREATE_PROFILE of a ready device is created by its next poll; a retry (D4, D5) is being created
  if (next.due.type === 'CREATE_PROFILE')
    return outstanding === null && !retryRequested(input)
      ? 'enrolled'
      : STATUS_WITH_PROFILE_COMMAND_DUE.ready;
  // D11: past the migration's cap the switch waits its turn; otherwise it starts on the next poll.
  return input.waitingForSlotSince !== null ? 'queued_for_bandwidth' : 'profile_ready';
}
