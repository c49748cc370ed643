import type { WebhookEvent } from '@cutover/domain';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

/** The Standard Webhooks body: `text` is one human line, so chat tools' incoming webhooks can show it. */
export interface WebhookBody {
  type: WebhookEvent | 'ping';
  timestamp: string;
  data: Record<string, unknown>;
  text: string;
}

/** A device's D18 notification (from its timeline events: timeline/device-notifications.ts). */
export interface DeviceNotification {
  type: WebhookEvent;
  deviceId: string;
  migrationId: string;
  /** What the event says beyond the device (error, reason, alert). */
  data: Record<string, unknown>;
  /** The timeline's line for it, e.g. "SWITCH_PROFILE failed: DISK_FULL". */
  line: string;
}

/**
 * D18: the outbox. Notifications are rows of webhook_delivery written by the SAME transaction as the
 * change that causes them (a rolled-back change sends nothing, a committed one is never lost: the
 * dispatcher of any process sends it, after a restart too). One row per subscribed webhook; a partner
 * without a subscription to the event costs one indexed INSERT … SELECT that inserts nothing.
 */
@Injectable()
export class WebhookOutbox {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The Devices tab link of a device (absolute with PUBLIC_URL set, else the path). */
  private deviceLink(migrationId: string, deviceId: string): string {
    return `${this.config.publicUrl?.replace(/\/+$/, '') ?? ''}/migrations/${migrationId}/devices?device=${deviceId}`;
  }

  /**
   * Devices' notifications (DeviceEventsRepository.append passes those among a use case's timeline
   * events, in its transaction): a manual retry needed (D4/D10), a failed switch, an alert raised.
   */
  async fromDevices(
    manager: EntityManager,
    at: Date,
    notifications: readonly DeviceNotification[],
  ): Promise<void> {
    if (notifications.length === 0) return;
    const rows = notifications.map((n) => ({
      ...n,
      data: { ...n.data, link: this.deviceLink(n.migrationId, n.deviceId) },
    }));
    // device and customer named in the body; webhooks of the device's partner subscribed to the event
    await manager.query(
      `INSERT INTO webhook_delivery (webhook_id, event, payload, created_at, next_attempt_at)
       SELECT w.id, e.type,
              jsonb_build_object(
                'type', e.type,
                'timestamp', to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'data', jsonb_build_object('deviceId', d.id, 'hostname', d.hostname, 'windowsUser', d.windows_user,
                                           'migrationId', m.id, 'customerName', m.customer_name) || e.data,
                'text', d.hostname || ' (' || m.customer_name || '): ' || e.line || '.'
                  -- the link only when it can be clicked from a chat tool (PUBLIC_URL set)
                  || CASE WHEN e.data ->> 'link' LIKE 'http%' THEN ' ' || (e.data ->> 'link') ELSE '' END),
              $1, $1
         FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::text[]) AS e(type, device_id, migration_id, data, line)
         JOIN device d ON d.id = e.device_id
         JOIN migration m ON m.id = e.migration_id
         JOIN webhook w ON w.partner_id = m.partner_id AND e.type = ANY (w.events)`,
      [
        at,
        rows.map((r) => r.type),
        rows.map((r) => r.deviceId),
        rows.map((r) => r.migrationId),
        rows.map((r) => JSON.stringify(r.data)),
        rows.map((r) => r.line),
      ],
    );
  }

  /**
   * One notification to the webhooks of a partner subscribed to `type` (or to one webhook: `ping`), in
   * the caller's transaction. Returns how many deliveries it queued.
   */
  async emit(
    manager: EntityManager,
    target: { partnerId: string; webhookId?: string },
    body: WebhookBody,
    at: Date,
  ): Promise<number> {
    const rows = await manager.query(
      `INSERT INTO webhook_delivery (webhook_id, event, payload, created_at, next_attempt_at)
       SELECT w.id, $2, $3::jsonb, $4, $4 FROM webhook w
        WHERE w.partner_id = $1 AND ($5::uuid IS NULL AND $2 = ANY (w.events) OR w.id = $5::uuid)
       RETURNING id`,
      [target.partnerId, body.type, JSON.stringify(body), at, target.webhookId ?? null],
    );
    return rows.length;
  }
}
