import {
  type AlertCode,
  type CommandSource,
  type CommandType,
  DEVICE_STATUS_LABELS,
  type DeviceStatus,
  type ManualRetryReason,
  type ProgressStage,
} from '@cutover/domain';

/**
 * The device timeline (device_event rows, newest first on GET /api/devices/{id}): every change a
 * device goes through is one of these, with its `detail` shape. Times in details are ISO strings.
 * `describeDeviceEvent` renders the one-line text the partner API returns as `detail`.
 */
export interface DeviceEventDetails {
  /** First enrollment by the installer. */
  enrolled: { hostname: string; windowsUser: string; userEmail: string | null; agentVersion: string | null };
  /** Same key + hostname + windowsUser again: new token, the old one stops working. */
  reenrolled: { userEmail: string | null; agentVersion: string | null };
  /** D4 first attempt (`auto`), D4 automatic retry (`retry`), D5 partner action (`manual`). */
  command_queued: { commandId: string; commandType: CommandType; source: CommandSource; availableAt: string };
  /** Handed to the agent on a poll, leased until leaseExpiresAt; deliveryCount > 1 is a re-delivery. */
  command_delivered: {
    commandId: string;
    commandType: CommandType;
    deliveryCount: number;
    leaseExpiresAt: string;
  };
  /** D7: a stage/percent report; it also extended the lease. */
  progress: { commandId: string; commandType: CommandType; stage: ProgressStage; percent: number };
  /** The lease ran out without a result: the command is queued for delivery again. */
  lease_expired: { commandId: string; commandType: CommandType; deliveryCount: number };
  /** The lease ran out for the last time (COMMAND_MAX_DELIVERIES): the command is given up as NO_RESULT_FROM_AGENT. */
  command_abandoned: { commandId: string; commandType: CommandType; deliveryCount: number };
  command_succeeded: { commandId: string; commandType: CommandType };
  /** `message` is the agent's own detail (untrusted, trimmed). */
  command_failed: { commandId: string; commandType: CommandType; errorCode: string; message: string | null };
  /** D8: the user delayed the switch; it is offered again from switchNotBefore. */
  command_deferred: { commandId: string; switchNotBefore: string };
  /** D4: automatic retry after a failure at failedAt with cutover at cutoverAt. */
  retry_scheduled: { commandId: string; retryAt: string; failedAt: string; cutoverAt: string };
  /** D4: the cutover moved, so the scheduled retry moved with it. */
  retry_rescheduled: { commandId: string; retryAt: string; previousRetryAt: string; cutoverAt: string };
  /** D4 (too late after cutover), D10 (unanswered prompt), D4 after a cutover change dropped a scheduled retry. */
  manual_retry_required: { reason: ManualRetryReason; commandId?: string };
  /**
   * D5, D14: a partner's retry request (actor_user_id says who), recorded when the device takes it
   * (requestedAt: the click). Rows before v1.1 name a supersededCommandId instead.
   */
  retry_requested: {
    /** Not yet taken by the device (the device detail shows it from the device row). */
    pending?: boolean;
    commandId?: string;
    commandType?: CommandType;
    requestedAt?: string;
    supersededCommandId?: string | null;
  };
  /** D1, D3 */
  alert_raised: { code: AlertCode; detail: string | null };
  alert_cleared: { code: AlertCode };
  /** What the agent reported changed (Outlook, agent or Windows version). */
  inventory_changed: {
    field: 'outlookVersion' | 'agentVersion' | 'osVersion';
    from: string | null;
    to: string;
  };
  status_changed: { from: DeviceStatus; to: DeviceStatus };
}

export type DeviceEventType = keyof DeviceEventDetails;

export type DeviceEventInput = {
  [T in DeviceEventType]: {
    deviceId: string;
    migrationId: string;
    type: T;
    detail: DeviceEventDetails[T];
    actorUserId?: string | null;
  };
}[DeviceEventType];

const SOURCE_TEXT: Record<CommandSource, string> = {
  auto: '',
  retry: ' (automatic retry)',
  manual: ' (retry requested)',
};
const MANUAL_REASON_TEXT: Record<ManualRetryReason, string> = {
  retry_window_closed: 'no automatic retry after cutover + 24 h',
  credential_prompt_timeout: 'a prompt went unanswered: retry it when the user is at the PC',
  cutover_rescheduled: 'the new cutover leaves no automatic retry',
  no_result_from_agent: 'the agent never reported a result for the command',
};

