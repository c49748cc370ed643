import type { MigrationInterface, QueryRunner } from 'typeorm';

/** D15: the partner's mailbox mapping per migration (filled in by the mailbox-mapping work). */
export class MailboxMappings1796170000000 implements MigrationInterface {
  name = 'MailboxMappings1796170000000';

  async up(db: QueryRunner): Promise<void> {
    // identity_key: lower(identity), in byte order ("C") like the device search indexes it is matched
    // against (device_search_email_idx, device_search_user_idx) and so that GET pages by the primary key
    await db.query(`
      CREATE TABLE mailbox_mapping (
        migration_id uuid NOT NULL REFERENCES migration(id) ON DELETE CASCADE,
        identity_key text COLLATE "C" NOT NULL,
        identity text NOT NULL,
        mailbox text NOT NULL,
        PRIMARY KEY (migration_id, identity_key)
      )
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mailbox_mapping`);
  }
}
