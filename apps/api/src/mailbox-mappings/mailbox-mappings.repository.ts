import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { SqlParams } from '../database/sql-params';
import type { MappingLine, MappingRejection } from './mailbox-mapping-rows';

export interface MappingRow {
  identity: string;
  mailbox: string;
  /** identity_key: the keyset. */
  key: string;
  deviceIds: string[];
}

/** Devices of the mapping `mm` that take their mailbox from it (its email's mapping first, else its Windows user's: as applyToDevices and enrollment). */
const DEVICES_OF_MAPPING = `ARRAY(
    SELECT d.id::text FROM device d
     WHERE d.migration_id = mm.migration_id
       AND (lower(d.user_email) COLLATE "C" = mm.identity_key
            OR (lower(d.windows_user) COLLATE "C" = mm.identity_key
                AND NOT EXISTS (SELECT 1 FROM mailbox_mapping me
                                 WHERE me.migration_id = d.migration_id
                                   AND me.identity_key = lower(d.user_email) COLLATE "C")))
     ORDER BY d.id)`;

/** The mailbox mapping of a migration (table mailbox_mapping) and device.mailbox it sets. SQL only here. */
@Injectable()
export class MailboxMappingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Replaces the migration's mapping with `rows`, set-based. Returns the lines whose identity the database
   * found twice (lower() there may fold more than the service's check did): then the caller rolls back.
   */
  async replace(
    manager: EntityManager,
    migrationId: string,
    rows: readonly MappingLine[],
  ): Promise<{ imported: number; duplicates: MappingRejection[] }> {
    await manager.query(`DELETE FROM mailbox_mapping WHERE migration_id = $1`, [migrationId]);
    if (rows.length === 0) return { imported: 0, duplicates: [] };
    const input = [rows.map((r) => r.identity), rows.map((r) => r.mailbox), rows.map((r) => r.line)];
    const [{ imported }] = await manager.query(
      `WITH inserted AS (
         INSERT INTO mailbox_mapping (migration_id, identity_key, identity, mailbox)
         SELECT $1, lower(i), i, m FROM unnest($2::text[], $3::text[]) AS x(i, m)
         ON CONFLICT (migration_id, identity_key) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS imported FROM inserted`,
      [migrationId, input[0], input[1]],
    );
    if (imported === rows.length) return { imported, duplicates: [] };
    const duplicates: { line: number; first: number }[] = await manager.query(
      `SELECT n AS line, first FROM (
         SELECT n, min(n) OVER (PARTITION BY lower(i) COLLATE "C") AS first
           FROM unnest($1::text[], $2::int[]) AS x(i, n)) r
        WHERE n <> first ORDER BY n`,
      [input[0], input[2]],
    );
    return {
      imported,
      duplicates: duplicates.map((d) => ({
        line: d.line,
        reason: `duplicate identity (case-insensitive): already on line ${d.first}`,
      })),
    };
  }

  /**
   * Sets device.mailbox of every device of the migration from the mapping, NULL where none applies.
   * `matchedDevices`: devices with a mapped mailbox now; `changedDevices`: whose mailbox changed.
   */
  async applyToDevices(
    manager: EntityManager,
    migrationId: string,
    now: Date,
  ): Promise<{ matchedDevices: number; changedDevices: number }> {
    const [row] = await manager.query(
      `WITH target AS (
         SELECT d.id, d.mailbox AS before, COALESCE(me.mailbox, mw.mailbox) AS mailbox
           FROM device d
           LEFT JOIN mailbox_mapping me
                  ON me.migration_id = d.migration_id AND me.identity_key = lower(d.user_email) COLLATE "C"
           LEFT JOIN mailbox_mapping mw
                  ON mw.migration_id = d.migration_id AND mw.identity_key = lower(d.windows_user) COLLATE "C"
          WHERE d.migration_id = $1),
       changed AS (
         UPDATE device d SET mailbox = t.mailbox, updated_at = $2
           FROM target t
          WHERE d.id = t.id AND t.before IS DISTINCT FROM t.mailbox
         RETURNING d.id)
       SELECT (SELECT count(*) FROM target WHERE mailbox IS NOT NULL)::int AS "matchedDevices",
              (SELECT count(*) FROM changed)::int AS "changedDevices"`,
      [migrationId, now],
    );
    return row;
  }

  /** One page in identity_key order after `after`; the caller asks for limit + 1 to learn whether more follow. */
  async page(
    scope: PartnerScope,
    migrationId: string,
    options: { limit: number; after: string | null },
  ): Promise<MappingRow[]> {
    const p = new SqlParams();
    const where = [`mm.migration_id = ${p.add(migrationId)}`, inScope(p, scope)];
    if (options.after !== null) where.push(`mm.identity_key > ${p.add(options.after)}`);
    return this.db.query(
      `SELECT mm.identity, mm.mailbox, mm.identity_key AS key, ${DEVICES_OF_MAPPING} AS "deviceIds"
         FROM mailbox_mapping mm
        WHERE ${where.join(' AND ')}
        ORDER BY mm.identity_key
        LIMIT ${p.add(options.limit)}`,
      p.values,
    );
  }

  async count(scope: PartnerScope, migrationId: string): Promise<number> {
    const p = new SqlParams();
    const [row] = await this.db.query(
      `SELECT count(*)::int AS total FROM mailbox_mapping mm
        WHERE mm.migration_id = ${p.add(migrationId)} AND ${inScope(p, scope)}`,
      p.values,
    );
    return row.total;
  }
}

/** mailbox_mapping has no partner_id: it is reached through the partner's migration. */
function inScope(p: SqlParams, scope: PartnerScope): string {
  return `EXISTS (SELECT 1 FROM migration m WHERE m.id = mm.migration_id AND ${scopedToPartner(p, 'm', scope)})`;
}
