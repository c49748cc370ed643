import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { SqlParams } from '../database/sql-params';
import type { PartnerScope } from './partner-scope';
import { scopedToPartner } from './tenancy';

export interface ApiTokenRow {
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export interface LiveTokenRow {
  id: string;
  partnerId: string;
  userId: string;
  lastUsedAt: Date | null;
}

const COLUMNS = `t.id, t.name, t.created_at AS "createdAt", t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt"`;

/** API tokens for partner scripts (table api_token). SQL only here. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    scope: PartnerScope,
    token: { name: string; tokenHash: string; at: Date; expiresAt: Date | null },
  ): Promise<ApiTokenRow> {
    const [row] = await this.db.query(
      `INSERT INTO api_token AS t (partner_id, created_by, name, token_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [scope.partnerId, scope.userId, token.name, token.tokenHash, token.at, token.expiresAt],
    );
    return row;
  }

  /** The partner's tokens that still work or have yet to be cleaned up (revoked ones are gone from the list). */
  async list(scope: PartnerScope): Promise<ApiTokenRow[]> {
    const p = new SqlParams();
    return this.db.query(
      `SELECT ${COLUMNS} FROM api_token t
        WHERE ${scopedToPartner(p, 't', scope)} AND t.revoked_at IS NULL
        ORDER BY t.created_at DESC, t.id`,
      p.values,
    );
  }

  /** true when the partner's token existed and was live: from now on it authenticates nothing. */
  async revoke(scope: PartnerScope, id: string, at: Date): Promise<boolean> {
    const p = new SqlParams();
    const rows = await queryRows(
      this.db.manager,
      `UPDATE api_token t SET revoked_at = ${p.add(at)}
        WHERE ${scopedToPartner(p, 't', scope)} AND t.id = ${p.add(id)}::uuid AND t.revoked_at IS NULL
        RETURNING t.id`,
      p.values,
    );
    return rows.length > 0;
  }

  /** The token behind a bearer header: not revoked, not expired. One primary-key-like lookup per request. */
  async findLive(tokenHash: string, now: Date): Promise<LiveTokenRow | null> {
    const rows = await this.db.query(
      `SELECT id, partner_id AS "partnerId", created_by AS "userId", last_used_at AS "lastUsedAt"
         FROM api_token
        WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  /** lastUsedAt moves forward only, and at most once a `minIntervalMs` (not a write per request). */
  async touch(id: string, now: Date, minIntervalMs: number): Promise<void> {
    await this.db.query(
      `UPDATE api_token SET last_used_at = $2
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - $3 * interval '1 millisecond')`,
      [id, now, minIntervalMs],
    );
  }
}
