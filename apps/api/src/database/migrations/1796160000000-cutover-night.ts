import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cutover night (D12, D17): the customer's link speed for transfer estimates. */
export class CutoverNight1796160000000 implements MigrationInterface {
  name = 'CutoverNight1796160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE migration ADD COLUMN bandwidth_mbps numeric`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE migration DROP COLUMN bandwidth_mbps`);
  }
}
