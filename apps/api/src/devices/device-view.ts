import { type AlertCode, describeError, expectedPickup, isOnline, mailboxFor } from '@cutover/domain';
import { describeDeviceEvent } from '../timeline/device-events';
import type { DeviceDto, DeviceEventDto } from './dto/device.dto';
import type { DeviceRow, EventRow } from './devices.repository';

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** A device row as the contract's Device (D2 online, D6 error text and link, open alerts). */
export function toDevice(row: DeviceRow, now: Date): DeviceDto {
  const lastSeenAt = row.lastSeenAt === null ? null : new Date(row.lastSeenAt);
  return {
    id: row.id,
    migrationId: row.migrationId,
    hostname: row.hostname,
    windowsUser: row.windowsUser,
    userEmail: row.userEmail,
    status: row.status,
    online: isOnline({ lastSeenAt, now, pollIntervalSeconds: row.pollIntervalSeconds }),
    lastSeenAt: iso(row.lastSeenAt),
    clientLastSeenAt: iso(row.clientLastSeenAt),
    serviceLastSeenAt: iso(row.serviceLastSeenAt),
    locked: row.locked,
    userSignedIn: row.userSignedIn,
    outlookVersion: row.outlookVersion,
    agentVersion: row.agentVersion,
    osVersion: row.osVersion,
    enrolledAt: iso(row.enrolledAt) as string,
    error: row.errorCode === null ? null : pickError(describeError(row.errorCode, row.errorMessage)),
    nextRetryAt: iso(row.nextRetryAt),
    manualRetryRequired: row.manualRetryRequired,
    progress:
      row.progressStage !== null && row.progressPercent !== null
        ? { stage: row.progressStage, percent: row.progressPercent }
        : null,
    alerts: (row.alerts ?? []).map((a) => ({
      ...pickError(describeError(a.code, a.detail)),
      code: a.code as AlertCode,
      raisedAt: iso(a.raisedAt) as string,
    })),
    mailbox: mailboxFor({
      mapped: row.mappedMailbox,
      userEmail: row.userEmail,
      windowsUser: row.windowsUser,
    }),
    pendingCommand: pendingOf(row, now),
    queuePosition: row.queuePosition,
  };
}

/** D17: the command waiting for the device (or running), with when the device is expected to take it. */
function pendingOf(row: DeviceRow, now: Date): DeviceDto['pendingCommand'] {
  if (row.pendingType === null || row.pendingQueuedAt === null) return null;
  const delivered = row.pendingDeliveredAt !== null;
  const pickup = delivered
    ? null
    : expectedPickup({
        now,
        holdingPollUntil: row.clientPollHeldUntil === null ? null : new Date(row.clientPollHeldUntil),
        clientLastSeenAt: row.clientLastSeenAt === null ? null : new Date(row.clientLastSeenAt),
        pollIntervalSeconds: row.pollIntervalSeconds,
      });
  return {
    type: row.pendingType,
    queuedAt: iso(row.pendingQueuedAt) as string,
    deliveredAt: iso(row.pendingDeliveredAt),
    expectedPickupAt: pickup?.at ? pickup.at.toISOString() : null,
  };
}

function pickError(e: ReturnType<typeof describeError>): {
  code: string;
  message: string;
  action: string;
  troubleshootingUrl: string;
} {
  return { code: e.code, message: e.message, action: e.action, troubleshootingUrl: e.troubleshootingUrl };
}

export function toEvent(row: EventRow): DeviceEventDto {
  const detail = row.detail ?? {};
  return {
    at: iso(row.at) as string,
    type: row.type,
    detail: describeDeviceEvent(row.type, detail),
    data: detail,
    actor: row.actorUserId && row.actorEmail ? { userId: row.actorUserId, email: row.actorEmail } : null,
  };
}