/** One line for a timeline entry; unknown types (from a newer version) fall back to their JSON. */
export function describeDeviceEvent(type: string, detail: Record<string, unknown>): string | null {
  const d = detail as never;
  switch (type as DeviceEventType) {
    case 'enrolled': {
      const e = d as DeviceEventDetails['enrolled'];
      return `Enrolled ${e.hostname} for ${e.windowsUser}${e.agentVersion ? ` (agent ${e.agentVersion})` : ''}`;
    }
    case 'reenrolled':
      return 'Enrolled again: a new device token replaced the old one';
    case 'command_queued': {
      const e = d as DeviceEventDetails['command_queued'];
      return `${e.commandType} queued${SOURCE_TEXT[e.source] ?? ''}, available from ${e.availableAt}`;
    }
    case 'command_delivered': {
      const e = d as DeviceEventDetails['command_delivered'];
      const again = e.deliveryCount > 1 ? ` again (delivery ${e.deliveryCount})` : '';
      return `${e.commandType} delivered${again}, leased until ${e.leaseExpiresAt}`;
    }
    case 'progress': {
      const e = d as DeviceEventDetails['progress'];
      return `${e.commandType}: ${e.stage.replace(/_/g, ' ')} ${e.percent}%`;
    }
    case 'lease_expired': {
      const e = d as DeviceEventDetails['lease_expired'];
      return `${e.commandType} lease ran out without a result; it will be delivered again`;
    }
    case 'command_abandoned': {
      const e = d as DeviceEventDetails['command_abandoned'];
      return `${e.commandType} given up after ${e.deliveryCount} deliveries without a result`;
    }
    case 'command_succeeded':
      return `${(d as DeviceEventDetails['command_succeeded']).commandType} succeeded`;
    case 'command_failed': {
      const e = d as DeviceEventDetails['command_failed'];
      return `${e.commandType} failed: ${e.errorCode}${e.message ? ` (${e.message})` : ''}`;
    }
    case 'command_deferred':
      return `The user delayed the switch until ${(d as DeviceEventDetails['command_deferred']).switchNotBefore}`;
    case 'retry_scheduled':
      return `Automatic retry scheduled for ${(d as DeviceEventDetails['retry_scheduled']).retryAt}`;
    case 'retry_rescheduled': {
      const e = d as DeviceEventDetails['retry_rescheduled'];
      return `Cutover moved: automatic retry moved from ${e.previousRetryAt} to ${e.retryAt}`;
    }
    case 'manual_retry_required': {
      const e = d as DeviceEventDetails['manual_retry_required'];
      return `Manual retry required: ${MANUAL_REASON_TEXT[e.reason] ?? e.reason}`;
    }
    case 'retry_requested': {
      const e = d as DeviceEventDetails['retry_requested'];
      const what = e.commandType === 'SWITCH_PROFILE' ? 'the switch' : 'profile creation';
      if (e.pending)
        return `Retry of ${what} requested from the dashboard: waiting for the device to take it`;
      return `Retry of ${what} requested from the dashboard${e.requestedAt ? ` at ${e.requestedAt}` : ''}`;
    }
    case 'alert_raised':
      return `Alert raised: ${(d as DeviceEventDetails['alert_raised']).code}`;
    case 'alert_cleared':
      return `Alert cleared: ${(d as DeviceEventDetails['alert_cleared']).code}`;
    case 'inventory_changed': {
      const e = d as DeviceEventDetails['inventory_changed'];
      return `${e.field} changed from ${e.from ?? 'unknown'} to ${e.to}`;
    }
    case 'status_changed': {
      const e = d as DeviceEventDetails['status_changed'];
      return `Status: ${DEVICE_STATUS_LABELS[e.from] ?? e.from} → ${DEVICE_STATUS_LABELS[e.to] ?? e.to}`;
    }
    default:
      return Object.keys(detail).length === 0 ? null : JSON.stringify(detail);
  }
}
