import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Agent protocol and lifecycle: D11 transfer-slot queue, lease and sweep indexes. */
export class AgentLifecycle1795616269370 implements MigrationInterface {
  name = 'AgentLifecycle1795616269370';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- D11: set while a due switch waits for a transfer slot; slots go to the longest waiting first
      ALTER TABLE device ADD COLUMN waiting_for_slot_since timestamptz;
      CREATE INDEX device_slot_queue_idx ON device (migration_id, waiting_for_slot_since)
        WHERE waiting_for_slot_since IS NOT NULL;
      -- the lifecycle sweep finds leases that ran out and queued commands (retries) that fell due
      CREATE INDEX command_lease_idx ON command (lease_expires_at) WHERE state = 'delivered';
      CREATE INDEX command_available_idx ON command (available_at) WHERE state = 'queued';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX command_available_idx;
      DROP INDEX command_lease_idx;
      DROP INDEX device_slot_queue_idx;
      ALTER TABLE device DROP COLUMN waiting_for_slot_since;
    `);
  }
}
