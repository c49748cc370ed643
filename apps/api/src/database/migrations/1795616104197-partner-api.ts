import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partner API: login/sign-up rate-limit windows, and the devices each audit-log entry touched. */
export class PartnerApi1795616104197 implements MigrationInterface {
  name = 'PartnerApi1795616104197';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        attempts integer NOT NULL CHECK (attempts > 0)
      );
      ALTER TABLE activity ADD COLUMN device_ids uuid[] NOT NULL DEFAULT '{}';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE activity DROP COLUMN device_ids;
      DROP TABLE login_throttle;
    `);
  }
}
