// Partner API v1 (contract/partner-api.md): the wire bodies, field for field; times are ISO 8601 UTC strings.
import type { AlertCode } from '../errors';
import type { CommandType, DeviceStatus, MigrationType, ProgressStage } from '../vocabulary';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_BULK_DEVICE_IDS = 100_000;
export const DEVICE_PAGE_LIMIT_DEFAULT = 50;
export const DEVICE_PAGE_LIMIT_MAX = 500;

// Auth

/** POST /api/auth/signup → 201, signs in. */
export interface SignupRequest {
  partnerName: string;
  email: string;
  /** At least MIN_PASSWORD_LENGTH characters. */
  password: string;
}

/** POST /api/auth/login → 200 and the session cookie. */
export interface LoginRequest {
  email: string;
  password: string;
}

/** GET /api/auth/me */
export interface MeResponse {
  user: { id: string; email: string };
  partner: { id: string; name: string };
}

// Migrations

export interface Migration {
  id: string;
  customerName: string;
  cutoverAt: string;
  migrationType: MigrationType;
  /** null: no cap (D11). */
  maxConcurrentTransfers: number | null;
  enrollmentKey: string;
  deviceCounts: Partial<Record<DeviceStatus, number>>;
  openAlerts: number;
  /** D2: devices with a part that polled within 3 poll intervals (exact). */
  onlineDevices: number;
  /** The customer's link in Mbit/s, for transfer estimates; null = unknown. */
  bandwidthMbps: number | null;
}

/** POST /api/migrations → 201 with the Migration. */
export interface CreateMigrationRequest {
  customerName: string;
  /** Any ISO instant, past ones included. */
  cutoverAt: string;
  migrationType: MigrationType;
  /** A positive integer, or null for no cap. */
  maxConcurrentTransfers?: number | null;
  /** Mbit/s, or null for unknown. */
  bandwidthMbps?: number | null;
}

/** PATCH /api/migrations/{id} → 200 with the Migration; a new cutoverAt recomputes scheduled retries (D4). */
export interface UpdateMigrationRequest {
  customerName?: string;
  cutoverAt?: string;
  maxConcurrentTransfers?: number | null;
  /** Mbit/s, or null for unknown. */
  bandwidthMbps?: number | null;
}

/** GET /api/migrations/{id}/summary (D12): the night at a glance and the morning after. */
export interface MigrationSummary {
  asOf: string;
  devices: number;
  completed: number;
  /** Enrolled but never polled. */
  neverSeen: number;
  /** Seen once, not online now (D2). */
  offline: number;
  /** D4/D10: failed with no automatic retry left and no partner retry pending. */
  manualRetryRequired: number;
  byStatus: Partial<Record<DeviceStatus, number>>;
  failuresByCode: { code: string; message: string; troubleshootingUrl: string; count: number }[];
  alertsByCode: { code: string; count: number }[];
  switch: { done: number; inProgress: number; queued: number; etaAt: string | null };
}

/** GET /api/migrations */
export interface ListMigrationsResponse {
  items: Migration[];
}

/** POST /api/migrations/{id}/enrollment-key/rotate */
export interface RotateEnrollmentKeyResponse {
  enrollmentKey: string;
}

// Devices

export interface DeviceError {
  /** Kept as the agent sent it, even when the catalogue does not know it (D6). */
  code: string;
  message: string;
  troubleshootingUrl: string;
}

export interface DeviceAlert {
  code: AlertCode;
  message: string;
  troubleshootingUrl: string;
}

export interface DeviceProgress {
  stage: ProgressStage;
  percent: number;
}

export interface Device {
  id: string;
  migrationId: string;
  hostname: string;
  windowsUser: string;
  userEmail: string | null;
  status: DeviceStatus;
  online: boolean;
  lastSeenAt: string | null;
  clientLastSeenAt: string | null;
  serviceLastSeenAt: string | null;
  /** null until the client part has reported its session (D9). */
  locked: boolean | null;
  outlookVersion: string | null;
  error: DeviceError | null;
  nextRetryAt: string | null;
  manualRetryRequired: boolean;
  progress: DeviceProgress | null;
  alerts: DeviceAlert[];
  /** D15: the address CREATE_PROFILE carries or will carry; null when unknown (D13 MAILBOX_UNKNOWN). */
  mailbox: string | null;
  /** D17: the command waiting for the device (or running), and when the device is expected to take it. */
  pendingCommand: PendingCommand | null;
  /** D11: 1-based place in the transfer queue while queued_for_bandwidth, else null. */
  queuePosition: number | null;
}

