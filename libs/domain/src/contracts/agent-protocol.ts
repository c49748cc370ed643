// Agent protocol v1 (contract/agent-protocol.md): the wire bodies, field for field; times are ISO 8601 UTC strings.
import type { ApiErrorCode } from '../api-errors';
import type { AgentComponent, MigrationType, ProgressStage, ResultStatus } from '../vocabulary';
import type { DeviceErrorCode } from '../errors';

export const AGENT_API_BASE_PATH = '/api/agent/v1';
// Agent protocol: larger bodies are refused with 413.
export const MAX_AGENT_BODY_BYTES = 64 * 1024;
export const HOSTNAME_MAX_LENGTH = 253;
export const WINDOWS_USER_MAX_LENGTH = 256;
// Agent protocol: POST /poll?waitSeconds=N holds an empty reply for 1–30 seconds.
export const LONG_POLL_MIN_WAIT_SECONDS = 1;
export const LONG_POLL_MAX_WAIT_SECONDS = 30;
export const PROGRESS_PERCENT_MIN = 0;
export const PROGRESS_PERCENT_MAX = 100;

/** POST /api/agent/v1/enroll */
export interface EnrollRequest {
  enrollmentKey: string;
  /** 1–253 characters. */
  hostname: string;
  /** 1–256 characters, e.g. CONTOSO\\alice. */
  windowsUser: string;
  userEmail?: string;
  osVersion?: string;
  outlookVersion?: string;
  agentVersion?: string;
}

/** Reply 201 to enroll. */
export interface EnrollResponse {
  deviceId: string;
  deviceToken: string;
  pollIntervalSeconds: number;
}

export interface PollSession {
  locked: boolean;
  userSignedIn: boolean;
}

export interface PollInventory {
  outlookVersion?: string;
  agentVersion?: string;
  freeDiskBytes?: number;
  localDataBytes?: number;
}

/** POST /api/agent/v1/poll; `session` is required for the client part and ignored for the service part. */
export interface PollRequest {
  component: AgentComponent;
  session?: PollSession;
  inventory?: PollInventory;
}

export interface CreateProfilePayload {
  /** The Office 365 address; the user's userEmail when no mapping is known. */
  mailbox: string;
}

export interface SwitchProfilePayload {
  migrationType: MigrationType;
  transferLocalData: boolean;
}

interface AgentCommandBase {
  id: string;
  issuedAt: string;
  leaseExpiresAt: string;
}

export interface CreateProfileCommand extends AgentCommandBase {
  type: 'CREATE_PROFILE';
  payload: CreateProfilePayload;
}

export interface SwitchProfileCommand extends AgentCommandBase {
  type: 'SWITCH_PROFILE';
  payload: SwitchProfilePayload;
}

/** A command as delivered in a poll reply, discriminated on `type`. */
export type AgentCommand = CreateProfileCommand | SwitchProfileCommand;

/** Reply 200 to poll. */
export interface PollResponse {
  pollIntervalSeconds: number;
  commands: AgentCommand[];
}

/** POST /api/agent/v1/commands/{id}/progress; reply 204. */
export interface ProgressRequest {
  stage: ProgressStage;
  /** 0–100. */
  percent: number;
}

/** POST /api/agent/v1/commands/{id}/result. */
export interface ResultRequest {
  status: ResultStatus;
  /** Required when status is failed; may be a code the catalogue does not know (shown as UNKNOWN_ERROR). */
  errorCode?: string;
  message?: string;
}

// Agent protocol, POST /commands/{id}/result: the error codes an agent may send, in the contract's order.
export const AGENT_REPORTED_ERROR_CODES = [
  'CREDENTIAL_PROMPT_TIMEOUT',
  'OUTLOOK_OUTDATED',
  'AUTODISCOVER_FAILED',
  'PROFILE_CREATION_FAILED',
  'OUTLOOK_RUNNING_AS_ADMIN',
  'DISK_FULL',
  'DATA_TRANSFER_FAILED',
  'NETWORK_UNAVAILABLE',
] as const satisfies readonly DeviceErrorCode[];
export type AgentReportedErrorCode = (typeof AGENT_REPORTED_ERROR_CODES)[number];

/** Reply 200 to result. */
export interface ResultResponse {
  recorded: true;
}

/** The body of every error reply of both APIs. */
export interface ErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    details?: unknown;
  };
}
