import type { DeviceStatus } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { SqlParams } from '../database/sql-params';
import { onlineSql } from '../lifecycle/device-state.repository';

/** One group of a migration's devices (by status and error code) with the counts the summary needs. */
export interface SummaryGroup {
  status: DeviceStatus;
  errorCode: string | null;
  n: number;
  neverSeen: number;
  offline: number;
  manual: number;
  /** Online devices whose switch is still to happen or running, and their reported local data. */
  remaining: number;
  remainingBytes: number | null;
  completedRecently: number;
}

/**
 * D12 in two set-based queries, whatever the fleet's size: one pass over the migration's devices grouped
 * by (status, error code) with every count as a FILTER aggregate, and the open alerts by code.
 * Every column the pass reads is in device_summary_idx (migration 1796200000000), so it is an
 * index-only scan; the retry_request look-up runs only for the few devices that need a manual retry.
 */
@Injectable()
export class SummaryRepository {
  async groups(
    manager: EntityManager,
    scope: PartnerScope,
    input: { migrationId: string; onlineSince: Date; recentSince: Date },
  ): Promise<SummaryGroup[]> {
    const p = new SqlParams();
    const online = onlineSql('d', `${p.add(input.onlineSince)}::timestamptz`);
    const toSwitch = `d.profile_created_at IS NOT NULL AND d.switched_at IS NULL AND d.status <> 'switch_failed'`;
    return manager.query(
      `SELECT d.status, d.error_code AS "errorCode", count(*)::int AS n,
              count(*) FILTER (WHERE d.last_seen_at IS NULL)::int AS "neverSeen",
              count(*) FILTER (WHERE d.last_seen_at IS NOT NULL AND NOT ${online})::int AS offline,
              count(*) FILTER (WHERE d.manual_retry_required
                                 AND NOT EXISTS (SELECT 1 FROM retry_request r WHERE r.device_id = d.id))::int AS manual,
              count(*) FILTER (WHERE ${toSwitch} AND ${online})::int AS remaining,
              (sum(d.local_data_bytes) FILTER (WHERE ${toSwitch} AND ${online}))::float8 AS "remainingBytes",
              count(*) FILTER (WHERE d.switched_at >= ${p.add(input.recentSince)})::int AS "completedRecently"
         FROM device d
        WHERE d.migration_id = ${p.add(input.migrationId)} AND ${scopedToPartner(p, 'd', scope)}
        GROUP BY d.status, d.error_code`,
      p.values,
    );
  }

  async alerts(
    manager: EntityManager,
    scope: PartnerScope,
    migrationId: string,
  ): Promise<{ code: string; count: number }[]> {
    const p = new SqlParams();
    return manager.query(
      `SELECT a.code, count(*)::int AS count
         FROM alert a JOIN migration m ON m.id = a.migration_id
        WHERE a.migration_id = ${p.add(migrationId)} AND a.cleared_at IS NULL AND ${scopedToPartner(p, 'm', scope)}
        GROUP BY a.code ORDER BY count(*) DESC, a.code`,
      p.values,
    );
  }
}
