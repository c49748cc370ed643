import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface ThrottleWindow {
  key: string;
  windowStart: Date;
  attempts: number;
}

/**
 * Fixed-window counters in PostgreSQL (table login_throttle), so the limits hold across API
 * instances and restarts. SQL only here.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async windows(keys: string[], since: Date): Promise<ThrottleWindow[]> {
    if (keys.length === 0) return [];
    return this.db.query(
      `SELECT key, window_start AS "windowStart", attempts FROM login_throttle
        WHERE key = ANY($1::text[]) AND window_start > $2`,
      [keys, since],
    );
  }

  /** One atomic upsert per key: a window older than windowMs restarts at 1. */
  async count(keys: string[], now: Date, windowMs: number): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query(
      `INSERT INTO login_throttle AS t (key, window_start, attempts)
       SELECT k, $2, 1 FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE t.attempts + 1 END,
         window_start = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $3) THEN $2 ELSE t.window_start END`,
      [keys, now, windowMs / 1000],
    );
  }

  async reset(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query(`DELETE FROM login_throttle WHERE key = ANY($1::text[])`, [keys]);
  }

  /** Old windows are dead weight; pruned now and then. */
  async prune(before: Date): Promise<void> {
    await this.db.query(`DELETE FROM login_throttle WHERE window_start <= $1`, [before]);
  }
}
