import type { MigrationType } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerScope } from './partner-scope';
import { SqlParams } from '../database/sql-params';
import { scopedToPartner } from './tenancy';

export interface ScopedMigration {
  id: string;
  partnerId: string;
  customerName: string;
  cutoverAt: Date;
  migrationType: MigrationType;
  maxConcurrentTransfers: number | null;
  pollIntervalSeconds: number;
  /** Mbit/s; null = unknown. */
  bandwidthMbps: number | null;
}

/**
 * Ownership look-ups every partner feature starts from: a migration of the caller's partner or nothing.
 * SQL only here.
 */
@Injectable()
export class TenancyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `lock` takes a row lock for the rest of the caller's transaction (updates to one migration run one at a time). */
  async findMigration(
    scope: PartnerScope,
    id: string,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<ScopedMigration | null> {
    const p = new SqlParams();
    const rows = await (options.manager ?? this.db.manager).query(
      `SELECT m.id, m.partner_id AS "partnerId", m.customer_name AS "customerName", m.cutover_at AS "cutoverAt",
              m.migration_type AS "migrationType", m.max_concurrent_transfers AS "maxConcurrentTransfers",
              m.poll_interval_seconds AS "pollIntervalSeconds", m.bandwidth_mbps::float8 AS "bandwidthMbps"
         FROM migration m
        WHERE m.id = ${p.add(id)} AND ${scopedToPartner(p, 'm', scope)}
        ${options.lock ? 'FOR NO KEY UPDATE' : ''}`,
      p.values,
    );
    return rows[0] ?? null;
  }
}
