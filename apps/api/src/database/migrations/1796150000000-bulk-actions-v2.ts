import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk actions v2 (D5, D14, D16, D17). A partner's retry is a request row, one per device, that the poll
 * taking it deletes (libs/domain retryRequested): the poll creates or hands out the command, as it does
 * for the first CREATE_PROFILE and each switch. A click on 100 000 devices then inserts 100 000 narrow
 * rows into a table with one index, and touches no device row: no device index entries, no command or
 * event rows, no per-row foreign-key checks. The primary key makes overlapping clicks take a device once.
 * No foreign keys on purpose (each would be a per-row check and a lock on the device): a request is
 * only ever read through its device, and nothing deletes devices without their migration's requests.
 * device_next_retry_idx had no reader. `client_poll_held_until`: until when the client part holds a
 * long poll (D17 "now").
 */
export class BulkActionsV21796150000000 implements MigrationInterface {
  name = 'BulkActionsV21796150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE retry_request (
        device_id uuid PRIMARY KEY,
        migration_id uuid NOT NULL,
        requested_at timestamptz NOT NULL,
        requested_by uuid
      );
      ALTER TABLE device ADD COLUMN client_poll_held_until timestamptz;
      DROP INDEX IF EXISTS device_next_retry_idx;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX device_next_retry_idx ON device (next_retry_at) WHERE next_retry_at IS NOT NULL;
      ALTER TABLE device DROP COLUMN client_poll_held_until;
      DROP TABLE retry_request;
    `);
  }
}
