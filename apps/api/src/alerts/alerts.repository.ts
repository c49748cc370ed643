import { type AlertCode } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';

export interface OpenAlertRow {
  deviceId: string;
  hostname: string;
  code: AlertCode;
  detail: string | null;
  raisedAt: Date;
}

/**
 * Readiness alerts (D1, D3). An alert is open while cleared_at is null; at most one open alert per
 * device and code (alert_open_key). The lifecycle raises and clears them; partner reads list them.
 */
@Injectable()
export class AlertsRepository {
  /** Opens the alert unless it is already open; true when it was newly raised. */
  async raise(
    manager: EntityManager,
    alert: { deviceId: string; migrationId: string; code: AlertCode; detail: string | null; at: Date },
  ): Promise<boolean> {
    const rows = await queryRows<unknown>(
      manager,
      `INSERT INTO alert (device_id, migration_id, code, detail, raised_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (device_id, code) WHERE cleared_at IS NULL DO NOTHING
       RETURNING id`,
      [alert.deviceId, alert.migrationId, alert.code, alert.detail, alert.at],
    );
    return rows.length > 0;
  }

  /** Clears those of `codes` that are open; returns the codes it cleared. */
  async clear(
    manager: EntityManager,
    deviceId: string,
    codes: readonly AlertCode[],
    at: Date,
  ): Promise<AlertCode[]> {
    if (codes.length === 0) return [];
    const rows = await queryRows<{ code: AlertCode }>(
      manager,
      `UPDATE alert SET cleared_at = $3
       WHERE device_id = $1 AND code = ANY($2::text[]) AND cleared_at IS NULL
       RETURNING code`,
      [deviceId, codes, at],
    );
    return rows.map((r) => r.code);
  }

  /** Open alerts of one migration, newest first (GET /api/migrations/{id}/alerts). */
  async listOpenForMigration(manager: EntityManager, migrationId: string): Promise<OpenAlertRow[]> {
    const rows = await queryRows<{
      device_id: string;
      hostname: string;
      code: AlertCode;
      detail: string | null;
      raised_at: Date;
    }>(
      manager,
      `SELECT a.device_id, d.hostname, a.code, a.detail, a.raised_at
         FROM alert a JOIN device d ON d.id = a.device_id
         WHERE a.migration_id = $1 AND a.cleared_at IS NULL
         ORDER BY a.raised_at DESC, d.hostname, a.code`,
      [migrationId],
    );
    return rows.map((r) => ({
      deviceId: r.device_id,
      hostname: r.hostname,
      code: r.code,
      detail: r.detail,
      raisedAt: r.raised_at,
    }));
  }

  /** Open alert codes per device, for a page of devices (one query for the page). */
  async listOpenForDevices(
    manager: EntityManager,
    deviceIds: readonly string[],
  ): Promise<Map<string, AlertCode[]>> {
    const result = new Map<string, AlertCode[]>();
    if (deviceIds.length === 0) return result;
    const rows = await queryRows<{ device_id: string; code: AlertCode }>(
      manager,
      `SELECT device_id, code FROM alert
       WHERE device_id = ANY($1::uuid[]) AND cleared_at IS NULL
       ORDER BY raised_at, code`,
      [deviceIds],
    );
    for (const row of rows) result.set(row.device_id, [...(result.get(row.device_id) ?? []), row.code]);
    return result;
  }

  /** Open alerts per migration (Migration.openAlerts). */
  async countOpenByMigration(
    manager: EntityManager,
    migrationIds: readonly string[],
  ): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    if (migrationIds.length === 0) return result;
    const rows = await queryRows<{ migration_id: string; n: number }>(
      manager,
      `SELECT migration_id, count(*)::int AS n FROM alert
       WHERE migration_id = ANY($1::uuid[]) AND cleared_at IS NULL
       GROUP BY migration_id`,
      [migrationIds],
    );
    for (const row of rows) result.set(row.migration_id, row.n);
    return result;
  }
}