export interface PendingCommand {
  type: CommandType;
  queuedAt: string;
  /** Set once an agent took it (it runs now). */
  deliveredAt: string | null;
  /** D17: now (holding a long poll), last check-in + poll interval (online), null (offline). */
  expectedPickupAt: string | null;
}

export interface DeviceEvent {
  at: string;
  type: string;
  detail: string | null;
}

/** GET /api/devices/{id}: the device and its history, newest first. */
export interface DeviceDetail extends Device {
  events: DeviceEvent[];
}

/** One filter feeds the list, the count, the export and "select all matching". */
export interface DeviceFilter {
  status?: DeviceStatus[];
  /** Prefix of hostname, user or email, case-insensitive. */
  q?: string;
  hasError?: boolean;
  /** Devices whose current error is one of these codes (comma-separated on the wire). */
  errorCode?: string[];
  /** Devices with this readiness alert open. */
  alert?: string;
  /** D2: online (a part polled within 3 poll intervals) or not. */
  online?: boolean;
}

/**
 * The device list's orders (v1.1 `sort=`), each then by hostname (case-insensitive) and id: `status` by status code,
 * `lastSeenAt` oldest first with never-seen devices first; a `-` order is the exact reverse of the other.
 */
export const DEVICE_SORTS = ['hostname', '-hostname', 'status', 'lastSeenAt', '-lastSeenAt'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];
export const DEVICE_SORT_DEFAULT: DeviceSort = 'hostname';

/** GET /api/migrations/{id}/devices; on the wire `status` is comma-separated and `hasError` is "true". */
export interface ListDevicesQuery extends DeviceFilter {
  /** 1–DEVICE_PAGE_LIMIT_MAX, default DEVICE_PAGE_LIMIT_DEFAULT. */
  limit?: number;
  /** Default DEVICE_SORT_DEFAULT; a cursor only continues the sort it was returned for. */
  sort?: DeviceSort;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

// Bulk actions

// D5: retry profile creation; D14: retry the switch of a device in switch_failed.
export const BULK_ACTIONS = ['retry-profile-creation', 'retry-switch'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/**
 * POST /api/migrations/{id}/devices/actions → 202, and POST …/devices/actions/preview → 200 (D16);
 * by ids (at most MAX_BULK_DEVICE_IDS) or by filter.
 */
export type BulkActionRequest =
  | { action: BulkAction; deviceIds: string[]; filter?: never }
  | { action: BulkAction; filter: DeviceFilter; deviceIds?: never };

// D5, D14, D16: why a selected device is left out by an action (libs/domain bulk-actions.ts decides).
export const BULK_SKIP_REASONS = [
  'not_found',
  'already_completed',
  'profile_already_created',
  'retry_already_queued',
  'profile_not_created',
  'switch_already_queued',
  'switch_not_failed',
] as const;
export type BulkSkipReason = (typeof BULK_SKIP_REASONS)[number];

export const BULK_SKIP_REASON_LABELS: Readonly<Record<BulkSkipReason, string>> = {
  not_found: 'Not found in this migration',
  already_completed: 'Already switched to the new profile',
  profile_already_created: 'Profile already created',
  retry_already_queued: 'A retry is already queued',
  profile_not_created: 'Profile not created yet',
  switch_already_queued: 'A switch is already queued or running',
  switch_not_failed: 'The switch has not failed',
};

export interface BulkSkip {
  deviceId: string;
  reason: BulkSkipReason;
}

export interface BulkActionResponse {
  affected: number;
  skipped: BulkSkip[];
}

/** D16: at most this many sample devices per skip reason in a preview. */
export const BULK_PREVIEW_SAMPLE = 10;

/** POST …/devices/actions/preview → 200 (D16, D17): what the action would do now; it changes nothing. */
export interface BulkPreviewResponse {
  action: BulkAction;
  eligible: number;
  skipped: {
    reason: BulkSkipReason;
    count: number;
    sample: { deviceId: string; hostname: string | null }[];
  }[];
  /** D17: when the eligible devices are expected to take the command. */
  pickup: { now: number; withinPollInterval: number; whenOnline: number };
}

// Alerts

/** An item of GET /api/migrations/{id}/alerts. */
export interface MigrationAlert {
  deviceId: string;
  hostname: string;
  code: AlertCode;
  message: string;
  troubleshootingUrl: string;
  raisedAt: string;
}

export interface ListMigrationAlertsResponse {
  items: MigrationAlert[];
}

// Activity and health

export interface ActivityEntry {
  id: string;
  at: string;
  /**
   * null for the service itself (scheduler, agents). `token`: the API token a partner script used (the
   * user is the token's creator); null for the dashboard.
   */
  actor: { userId: string; email: string; token?: { id: string; name: string } | null } | null;
  action: string;
  detail: string | null;
}

/** GET /api/health */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  /** `timeout`: the database did not answer within the health check's short timeout (busy or locked). */
  database: 'ok' | 'down' | 'timeout';
  version: string;
}

// ---------------------------------------------------------------------------------------------------------------
// API tokens (partner-api.md "Added in v1.1" → "API tokens for partner scripts")
// ---------------------------------------------------------------------------------------------------------------

/** POST /api/tokens → 201 ApiTokenCreated. */
export interface ApiTokenCreateRequest {
  name: string;
  /** Absent: the token does not expire. */
  expiresInDays?: number;
}

/** POST /api/tokens → 201: the only reply that carries `token` (stored as a hash only). */
export interface ApiTokenCreated {
  id: string;
  name: string;
  /** Shown once: `Authorization: Bearer <token>` on any partner route. */
  token: string;
  createdAt: string;
  /** null: never expires. */
  expiresAt: string | null;
}

/** An item of GET /api/tokens; DELETE /api/tokens/{id} → 204 revokes it at once. */
export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: string;
  /** null: never expires. */
  expiresAt: string | null;
  /** null: never used. */
  lastUsedAt: string | null;
}

