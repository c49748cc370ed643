import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The device list's `sort=` (partner-api.md v1.1; devices.repository.ts ORDERS): one index per order, its columns
 * the order's keys after migration_id, so a page (first or from a cursor) is one index range read forwards or
 * backwards and stopped at the limit, never a sort of the migration's devices (EXPLAIN checked at 100 000 devices,
 * test/partner/device-sort.spec.ts). `hostname` / `-hostname` keep reading device_list_idx.
 * - status: (status, lower(hostname) "C", id). device_status_idx stays: its (partner_id, error_code) make the
 *   list's count an index-only scan, and deduplication keeps it a fraction of this one's size.
 * - lastSeenAt / -lastSeenAt: never seen (NULL) is '-infinity', the oldest, so it orders the same on every server.
 *   last_seen_at changes on every check-in: with a column of it indexed, check-ins are no longer HOT updates.
 */
export class DeviceListSort1796180000000 implements MigrationInterface {
  name = 'DeviceListSort1796180000000';

  async up(db: QueryRunner): Promise<void> {
    // a plain CREATE INDEX (migrations run in a transaction): device writes wait while it builds, ~1 s per 250 000 devices
    await db.query(`
      SET LOCAL statement_timeout = 0;
      CREATE INDEX device_status_sort_idx ON device (migration_id, status, (lower(hostname)) COLLATE "C", id);
      CREATE INDEX device_last_seen_idx ON device
        (migration_id, (COALESCE(last_seen_at, '-infinity'::timestamptz)), (lower(hostname)) COLLATE "C", id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX device_last_seen_idx;
      DROP INDEX device_status_sort_idx;
    `);
  }
}
