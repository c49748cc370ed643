import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Devices tab at 100 000 devices (bench/partner.ts, plans checked with EXPLAIN ANALYZE):
 * - device_list_idx sorts in byte order (COLLATE "C"), so the same index serves the keyset pages and
 *   the hostname prefix search (LIKE 'x%' can only range-scan a C-collated btree);
 * - one C-collated prefix index each for the Windows user, its name after DOMAIN\, and the email;
 * - device_status_idx gains partner_id and error_code (same leading columns, so it still serves every
 *   (migration_id, status) look-up): the list's total with the tenancy predicate and the status /
 *   hasError filters becomes an index-only scan (100 000 rows: ~110 ms bitmap heap scan -> ~15 ms).
 *   Its keys repeat heavily, so btree deduplication keeps it at ~2 MB for 260 000 devices.
 */
export class DeviceListIndexes1795618403072 implements MigrationInterface {
  name = 'DeviceListIndexes1795618403072';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX device_list_idx;
      CREATE INDEX device_list_idx ON device (migration_id, (lower(hostname)) COLLATE "C", id);
      DROP INDEX device_status_idx;
      CREATE INDEX device_status_idx ON device (migration_id, status, partner_id, error_code);
      CREATE INDEX device_search_user_idx ON device (migration_id, (lower(windows_user)) COLLATE "C");
      CREATE INDEX device_search_username_idx ON device (migration_id, (lower(split_part(windows_user, '\\', 2))) COLLATE "C");
      CREATE INDEX device_search_email_idx ON device (migration_id, (lower(user_email)) COLLATE "C");
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX device_search_email_idx;
      DROP INDEX device_search_username_idx;
      DROP INDEX device_search_user_idx;
      DROP INDEX device_list_idx;
      CREATE INDEX device_list_idx ON device (migration_id, lower(hostname), id);
      DROP INDEX device_status_idx;
      CREATE INDEX device_status_idx ON device (migration_id, status);
    `);
  }
}
