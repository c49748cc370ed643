import type { DeviceStatus, MigrationType } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { SqlParams } from '../database/sql-params';
import { onlineSinceSql, onlineSql } from '../lifecycle/device-state.repository';

export interface MigrationRow {
  id: string;
  customerName: string;
  cutoverAt: Date;
  migrationType: MigrationType;
  maxConcurrentTransfers: number | null;
  pollIntervalSeconds: number;
  /** The customer's link for transfer estimates (Mbit/s); null = unknown. */
  bandwidthMbps: number | null;
  enrollmentKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MigrationStats {
  deviceCounts: Map<DeviceStatus, number>;
  openAlerts: number;
  /** D2: devices with a part that polled within 3 intervals (exact, not sampled). */
  onlineDevices: number;
}

export interface MigrationChanges {
  customerName?: string;
  cutoverAt?: Date;
  maxConcurrentTransfers?: number | null;
  pollIntervalSeconds?: number;
  bandwidthMbps?: number | null;
}

const COLUMNS = `m.id, m.customer_name AS "customerName", m.cutover_at AS "cutoverAt", m.migration_type AS "migrationType",
  m.max_concurrent_transfers AS "maxConcurrentTransfers", m.poll_interval_seconds AS "pollIntervalSeconds",
  m.bandwidth_mbps::float8 AS "bandwidthMbps", m.enrollment_key AS "enrollmentKey", m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

/** Migrations of one partner, with their device counts and open alerts. SQL only here. */
@Injectable()
export class MigrationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    manager: EntityManager,
    scope: PartnerScope,
    m: Omit<MigrationRow, 'id' | 'createdAt' | 'updatedAt'> & { at: Date },
  ): Promise<MigrationRow> {
    const [row] = await manager.query(
      `INSERT INTO migration AS m (partner_id, customer_name, cutover_at, migration_type, max_concurrent_transfers,
                                   poll_interval_seconds, enrollment_key, created_at, updated_at, bandwidth_mbps)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)
       RETURNING ${COLUMNS}`,
      [
        scope.partnerId,
        m.customerName,
        m.cutoverAt,
        m.migrationType,
        m.maxConcurrentTransfers,
        m.pollIntervalSeconds,
        m.enrollmentKey,
        m.at,
        m.bandwidthMbps,
      ],
    );
    return row;
  }

  /** Newest cutover first: the migrations a partner is working on come before the finished ones. */
  async list(scope: PartnerScope): Promise<MigrationRow[]> {
    const p = new SqlParams();
    return this.db.query(
      `SELECT ${COLUMNS} FROM migration m WHERE ${scopedToPartner(p, 'm', scope)} ORDER BY m.cutover_at DESC, m.id`,
      p.values,
    );
  }

  async get(
    scope: PartnerScope,
    id: string,
    manager: EntityManager = this.db.manager,
  ): Promise<MigrationRow | null> {
    const p = new SqlParams();
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM migration m WHERE m.id = ${p.add(id)} AND ${scopedToPartner(p, 'm', scope)}`,
      p.values,
    );
    return rows[0] ?? null;
  }

  /**
   * Device counts per status, online devices (D2, exact: one index-ordered pass per migration) and open
   * alerts, for any number of migrations in three grouped queries.
   */
  async stats(
    scope: PartnerScope,
    migrationIds: string[],
    now: Date,
    manager: EntityManager = this.db.manager,
  ): Promise<Map<string, MigrationStats>> {
    const stats = new Map<string, MigrationStats>(
      migrationIds.map((id) => [id, { deviceCounts: new Map(), openAlerts: 0, onlineDevices: 0 }]),
    );
    if (migrationIds.length === 0) return stats;
    const p = new SqlParams();
    const counts: { migrationId: string; status: DeviceStatus; n: number }[] = await manager.query(
      `SELECT d.migration_id AS "migrationId", d.status, count(*)::int AS n
         FROM device d
        WHERE d.migration_id = ANY(${p.add(migrationIds)}::uuid[]) AND ${scopedToPartner(p, 'd', scope)}
        GROUP BY d.migration_id, d.status`,
      p.values,
    );
    for (const c of counts) stats.get(c.migrationId)?.deviceCounts.set(c.status, c.n);
    const o = new SqlParams();
    const online: { migrationId: string; n: number }[] = await manager.query(
      `SELECT d.migration_id AS "migrationId", count(*)::int AS n
         FROM device d JOIN migration m ON m.id = d.migration_id
        WHERE d.migration_id = ANY(${o.add(migrationIds)}::uuid[]) AND ${scopedToPartner(o, 'd', scope)}
          AND ${onlineSql('d', onlineSinceSql(o.add(now)))}
        GROUP BY d.migration_id`,
      o.values,
    );
    for (const c of online) {
      const s = stats.get(c.migrationId);
      if (s) s.onlineDevices = c.n;
    }
    const q = new SqlParams();
    const alerts: { migrationId: string; n: number }[] = await manager.query(
      `SELECT a.migration_id AS "migrationId", count(*)::int AS n
         FROM alert a JOIN migration m ON m.id = a.migration_id
        WHERE a.migration_id = ANY(${q.add(migrationIds)}::uuid[]) AND a.cleared_at IS NULL AND ${scopedToPartner(q, 'm', scope)}
        GROUP BY a.migration_id`,
      q.values,
    );
    for (const a of alerts) {
      const s = stats.get(a.migrationId);
      if (s) s.openAlerts = a.n;
    }
    return stats;
  }

  async update(
    manager: EntityManager,
    scope: PartnerScope,
    id: string,
    changes: MigrationChanges,
    at: Date,
  ): Promise<MigrationRow> {
    const p = new SqlParams();
    const sets = [`updated_at = ${p.add(at)}`];
    if (changes.customerName !== undefined) sets.push(`customer_name = ${p.add(changes.customerName)}`);
    if (changes.cutoverAt !== undefined) sets.push(`cutover_at = ${p.add(changes.cutoverAt)}`);
    if (changes.maxConcurrentTransfers !== undefined)
      sets.push(`max_concurrent_transfers = ${p.add(changes.maxConcurrentTransfers)}::int`);
    if (changes.pollIntervalSeconds !== undefined)
      sets.push(`poll_interval_seconds = ${p.add(changes.pollIntervalSeconds)}`);
    if (changes.bandwidthMbps !== undefined)
      sets.push(`bandwidth_mbps = ${p.add(changes.bandwidthMbps)}::numeric`);
    // TypeORM answers an UPDATE with [rows, rowCount]
    const [[row]] = await manager.query(
      `UPDATE migration m SET ${sets.join(', ')}
        WHERE m.id = ${p.add(id)} AND ${scopedToPartner(p, 'm', scope)}
        RETURNING ${COLUMNS}`,
      p.values,
    );
    return row;
  }

  async setEnrollmentKey(
    manager: EntityManager,
    scope: PartnerScope,
    id: string,
    key: string,
    at: Date,
  ): Promise<void> {
    const p = new SqlParams();
    await manager.query(
      `UPDATE migration m SET enrollment_key = ${p.add(key)}, updated_at = ${p.add(at)}
        WHERE m.id = ${p.add(id)} AND ${scopedToPartner(p, 'm', scope)}`,
      p.values,
    );
  }
}
