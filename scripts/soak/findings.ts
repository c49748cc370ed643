import type { AgentJournal, RequestRecord } from '../../apps/agent-sim/src/fleet';
import type { Records } from './records';

/** The API stamps an event with its clock at the start of the transaction; the agent notes the reply after it. */
export const CLOCK_TOLERANCE_MS = 1000;
/**
 * How long a command may be due before a poll must deliver it: a cached device state is trusted only
 * while the process's notification listener proved alive within AGENT_CACHE_MAX_STALENESS_MS (5 s).
 */
export const DUE_GRACE_MS = 6000;

export interface Finding {
  kind: string;
  deviceId: string;
  hostname: string;
  commandId: string | null;
  detail: string;
}

export interface InvariantReport {
  /** Delivered twice within a lease, after its result, to two devices, or two commands outstanding at once. */
  duplicates: Finding[];
  /** See soak.ts: results acknowledged but not recorded, deliveries never received, commands due but not delivered. */
  lost: Finding[];
  /** Deliveries whose reply the agent demonstrably did not get (its request failed at that moment): redelivered when the lease runs out. */
  pending: Finding[];
  /** Deliveries whose reply was lost in a fault and that were delivered again after their lease (at least once, as designed). */
  redeliveredAfterLease: number;
  /** Records that do not add up (delivery_count against delivery events). */
  integrity: Finding[];
  /** Due switches not judged because a transfer cap may hold them (D11). */
  notJudged: Finding[];
  /** 401s to agents whose token was their latest and whose enrollments all got an answer. */
  unauthorizedValid: Finding[];
  /** 401s the agent could have caused itself (a token it had replaced, or a timed-out enrollment). */
  unauthorizedOther: number;
  counts: {
    devices: number;
    commands: number;
    deliveries: number;
    received: number;
    acknowledged: number;
    byState: Record<string, number>;
    byType: Record<string, number>;
    deviceStatuses: Record<string, number>;
  };
}

/** What each family of invariants reads, and the report it adds its findings to. */
export interface Judging {
  records: Records;
  journal: AgentJournal;
  /** The simulated devices' polls, each device's in the journal's order. */
  pollsByDevice: Map<string, RequestRecord[]>;
  /** When the agents were told to stop (their requests still in flight were cut short). */
  stoppedAt: number;
  /** D11 cap of the migration; null when none. */
  transferCap: number | null;
  report: InvariantReport;
  hostname: (deviceId: string) => string;
  finding: (kind: string, deviceId: string, commandId: string | null, detail: string) => Finding;
}
