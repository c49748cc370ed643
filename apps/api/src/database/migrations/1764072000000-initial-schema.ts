import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole model of both contracts: partners, users, sessions, migrations, devices, commands, events, alerts, activity. */
export class InitialSchema1764072000000 implements MigrationInterface {
  name = 'InitialSchema1764072000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX app_user_email_key ON app_user (email);
      CREATE INDEX app_user_partner_idx ON app_user (partner_id);

      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        user_agent text,
        ip text
      );
      CREATE UNIQUE INDEX user_session_token_hash_key ON user_session (token_hash);
      CREATE INDEX user_session_user_idx ON user_session (user_id);

      CREATE TABLE migration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        customer_name text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
        cutover_at timestamptz NOT NULL,
        migration_type text NOT NULL CHECK (migration_type IN ('exchange', 'imap', 'pop3', 'google')),
        max_concurrent_transfers integer CHECK (max_concurrent_transfers IS NULL OR max_concurrent_transfers > 0),
        poll_interval_seconds integer NOT NULL DEFAULT 120 CHECK (poll_interval_seconds BETWEEN 5 AND 3600),
        enrollment_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX migration_enrollment_key_key ON migration (enrollment_key);
      CREATE INDEX migration_partner_idx ON migration (partner_id, cutover_at);

      CREATE TABLE device (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        migration_id uuid NOT NULL REFERENCES migration(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        hostname text NOT NULL,
        windows_user text NOT NULL,
        user_email text,
        mailbox text,
        os_version text,
        outlook_version text,
        agent_version text,
        free_disk_bytes bigint,
        local_data_bytes bigint,
        token_hash text NOT NULL,
        status text NOT NULL DEFAULT 'enrolled',
        locked boolean,
        user_signed_in boolean,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz,
        client_last_seen_at timestamptz,
        service_last_seen_at timestamptz,
        profile_created_at timestamptz,
        switched_at timestamptz,
        error_code text,
        error_message text,
        error_at timestamptz,
        next_retry_at timestamptz,
        manual_retry_required boolean NOT NULL DEFAULT false,
        switch_not_before timestamptz,
        progress_stage text,
        progress_percent integer CHECK (progress_percent IS NULL OR progress_percent BETWEEN 0 AND 100),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX device_identity_key ON device (migration_id, hostname, windows_user);
      CREATE UNIQUE INDEX device_token_hash_key ON device (token_hash);
      -- the Devices tab: keyset pages by hostname inside one migration
      CREATE INDEX device_list_idx ON device (migration_id, lower(hostname), id);
      CREATE INDEX device_status_idx ON device (migration_id, status);
      CREATE INDEX device_next_retry_idx ON device (next_retry_at) WHERE next_retry_at IS NOT NULL;

      CREATE TABLE command (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        device_id uuid NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        migration_id uuid NOT NULL REFERENCES migration(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('CREATE_PROFILE', 'SWITCH_PROFILE')),
        payload jsonb NOT NULL DEFAULT '{}',
        state text NOT NULL DEFAULT 'queued'
          CHECK (state IN ('queued', 'delivered', 'succeeded', 'failed', 'deferred', 'superseded', 'expired')),
        source text NOT NULL DEFAULT 'auto' CHECK (source IN ('auto', 'retry', 'manual')),
        available_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        issued_at timestamptz,
        lease_expires_at timestamptz,
        delivery_count integer NOT NULL DEFAULT 0,
        progress_stage text,
        progress_percent integer,
        result_status text CHECK (result_status IS NULL OR result_status IN ('succeeded', 'failed', 'deferred')),
        error_code text,
        result_message text,
        completed_at timestamptz
      );
      -- a device never has more than one CREATE_PROFILE or SWITCH_PROFILE outstanding
      CREATE UNIQUE INDEX command_one_outstanding_key ON command (device_id) WHERE state IN ('queued', 'delivered');
      CREATE INDEX command_device_idx ON command (device_id, created_at DESC);
      CREATE INDEX command_migration_active_idx ON command (migration_id, type, state) WHERE state IN ('queued', 'delivered');

      CREATE TABLE device_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        device_id uuid NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        migration_id uuid NOT NULL REFERENCES migration(id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        type text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL
      );
      CREATE INDEX device_event_device_idx ON device_event (device_id, at DESC, id DESC);

      CREATE TABLE alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        device_id uuid NOT NULL REFERENCES device(id) ON DELETE CASCADE,
        migration_id uuid NOT NULL REFERENCES migration(id) ON DELETE CASCADE,
        code text NOT NULL,
        detail text,
        raised_at timestamptz NOT NULL,
        cleared_at timestamptz
      );
      CREATE UNIQUE INDEX alert_open_key ON alert (device_id, code) WHERE cleared_at IS NULL;
      CREATE INDEX alert_migration_open_idx ON alert (migration_id, raised_at DESC) WHERE cleared_at IS NULL;

      CREATE TABLE activity (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        migration_id uuid NOT NULL REFERENCES migration(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        at timestamptz NOT NULL,
        action text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX activity_migration_idx ON activity (migration_id, at DESC, id DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE activity;
      DROP TABLE alert;
      DROP TABLE device_event;
      DROP TABLE command;
      DROP TABLE device;
      DROP TABLE migration;
      DROP TABLE user_session;
      DROP TABLE app_user;
      DROP TABLE partner;
    `);
  }
}
