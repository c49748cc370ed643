import type { WebhookEvent } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { queryRows } from '../database/query-rows';
import { SqlParams } from '../database/sql-params';

export interface WebhookRow {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: Date;
}

/** A delivery the dispatcher claimed: what to send, where, and how many attempts came before. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  url: string;
  secret: string;
  event: string;
  payload: unknown;
  createdAt: Date;
  attempts: number;
}

/** One row of GET …/deliveries: an attempt made, or the next one due. */
export interface DeliveryAttemptRow {
  id: string;
  event: string;
  attempt: number;
  status: 'pending' | 'succeeded' | 'failed';
  responseStatus: number | null;
  error: string | null;
  at: Date;
  nextAttemptAt: Date | null;
}

const COLUMNS = `w.id, w.url, w.events, w.created_at AS "createdAt"`;

/** D18: webhook subscriptions, the outbox's claims and every attempt (tables webhook, webhook_delivery, webhook_attempt). */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(
    manager: EntityManager,
    scope: PartnerScope,
    webhook: { url: string; events: readonly WebhookEvent[]; secret: string; at: Date },
  ): Promise<WebhookRow> {
    const [row] = await manager.query(
      `INSERT INTO webhook AS w (partner_id, url, events, secret, created_at, created_by)
       VALUES ($1, $2, $3::text[], $4, $5, $6) RETURNING ${COLUMNS}`,
      [scope.partnerId, webhook.url, webhook.events, webhook.secret, webhook.at, scope.userId],
    );
    return row;
  }

  async list(scope: PartnerScope): Promise<WebhookRow[]> {
    const p = new SqlParams();
    return this.db.query(
      `SELECT ${COLUMNS} FROM webhook w WHERE ${scopedToPartner(p, 'w', scope)} ORDER BY w.created_at DESC, w.id`,
      p.values,
    );
  }

  async find(manager: EntityManager, scope: PartnerScope, id: string): Promise<WebhookRow | null> {
    const p = new SqlParams();
    const rows = await manager.query(
      `SELECT ${COLUMNS} FROM webhook w WHERE ${scopedToPartner(p, 'w', scope)} AND w.id = ${p.add(id)}::uuid`,
      p.values,
    );
    return rows[0] ?? null;
  }

  /** Deletes the webhook and its deliveries (pending ones are never sent). false when not the partner's. */
  async delete(scope: PartnerScope, id: string): Promise<boolean> {
    const p = new SqlParams();
    const rows = await queryRows(
      this.db.manager,
      `DELETE FROM webhook w WHERE ${scopedToPartner(p, 'w', scope)} AND w.id = ${p.add(id)}::uuid RETURNING w.id`,
      p.values,
    );
    return rows.length > 0;
  }

  /**
   * Attempts made (newest first) and, for a delivery still pending, its next attempt: D18, every
   * attempt is visible. The webhook must be the partner's (the caller checked).
   */
  async deliveries(webhookId: string, limit: number): Promise<DeliveryAttemptRow[]> {
    return this.db.query(
      `SELECT * FROM (
         SELECT d.id, d.event, a.attempt,
                CASE WHEN a.response_status BETWEEN 200 AND 299 THEN 'succeeded' ELSE 'failed' END AS status,
                a.response_status AS "responseStatus", a.error, a.at,
                CASE WHEN d.status = 'pending' AND a.attempt = d.attempts THEN d.next_attempt_at END AS "nextAttemptAt"
           FROM webhook_delivery d JOIN webhook_attempt a ON a.delivery_id = d.id
          WHERE d.webhook_id = $1
         UNION ALL
         SELECT d.id, d.event, d.attempts + 1, 'pending', NULL, NULL, d.next_attempt_at, d.next_attempt_at
           FROM webhook_delivery d
          WHERE d.webhook_id = $1 AND d.status = 'pending' AND d.attempts = 0
       ) x
       ORDER BY x.at DESC, x.attempt DESC
       LIMIT $2`,
      [webhookId, limit],
    );
  }

  /**
   * Claims due deliveries for this process: pending, due, not claimed by a live process (FOR UPDATE SKIP
   * LOCKED: two dispatchers never take one row), at most `perWebhook` of one webhook that this process
   * is not already sending to (`busy`: in flight here), oldest first. The claim is a lease: a process that
   * dies mid-send leaves the row to be claimed again when `claimedUntil` passes (at least once).
   */
  async claimDue(input: {
    now: Date;
    claimedUntil: Date;
    limit: number;
    perWebhook: number;
    busy: ReadonlyMap<string, number>;
  }): Promise<ClaimedDelivery[]> {
    return queryRows<ClaimedDelivery>(
      this.db.manager,
      `WITH due AS (
         SELECT d.id, d.webhook_id, d.next_attempt_at FROM webhook_delivery d
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until <= $1)
          ORDER BY d.next_attempt_at, d.id
          LIMIT $3 * 4
          FOR UPDATE SKIP LOCKED
       ),
       ranked AS (
         SELECT due.id, due.next_attempt_at,
                row_number() OVER (PARTITION BY due.webhook_id ORDER BY due.next_attempt_at, due.id)
                  + COALESCE(b.busy, 0) AS slot
           FROM due LEFT JOIN unnest($5::uuid[], $6::int[]) AS b(webhook_id, busy) ON b.webhook_id = due.webhook_id
       ),
       chosen AS (SELECT id FROM ranked WHERE slot <= $4 ORDER BY next_attempt_at, id LIMIT $3)
       UPDATE webhook_delivery d SET claimed_until = $2
         FROM chosen c, webhook w
        WHERE d.id = c.id AND w.id = d.webhook_id
       RETURNING d.id, d.webhook_id AS "webhookId", w.url, w.secret, d.event, d.payload,
                 d.created_at AS "createdAt", d.attempts`,
      [
        input.now,
        input.claimedUntil,
        input.limit,
        input.perWebhook,
        [...input.busy.keys()],
        [...input.busy.values()],
      ],
    );
  }

  /** An attempt's outcome: recorded, and the delivery done, failed for good, or due again at `nextAttemptAt`. */
  async recordAttempt(
    manager: EntityManager,
    input: {
      deliveryId: string;
      attempt: number;
      at: Date;
      responseStatus: number | null;
      error: string | null;
      durationMs: number;
      status: 'pending' | 'succeeded' | 'failed';
      nextAttemptAt: Date | null;
    },
  ): Promise<void> {
    // the attempt number guards against a second process that claimed the row after a lease ran out
    const updated = await queryRows(
      manager,
      `UPDATE webhook_delivery SET status = $3, attempts = $2, next_attempt_at = $4, claimed_until = NULL
        WHERE id = $1 AND attempts = $2 - 1 RETURNING id`,
      [input.deliveryId, input.attempt, input.status, input.nextAttemptAt],
    );
    if (updated.length === 0) return;
    await manager.query(
      `INSERT INTO webhook_attempt (delivery_id, attempt, at, response_status, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [input.deliveryId, input.attempt, input.at, input.responseStatus, input.error, input.durationMs],
    );
  }

  /** Pending deliveries (the backlog gauge of /metrics). */
  async backlog(): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'pending'`,
    );
    return row.n;
  }

  /**
   * D18: migrations whose summary is due (C + 12 h passed, not sent since, or the cutover moved after it
   * was), locked for this transaction (SKIP LOCKED: one process sends each) and marked sent.
   */
  async takeDueSummaries(
    manager: EntityManager,
    now: Date,
    limit: number,
  ): Promise<{ id: string; partnerId: string; customerName: string }[]> {
    return queryRows(
      manager,
      `UPDATE migration m SET summary_notified_at = $1
        WHERE m.id IN (
          SELECT id FROM migration
           WHERE cutover_at + interval '12 hours' <= $1
             AND (summary_notified_at IS NULL OR summary_notified_at < cutover_at + interval '12 hours')
           ORDER BY cutover_at
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.partner_id AS "partnerId", m.customer_name AS "customerName"`,
      [now, limit],
    );
  }
}