/** GET /api/tokens */
export interface ApiTokenList {
  items: ApiTokenSummary[];
}

// ---------------------------------------------------------------------------------------------------------------
// Webhooks (partner-api.md "Added in v1.1" → "Webhooks (D18)")
// ---------------------------------------------------------------------------------------------------------------

// D18: the events a partner can subscribe an endpoint to.
export const WEBHOOK_EVENTS = [
  'device.manual_retry_required',
  'device.switch_failed',
  'alert.raised',
  'migration.summary',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** POST /api/webhooks → 201 WebhookCreated; `url` is https:// (loopback http:// only with WEBHOOKS_ALLOW_HTTP=on). */
export interface WebhookCreateRequest {
  url: string;
  events: WebhookEvent[];
}

/** An item of GET /api/webhooks; DELETE /api/webhooks/{id} → 204, POST /api/webhooks/{id}/test → 202 (a `ping`). */
export interface WebhookSummary {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
}

/** POST /api/webhooks → 201: the only reply that carries `secret` (signs `webhook-signature`). */
export interface WebhookCreated extends WebhookSummary {
  secret: string;
}

/** GET /api/webhooks */
export interface WebhookList {
  items: WebhookSummary[];
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** An item of GET /api/webhooks/{id}/deliveries: D18, every attempt is visible. */
export interface WebhookDelivery {
  id: string;
  /** `ping`: sent by POST /api/webhooks/{id}/test. */
  event: WebhookEvent | 'ping';
  attempt: number;
  status: WebhookDeliveryStatus;
  /** The endpoint's HTTP status; null before an answer (pending, timeout, connection refused). */
  responseStatus: number | null;
  /** Why the attempt failed, in words ("timed out after 10 s", "the endpoint answered 500"); null otherwise. */
  error?: string | null;
  at: string;
  /** When the next retry is due; null when none is (succeeded, or gave up after 24 h). */
  nextAttemptAt: string | null;
}

/** GET /api/webhooks/{id}/deliveries */
export interface WebhookDeliveryList {
  items: WebhookDelivery[];
}
