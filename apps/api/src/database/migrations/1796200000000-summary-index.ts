import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * D12's summary at 100 000 devices in one index-only pass (migrations/summary.repository.ts): every column
 * the summary counts by is in device_summary_idx, so the pass reads ~26 MB of index instead of every
 * device row from the heap (bench:partner, 100 000 devices, vacuumed: ~57 ms -> ~17 ms of PostgreSQL time).
 * A separate index rather than a wider device_status_idx: INCLUDE columns end btree deduplication, and
 * device_status_idx's ~2 MB is what keeps the Devices tab's total cheap.
 * Cost: check-ins already update an indexed column (device_last_seen_idx), so they were not HOT before;
 * this adds one more index entry per check-in. While every page of a migration's devices is being
 * rewritten by polls (before autovacuum marks them all-visible again) the pass fetches heap rows and
 * costs about what the heap pass did.
 */
export class SummaryIndex1796200000000 implements MigrationInterface {
  name = 'SummaryIndex1796200000000';

  async up(db: QueryRunner): Promise<void> {
    // a plain CREATE INDEX (migrations run in a transaction): device writes wait while it builds, ~0.7 s per 100 000 devices
    await db.query(`
      SET LOCAL statement_timeout = 0;
      CREATE INDEX device_summary_idx ON device (migration_id, partner_id, status, error_code)
        INCLUDE (id, last_seen_at, local_data_bytes, profile_created_at, switched_at, manual_retry_required);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX device_summary_idx`);
  }
}
