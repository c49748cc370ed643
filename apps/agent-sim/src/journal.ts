import type { AgentComponent, CommandType, ResultStatus } from '@cutover/domain';

export type RequestKind = 'enroll' | 'poll' | 'progress' | 'result';

/** One HTTP attempt (a failover or a Retry-After wait makes a new one). Times are wall clock, Date.now(). */
export interface RequestRecord {
  hostname: string;
  /** Null before the first enrollment. */
  deviceId: string | null;
  kind: RequestKind;
  /** Polls only. */
  component: AgentComponent | null;
  /** Progress and result only. */
  commandId: string | null;
  /** The base URL this attempt went to. */
  baseUrl: string;
  startedAt: number;
  endedAt: number;
  /** 0: no reply (refused, reset, timed out, or cut short because the fleet stopped). */
  status: number;
  /** Why there was no reply: timeout, aborted, or the socket error code (ECONNREFUSED, ECONNRESET, ...). */
  failure: string | null;
  /** The error body's code and message of a non-2xx reply. */
  errorCode: string | null;
  errorMessage: string | null;
  /** Polls: the client part reported itself unlocked and signed in, so it may receive commands (D9). */
  eligible: boolean;
  /** Polls answered 200: the command ids in the reply. */
  commandIds: string[];
  /** A long poll's hold (?waitSeconds=), else null. */
  waitSeconds: number | null;
}

/** A command in a poll reply, as the agent took it. */
export interface ReceivedRecord {
  hostname: string;
  deviceId: string;
  commandId: string;
  type: CommandType;
  at: number;
  issuedAt: string;
  leaseExpiresAt: string;
  /** The agent had seen this id before (delivery is at least once). */
  seenBefore: boolean;
  baseUrl: string;
}

/** A result the server answered 200 ({ recorded: true }) for. */
export interface AcknowledgedRecord {
  hostname: string;
  deviceId: string;
  commandId: string;
  type: CommandType;
  status: ResultStatus;
  errorCode: string | null;
  at: number;
}

/** A 401 to a request that carried a device token. */
export interface UnauthorizedRecord {
  hostname: string;
  deviceId: string | null;
  kind: RequestKind;
  at: number;
  baseUrl: string;
  /** The refused token was the one the agent's latest enrollment got (the agent itself had not replaced it). */
  tokenWasLatest: boolean;
  /**
   * An enrollment of this agent timed out earlier: the server may still have carried it out after
   * the agent gave up, replacing the token the agent holds.
   */
  enrollmentInDoubt: boolean;
}

export interface EnrollmentRecord {
  hostname: string;
  deviceId: string;
  at: number;
  /** False for an enrollment again after a 401 (same device id, new token). */
  first: boolean;
}

/**
 * What the agents saw, attempt by attempt, so that a run can be checked against the server's own
 * record (scripts/soak): every request, every command received, every result acknowledged, every
 * 401 with whether the refused token was still the agent's latest. Opt-in (FleetOptions.journal);
 * it keeps everything in memory, about 200 bytes per request.
 */
export class AgentJournal {
  readonly requests: RequestRecord[] = [];
  readonly received: ReceivedRecord[] = [];
  readonly acknowledged: AcknowledgedRecord[] = [];
  readonly unauthorized: UnauthorizedRecord[] = [];
  readonly enrollments: EnrollmentRecord[] = [];

  request(record: RequestRecord): void {
    this.requests.push(record);
  }

  receive(record: ReceivedRecord): void {
    this.received.push(record);
  }

  acknowledge(record: AcknowledgedRecord): void {
    this.acknowledged.push(record);
  }

  refuse(record: UnauthorizedRecord): void {
    this.unauthorized.push(record);
  }

  enroll(record: EnrollmentRecord): void {
    this.enrollments.push(record);
  }
}
