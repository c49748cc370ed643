import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reliability: audit-log entries get random ids. A global sequence let a partner read the volume of
 * every other tenant's activity from the ids of its own entries. The sequence stays, renamed `seq`,
 * to order entries written at the same instant; it never leaves the database (cursors carry the id).
 */
export class Reliability1796140000000 implements MigrationInterface {
  name = 'Reliability1796140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX activity_migration_idx;
      ALTER TABLE activity DROP CONSTRAINT activity_pkey;
      ALTER TABLE activity RENAME COLUMN id TO seq;
      ALTER TABLE activity ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
      ALTER TABLE activity ADD PRIMARY KEY (id);
      CREATE UNIQUE INDEX activity_seq_key ON activity (seq);
      CREATE INDEX activity_migration_idx ON activity (migration_id, at DESC, seq DESC);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX activity_migration_idx;
      DROP INDEX activity_seq_key;
      ALTER TABLE activity DROP CONSTRAINT activity_pkey;
      ALTER TABLE activity DROP COLUMN id;
      ALTER TABLE activity RENAME COLUMN seq TO id;
      ALTER TABLE activity ADD PRIMARY KEY (id);
      CREATE INDEX activity_migration_idx ON activity (migration_id, at DESC, id DESC);
    `);
  }
}
