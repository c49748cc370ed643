import { SWITCH_DELAY_AFTER_CUTOVER_MS, isOnline } from './policy';

// Shared vocabularies as const arrays (the API validates enums against them) with their union types.

export const DEVICE_STATUSES = [
  'enrolled',
  'creating_profile',
  'profile_failed',
  'profile_ready',
  'waiting_for_device',
  'queued_for_bandwidth',
  'switching',
  'deferred',
  'switch_failed',
  'completed',
] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const COMMAND_TYPES = ['CREATE_PROFILE', 'SWITCH_PROFILE'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export const COMMAND_STATES = [
  'queued',
  'delivered',
  'succeeded',
  'failed',
  'deferred',
  'superseded',
  'expired',
] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

export const MIGRATION_TYPES = ['exchange', 'imap', 'pop3', 'google'] as const;
export type MigrationType = (typeof MIGRATION_TYPES)[number];

export const PROGRESS_STAGES = [
  'closing_outlook',
  'creating_profile',
  'transferring_data',
  'reopening_outlook',
  'syncing',
] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];

export const RESULT_STATUSES = ['succeeded', 'failed', 'deferred'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

// D1: the client part runs as the signed-in user, the service part as Network Service.
export const AGENT_COMPONENTS = ['client', 'service'] as const;
export type AgentComponent = (typeof AGENT_COMPONENTS)[number];

export const DEVICE_STATUS_LABELS: Readonly<Record<DeviceStatus, string>> = {
  enrolled: 'Enrolled',
  creating_profile: 'Creating profile',
  profile_failed: 'Profile creation failed',
  profile_ready: 'Profile ready',
  waiting_for_device: 'Waiting for device',
  queued_for_bandwidth: 'Queued for bandwidth',
  switching: 'Switching',
  deferred: 'Deferred by user',
  switch_failed: 'Switch failed',
  completed: 'Completed',
};

export const LOCAL_DATA_SCOPES = ['mail_and_archives', 'archives'] as const;
export type LocalDataScope = (typeof LOCAL_DATA_SCOPES)[number];

// Migration types: POP3 keeps mail only on the PC, so it moves mail too; the others move PST archives only.
export function localDataScope(type: MigrationType): LocalDataScope {
  return type === 'pop3' ? 'mail_and_archives' : 'archives';
}

// D7: every migration type moves some local data at switch time (see localDataScope for what).
export function transferLocalData(_type: MigrationType): boolean {
  return true;
}

// D4, D7–D9, D11: what decides a device's status; the API stores the result in device.status and
// re-derives it on every change of these inputs and, for time-driven changes, on a periodic sweep.
export interface DeviceStatusInput {
  now: Date;
  cutoverAt: Date;
  pollIntervalSeconds: number;
  profileCreatedAt: Date | null;
  switchedAt: Date | null;
  /** The last failure of the current step (profile creation, or the switch once the profile exists). */
  errorCode: string | null;
  /** D8: a deferred switch is not offered again before this. */
  switchNotBefore: Date | null;
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  /** D9: as last reported by the client part; null until it reported. */
  locked: boolean | null;
  userSignedIn: boolean | null;
  /** D11: set while the device's switch waits for a transfer slot. */
  waitingForSlotSince: Date | null;
  /** The device's one queued or delivered command, if any. */
  outstanding: {
    type: CommandType;
    state: 'queued' | 'delivered';
    availableAt: Date;
    leaseExpiresAt: Date | null;
  } | null;
}

// D9: commands go only to a client part that is online (D2), unlocked and signed in.
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

// D7, D8: the switch is due from C + 10 min, and after a deferral no earlier than switchNotBefore.
export function switchDueAt({
  cutoverAt,
  switchNotBefore,
}: {
  cutoverAt: Date;
  switchNotBefore: Date | null;
}): Date {
  const afterCutover = cutoverAt.getTime() + SWITCH_DELAY_AFTER_CUTOVER_MS;
  return new Date(Math.max(afterCutover, switchNotBefore?.getTime() ?? afterCutover));
}

export function deriveDeviceStatus(input: DeviceStatusInput): DeviceStatus {
  const { now, outstanding } = input;
  if (input.switchedAt !== null) return 'completed';
  if (
    outstanding?.state === 'delivered' &&
    outstanding.leaseExpiresAt !== null &&
    outstanding.leaseExpiresAt > now
  ) {
    return outstanding.type === 'CREATE_PROFILE' ? 'creating_profile' : 'switching';
  }
  // Which command is due now, if any; every branch that returns here has nothing due.
  let due: CommandType;
  if (outstanding !== null) {
    // A delivered command whose lease ran out is due again (delivery at least once).
    const isDue = outstanding.state === 'delivered' || outstanding.availableAt <= now;
    // D4: a retry scheduled for later leaves the device failed until then.
    if (!isDue) return outstanding.type === 'CREATE_PROFILE' ? 'profile_failed' : 'profile_ready';
    due = outstanding.type;
  } else if (input.profileCreatedAt === null) {
    // D4, D10: failed with no automatic retry left ("manual retry required").
    if (input.errorCode !== null) return 'profile_failed';
    // D4: the first CREATE_PROFILE is due on the first eligible poll.
    due = 'CREATE_PROFILE';
  } else {
    if (input.errorCode !== null) return 'switch_failed';
    const dueAt = switchDueAt(input);
    if (now < dueAt) {
      // D8: the user delayed the switch; D7: before C + 10 min the profile waits for cutover.
      return input.switchNotBefore !== null && input.switchNotBefore.getTime() === dueAt.getTime()
        ? 'deferred'
        : 'profile_ready';
    }
    due = 'SWITCH_PROFILE';
  }
  if (!isReadyForCommands(input)) {
    // Nothing is known about a device that never checked in yet: it is just enrolled.
    const neverSeen = input.clientLastSeenAt === null && input.serviceLastSeenAt === null;
    return neverSeen && outstanding === null ? 'enrolled' : 'waiting_for_device';
  }
  if (due === 'CREATE_PROFILE') return outstanding === null ? 'enrolled' : 'creating_profile';
  // D11: past the migration's cap the switch waits its turn; otherwise it starts on the next poll.
  return input.waitingForSlotSince !== null ? 'queued_for_bandwidth' : 'profile_ready';
}
