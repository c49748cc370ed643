import { describeError, type WebhookEvent } from '@cutover/domain';
import type { DeviceNotification } from '../webhooks/webhook-outbox';
import { type DeviceEventInput, describeDeviceEvent } from './device-events';

/** A device timeline event that is also a D18 notification, and the notification it is. */
function webhookEventOf(event: DeviceEventInput): WebhookEvent | null {
  switch (event.type) {
    case 'manual_retry_required':
      return 'device.manual_retry_required';
    case 'alert_raised':
      return 'alert.raised';
    case 'command_failed':
    case 'command_abandoned':
      return event.detail.commandType === 'SWITCH_PROFILE' ? 'device.switch_failed' : null;
    default:
      return null;
  }
}

/** What the event says beyond the device: the error (with its troubleshooting link), the reason, the alert. */
function eventData(event: DeviceEventInput): Record<string, unknown> {
  switch (event.type) {
    case 'command_failed': {
      const error = describeError(event.detail.errorCode, event.detail.message);
      return {
        errorCode: event.detail.errorCode,
        message: error.message,
        troubleshootingUrl: error.troubleshootingUrl,
      };
    }
    case 'command_abandoned': {
      const error = describeError('NO_RESULT_FROM_AGENT');
      return {
        errorCode: 'NO_RESULT_FROM_AGENT',
        message: error.message,
        troubleshootingUrl: error.troubleshootingUrl,
      };
    }
    case 'manual_retry_required':
      return { reason: event.detail.reason };
    case 'alert_raised': {
      const alert = describeError(event.detail.code, event.detail.detail);
      return {
        code: event.detail.code,
        message: alert.message,
        troubleshootingUrl: alert.troubleshootingUrl,
      };
    }
    default:
      return {};
  }
}

/** D18: the notifications among a use case's timeline events (the timeline is where every change is told). */
export function deviceNotifications(events: readonly DeviceEventInput[]): DeviceNotification[] {
  return events.flatMap((event) => {
    const type = webhookEventOf(event);
    if (type === null) return [];
    return [
      {
        type,
        deviceId: event.deviceId,
        migrationId: event.migrationId,
        data: eventData(event),
        line: describeDeviceEvent(event.type, event.detail as Record<string, unknown>) ?? type,
      },
    ];
  });
}
