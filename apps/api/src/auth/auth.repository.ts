import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface UserRow {
  id: string;
  partnerId: string;
  email: string;
  passwordHash: string;
}

export interface SessionRow {
  id: string;
  userId: string;
  partnerId: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface MeRow {
  userId: string;
  email: string;
  partnerId: string;
  partnerName: string;
}

/** Partners, users and sessions (SQL only here). */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createPartner(manager: EntityManager, name: string, at: Date): Promise<string> {
    const [row] = await manager.query(`INSERT INTO partner (name, created_at) VALUES ($1, $2) RETURNING id`, [
      name,
      at,
    ]);
    return row.id;
  }

  /** null when the email is taken (unique across partners: it is the sign-in name). */
  async createUser(
    manager: EntityManager,
    user: { partnerId: string; email: string; passwordHash: string; at: Date },
  ): Promise<string | null> {
    const rows = await manager.query(
      `INSERT INTO app_user (partner_id, email, password_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [user.partnerId, user.email, user.passwordHash, user.at],
    );
    return rows.length > 0 ? rows[0].id : null;
  }

  async findUserByEmail(email: string): Promise<UserRow | null> {
    const rows = await this.db.query(
      `SELECT id, partner_id AS "partnerId", email, password_hash AS "passwordHash" FROM app_user WHERE email = $1`,
      [email],
    );
    return rows[0] ?? null;
  }

  async me(userId: string): Promise<MeRow | null> {
    const rows = await this.db.query(
      `SELECT u.id AS "userId", u.email, p.id AS "partnerId", p.name AS "partnerName"
         FROM app_user u JOIN partner p ON p.id = u.partner_id
        WHERE u.id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async createSession(
    manager: EntityManager,
    session: {
      tokenHash: string;
      userId: string;
      partnerId: string;
      at: Date;
      expiresAt: Date;
      userAgent: string | null;
      ip: string | null;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO user_session (token_hash, user_id, partner_id, created_at, last_seen_at, expires_at, user_agent, ip)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
      [
        session.tokenHash,
        session.userId,
        session.partnerId,
        session.at,
        session.expiresAt,
        session.userAgent,
        session.ip,
      ],
    );
  }

  /** Sessions past their expiry are gone for good: the sliding window only moves while a session is valid. */
  async findLiveSession(tokenHash: string, now: Date): Promise<SessionRow | null> {
    const rows = await this.db.query(
      `SELECT id, user_id AS "userId", partner_id AS "partnerId", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt"
         FROM user_session WHERE token_hash = $1 AND expires_at > $2`,
      [tokenHash, now],
    );
    return rows[0] ?? null;
  }

  async extendSession(id: string, now: Date, expiresAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE user_session SET last_seen_at = $2, expires_at = $3 WHERE id = $1 AND expires_at > $2`,
      [id, now, expiresAt],
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query(`DELETE FROM user_session WHERE token_hash = $1`, [tokenHash]);
  }

  /** Housekeeping at sign-in: a user's expired sessions are useless rows. */
  async deleteExpiredSessions(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager.query(`DELETE FROM user_session WHERE user_id = $1 AND expires_at <= $2`, [userId, now]);
  }
}
