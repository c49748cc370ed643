import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { SqlParams } from '../database/sql-params';

export interface NewActivity {
  partnerId: string;
  migrationId: string;
  actorUserId: string | null;
  /** The API token the partner's script used (the audit log names it); null for a dashboard session. */
  actorTokenId: string | null;
  at: Date;
  action: string;
  detail: Record<string, unknown>;
  deviceIds?: readonly string[];
}

export interface ActivityRow {
  id: string;
  at: Date;
  actorUserId: string | null;
  actorEmail: string | null;
  actorTokenId: string | null;
  actorTokenName: string | null;
  action: string;
  detail: Record<string, unknown>;
  deviceCount: number;
  deviceIds: string[];
}

/** How many device ids a listed entry carries; the entry itself (GET .../activity/{id}) has them all. */
export const LISTED_DEVICE_IDS = 100;

/** The migration audit log (table activity). SQL only here. */
@Injectable()
export class ActivityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The INSERT of one entry as SQL, for a use case that writes it in its own statement: `deviceIds` and
   * `detailExtra` are SQL expressions over that statement's CTEs (a bulk action's affected ids and counts
   * never travel to the API and back). Returns `id`.
   */
  static insertSql(
    p: SqlParams,
    entry: Omit<NewActivity, 'deviceIds'>,
    sql: { deviceIds: string; detailExtra: string },
  ): string {
    return `INSERT INTO activity (partner_id, migration_id, actor_user_id, actor_token_id, at, action, detail, device_ids)
      SELECT ${p.add(entry.partnerId)}::uuid, ${p.add(entry.migrationId)}::uuid, ${p.add(entry.actorUserId)}::uuid,
             ${p.add(entry.actorTokenId)}::uuid,
             ${p.add(entry.at)}::timestamptz, ${p.add(entry.action)}::text,
             ${p.add(JSON.stringify(entry.detail))}::jsonb || (${sql.detailExtra}),
             COALESCE((${sql.deviceIds}), '{}'::uuid[])
      RETURNING id::text AS id`;
  }

  async insert(manager: EntityManager, entry: NewActivity): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO activity (partner_id, migration_id, actor_user_id, at, action, detail, device_ids, actor_token_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8) RETURNING id::text AS id`,
      [
        entry.partnerId,
        entry.migrationId,
        entry.actorUserId,
        entry.at,
        entry.action,
        JSON.stringify(entry.detail),
        entry.deviceIds ?? [],
        entry.actorTokenId,
      ],
    );
    return row.id;
  }

  /** Newest first; `before` is the last entry of the previous page. */
  async list(
    scope: PartnerScope,
    migrationId: string,
    options: { limit: number; before: { at: Date; id: string } | null },
  ): Promise<ActivityRow[]> {
    const p = new SqlParams();
    const where = [scopedToPartner(p, 'a', scope), `a.migration_id = ${p.add(migrationId)}`];
    if (options.before)
      where.push(
        `(a.at, a.seq) < (${p.add(options.before.at)}::timestamptz, (SELECT seq FROM activity WHERE id = ${p.add(options.before.id)}::uuid))`,
      );
    return this.db.query(
      `SELECT ${this.columns(`a.device_ids[1:${LISTED_DEVICE_IDS}]`)}
         FROM activity a LEFT JOIN app_user u ON u.id = a.actor_user_id LEFT JOIN api_token t ON t.id = a.actor_token_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.at DESC, a.seq DESC
        LIMIT ${p.add(options.limit)}`,
      p.values,
    );
  }

  async get(scope: PartnerScope, migrationId: string, id: string): Promise<ActivityRow | null> {
    const p = new SqlParams();
    const rows = await this.db.query(
      `SELECT ${this.columns('a.device_ids')}
         FROM activity a LEFT JOIN app_user u ON u.id = a.actor_user_id LEFT JOIN api_token t ON t.id = a.actor_token_id
        WHERE ${scopedToPartner(p, 'a', scope)} AND a.migration_id = ${p.add(migrationId)} AND a.id = ${p.add(id)}::uuid`,
      p.values,
    );
    return rows[0] ?? null;
  }

  private columns(deviceIds: string): string {
    return `a.id::text AS id, a.at, a.actor_user_id AS "actorUserId", u.email AS "actorEmail",
            a.actor_token_id AS "actorTokenId", t.name AS "actorTokenName", a.action, a.detail,
            cardinality(a.device_ids)::int AS "deviceCount", ${deviceIds}::text[] AS "deviceIds"`;
  }
}
