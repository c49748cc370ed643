import type { AlertCode } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { SqlParams } from '../database/sql-params';

export interface MigrationAlertRow {
  deviceId: string;
  hostname: string;
  code: AlertCode;
  detail: string | null;
  raisedAt: Date;
}

/** Open alerts of one migration for the partner API (read side; the lifecycle raises and clears them). SQL only here. */
@Injectable()
export class MigrationAlertsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first (alert_migration_open_idx). */
  async listOpen(
    scope: PartnerScope,
    migrationId: string,
    codes: readonly string[] | null,
    limit: number,
  ): Promise<MigrationAlertRow[]> {
    const p = new SqlParams();
    const where = [
      `a.migration_id = ${p.add(migrationId)}`,
      `a.cleared_at IS NULL`,
      scopedToPartner(p, 'd', scope),
    ];
    if (codes) where.push(`a.code = ANY(${p.add(codes)}::text[])`);
    return this.db.query(
      `SELECT a.device_id AS "deviceId", d.hostname, a.code, a.detail, a.raised_at AS "raisedAt"
         FROM alert a JOIN device d ON d.id = a.device_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.raised_at DESC, lower(d.hostname), a.code
        LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  /** Open alerts per code (the "check for last-minute alerts" summary, D3). */
  async countOpenByCode(scope: PartnerScope, migrationId: string): Promise<Map<string, number>> {
    const p = new SqlParams();
    const rows: { code: string; n: number }[] = await this.db.query(
      `SELECT a.code, count(*)::int AS n
         FROM alert a JOIN device d ON d.id = a.device_id
        WHERE a.migration_id = ${p.add(migrationId)} AND a.cleared_at IS NULL AND ${scopedToPartner(p, 'd', scope)}
        GROUP BY a.code`,
      p.values,
    );
    return new Map(rows.map((r) => [r.code, r.n]));
  }
}
