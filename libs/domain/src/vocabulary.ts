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

// Where a command came from: the first attempt or the switch (auto), a D4 automatic retry, a partner action (D5, D14).
export const COMMAND_SOURCES = ['auto', 'retry', 'manual'] as const;
export type CommandSource = (typeof COMMAND_SOURCES)[number];

// D4, D10: why a failed profile creation waits for the partner instead of retrying by itself.
export const MANUAL_RETRY_REASONS = [
  'retry_window_closed',
  'credential_prompt_timeout',
  'cutover_rescheduled',
  'no_result_from_agent',
] as const;
export type ManualRetryReason = (typeof MANUAL_RETRY_REASONS)[number];
