import { deriveDeviceStatus } from './device-status';
import type { AlertCode } from './errors';
import { type LifecycleFacts, nextAction } from './next-action';
import { pollEligibility } from './policy';
import { hasChanges, readinessChanges } from './readiness';
import type { AgentComponent, DeviceStatus } from './vocabulary';

/** What a poll decides from: the device's lifecycle facts, presence, reported versions, open alerts, stored status. */
export interface DevicePollState extends LifecycleFacts {
  status: DeviceStatus;
  pollIntervalSeconds: number;
  enrolledAt: Date;
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  /** D9: as last reported by the client part; null until it reported. */
  locked: boolean | null;
  userSignedIn: boolean | null;
  waitingForSlotSince: Date | null;
  outlookVersion: string | null;
  agentVersion: string | null;
  openAlerts: readonly AlertCode[];
  /** D13: the last reported disk figures. */
  freeDiskBytes: number | null;
  localDataBytes: number | null;
}

/** The parts of a poll body (agent protocol) the rules read. */
export interface PollReport {
  component: AgentComponent;
  session?: { locked: boolean; userSignedIn: boolean } | null;
  inventory?: {
    outlookVersion?: string;
    agentVersion?: string;
    freeDiskBytes?: number;
    localDataBytes?: number;
  } | null;
}

/** D1, D2, D9: the device's presence once this poll checked in (the client part also reports its session). */
export function afterCheckIn<S extends DevicePollState>(state: S, report: PollReport, now: Date): S {
  if (report.component === 'service') return { ...state, serviceLastSeenAt: now };
  return {
    ...state,
    clientLastSeenAt: now,
    locked: report.session?.locked ?? null,
    userSignedIn: report.session?.userSignedIn ?? null,
  };
}

/**
 * Whether a poll changes anything beyond its check-in, read from the state before it: a reported
 * Outlook or agent version differs (a timeline event), the client's session flipped (D9), a
 * readiness alert opens or clears (D1, D3), a command is due for an eligible poll (D4, D7, D8, D9),
 * or the stored status is no longer the derived one. False means a no-op poll: its check-in is all
 * there is to record. The one answer to "anything for this device now?" (agent fast path and
 * delivery alike).
 */
export function pollChangesState(state: DevicePollState, report: PollReport, now: Date): boolean {
  const reported = report.inventory ?? {};
  if (reported.outlookVersion !== undefined && reported.outlookVersion !== state.outlookVersion) return true;
  if (reported.agentVersion !== undefined && reported.agentVersion !== state.agentVersion) return true;
  if (
    report.component === 'client' &&
    (report.session?.locked !== state.locked || report.session?.userSignedIn !== state.userSignedIn)
  ) {
    return true;
  }
  const checkedIn = afterCheckIn(state, report, now);
  const readiness = readinessChanges(
    checkedIn,
    {
      component: report.component,
      outlookVersion: reported.outlookVersion,
      freeDiskBytes: reported.freeDiskBytes,
      localDataBytes: reported.localDataBytes,
    },
    now,
  );
  if (hasChanges(readiness)) return true;
  if (pollEligibility(report) && nextAction(checkedIn, now).due !== null) return true;
  return deriveDeviceStatus(checkedIn, now) !== checkedIn.status;
}
