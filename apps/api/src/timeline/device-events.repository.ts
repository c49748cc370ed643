import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { type DeviceEventInput } from './device-events';
import { deviceNotifications } from './device-notifications';

export interface DeviceEventRow {
  id: number;
  at: Date;
  type: string;
  detail: Record<string, unknown>;
  actorUserId: string | null;
}

/** A device's timeline (device_event): appended set-based, read newest first. */
@Injectable()
export class DeviceEventsRepository {
  constructor(private readonly outbox: WebhookOutbox) {}

  /**
   * One INSERT for any number of events (unnest of parallel arrays); all share `at`. The D18
   * notifications among them go to the webhook outbox in the same transaction.
   */
  async append(manager: EntityManager, at: Date, events: readonly DeviceEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO device_event (device_id, migration_id, at, type, detail, actor_user_id)
       SELECT e.device_id, e.migration_id, $1, e.type, e.detail, e.actor_user_id
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::uuid[])
         AS e(device_id, migration_id, type, detail, actor_user_id)`,
      [
        at,
        events.map((e) => e.deviceId),
        events.map((e) => e.migrationId),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.detail)),
        events.map((e) => e.actorUserId ?? null),
      ],
    );
    await this.outbox.fromDevices(manager, at, deviceNotifications(events));
  }

  /** Newest first (at, then insertion order); `before` (the last row of a page) continues it. */
  async listForDevice(
    manager: EntityManager,
    deviceId: string,
    options: { limit?: number; before?: { at: Date; id: number } } = {},
  ): Promise<DeviceEventRow[]> {
    const rows = await queryRows<{
      id: string;
      at: Date;
      type: string;
      detail: Record<string, unknown>;
      actor_user_id: string | null;
    }>(
      manager,
      `SELECT id, at, type, detail, actor_user_id
         FROM device_event
         WHERE device_id = $1 AND ($2::timestamptz IS NULL OR (at, id) < ($2, $3::bigint))
         ORDER BY at DESC, id DESC
         LIMIT $4`,
      [deviceId, options.before?.at ?? null, options.before?.id ?? null, options.limit ?? 200],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      type: r.type,
      detail: r.detail,
      actorUserId: r.actor_user_id,
    }));
  }
}
