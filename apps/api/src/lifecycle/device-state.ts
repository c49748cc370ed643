import {
  type AgentComponent,
  type AlertCode,
  type DevicePollState,
  type DeviceStatus,
  type LifecycleFacts,
  type MigrationType,
  type OutstandingCommand,
  type PollInventory,
  type PollSession,
  type ProgressStage,
  type ReadinessState,
  deriveDeviceStatus,
  mailboxFor,
} from '@cutover/domain';
import type { CommandRow } from '../commands/commands.repository';

/** Everything the lifecycle decides from: the device, its migration, its outstanding command, its open alerts. */
export interface DeviceState {
  id: string;
  migrationId: string;
  hostname: string;
  windowsUser: string;
  userEmail: string | null;
  mailbox: string | null;
  osVersion: string | null;
  outlookVersion: string | null;
  agentVersion: string | null;
  status: DeviceStatus;
  locked: boolean | null;
  userSignedIn: boolean | null;
  enrolledAt: Date;
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  profileCreatedAt: Date | null;
  switchedAt: Date | null;
  errorCode: string | null;
  errorAt: Date | null;
  nextRetryAt: Date | null;
  manualRetryRequired: boolean;
  /** D13: the last reported disk figures. */
  freeDiskBytes: number | null;
  localDataBytes: number | null;
  /** D5, D14: the partner's pending retry request (retry_request, until a poll takes it) and who made it. */
  retryRequestedAt: Date | null;
  retryRequestedBy: string | null;
  switchNotBefore: Date | null;
  waitingForSlotSince: Date | null;
  progressStage: ProgressStage | null;
  progressPercent: number | null;
  /** The row's xmin: lets the sweep write a status only if the row did not change since it read it. */
  rowVersion: string;
  cutoverAt: Date;
  pollIntervalSeconds: number;
  migrationType: MigrationType;
  maxConcurrentTransfers: number | null;
  /** The one queued or delivered command (the queue allows no second). */
  outstanding: CommandRow | null;
  openAlerts: AlertCode[];
}

/** Device columns the lifecycle writes (besides status), by field name. */
export interface DevicePatch {
  outlookVersion: string | null;
  agentVersion: string | null;
  profileCreatedAt: Date | null;
  switchedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorAt: Date | null;
  nextRetryAt: Date | null;
  manualRetryRequired: boolean;
  switchNotBefore: Date | null;
  waitingForSlotSince: Date | null;
  progressStage: ProgressStage | null;
  progressPercent: number | null;
}

/** What a poll reports besides its time: which part, its session (D9), its inventory (D3). */
export interface CheckIn {
  component: AgentComponent;
  session: PollSession | null;
  inventory: PollInventory | null;
  now: Date;
}

/** The outstanding command as the rules see it. */
export function outstandingOf(command: CommandRow | null): OutstandingCommand | null {
  if (command === null) return null;
  if (command.state !== 'queued' && command.state !== 'delivered')
    throw new Error(`command ${command.id} is ${command.state}, not outstanding`);
  return {
    type: command.type,
    state: command.state,
    availableAt: command.availableAt,
    leaseExpiresAt: command.leaseExpiresAt,
  };
}

/** D13, D15: whether CREATE_PROFILE has an address to carry for this device. */
export function mailboxKnown(state: Pick<DeviceState, 'mailbox' | 'userEmail' | 'windowsUser'>): boolean {
  return (
    mailboxFor({ mapped: state.mailbox, userEmail: state.userEmail, windowsUser: state.windowsUser }) !== null
  );
}

/** The facts nextAction (libs/domain) decides from. */
export function factsOf(state: DeviceState): LifecycleFacts {
  return { ...state, mailboxKnown: mailboxKnown(state), outstanding: outstandingOf(state.outstanding) };
}

/** deriveDeviceStatus (libs/domain) of a device state at `now`. */
export function statusOf(state: DeviceState, now: Date): DeviceStatus {
  return deriveDeviceStatus({ ...state, ...factsOf(state) }, now);
}

/** The facts readinessChanges (libs/domain: D1, D3, D13) decides from. */
export function readinessStateOf(state: DeviceState): ReadinessState {
  return { ...state, mailboxKnown: mailboxKnown(state) };
}

/** The state the poll rules read (pollChangesState, nextAction): what the agent fast path keeps in memory. */
export function pollStateOf(state: DeviceState): DevicePollState {
  return {
    cutoverAt: state.cutoverAt,
    profileCreatedAt: state.profileCreatedAt,
    switchedAt: state.switchedAt,
    errorCode: state.errorCode,
    retryRequestedAt: state.retryRequestedAt,
    mailboxKnown: mailboxKnown(state),
    switchNotBefore: state.switchNotBefore,
    outstanding: outstandingOf(state.outstanding),
    status: state.status,
    pollIntervalSeconds: state.pollIntervalSeconds,
    enrolledAt: state.enrolledAt,
    clientLastSeenAt: state.clientLastSeenAt,
    serviceLastSeenAt: state.serviceLastSeenAt,
    locked: state.locked,
    userSignedIn: state.userSignedIn,
    waitingForSlotSince: state.waitingForSlotSince,
    outlookVersion: state.outlookVersion,
    agentVersion: state.agentVersion,
    openAlerts: state.openAlerts,
    freeDiskBytes: state.freeDiskBytes,
    localDataBytes: state.localDataBytes,
  };
}
