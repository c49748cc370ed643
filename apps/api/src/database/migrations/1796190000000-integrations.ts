import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #16: API tokens for partner scripts, and D18 webhooks: subscriptions, the outbox of deliveries
 * (written in the transaction of the change that causes the event) and every attempt.
 */
export class Integrations1796190000000 implements MigrationInterface {
  name = 'Integrations1796190000000';

  async up(db: QueryRunner): Promise<void> {
    // token_hash: sha256 of the token, the only copy the service keeps; revoked tokens stay listed in
    // the audit log's actor (activity.actor_token_id) but never authenticate again
    await db.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        created_by uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz
      )
    `);
    await db.query(`CREATE INDEX api_token_partner_idx ON api_token (partner_id, created_at DESC)`);
    await db.query(
      `ALTER TABLE activity ADD COLUMN actor_token_id uuid REFERENCES api_token(id) ON DELETE SET NULL`,
    );

    await db.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL
      )
    `);
    await db.query(`CREATE INDEX webhook_partner_idx ON webhook (partner_id)`);

    // the outbox: one row per (event, subscribed webhook); its id is the webhook-id header of every attempt
    await db.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
        event text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        claimed_until timestamptz
      )
    `);
    await db.query(
      `CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    );
    await db.query(
      `CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, created_at DESC)`,
    );
    await db.query(`
      CREATE TABLE webhook_attempt (
        delivery_id uuid NOT NULL REFERENCES webhook_delivery(id) ON DELETE CASCADE,
        attempt int NOT NULL,
        at timestamptz NOT NULL,
        response_status int,
        error text,
        duration_ms int NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )
    `);
    // D18: the summary is sent once, at C + 12 h
    await db.query(`ALTER TABLE migration ADD COLUMN summary_notified_at timestamptz`);
    // migrations whose C + 12 h passed before webhooks existed: no summary storm at the first start
    await db.query(
      `UPDATE migration SET summary_notified_at = now() WHERE cutover_at + interval '12 hours' <= now()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE migration DROP COLUMN summary_notified_at`);
    await db.query(`DROP TABLE webhook_attempt`);
    await db.query(`DROP TABLE webhook_delivery`);
    await db.query(`DROP TABLE webhook`);
    await db.query(`ALTER TABLE activity DROP COLUMN actor_token_id`);
    await db.query(`DROP TABLE api_token`);
  }
}
