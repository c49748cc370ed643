import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';

/**
 * D15: the partner's mapped mailbox for a device, its email's mapping first, else its Windows user's
 * (mailbox_mapping.identity_key is lower(identity) in "C": one primary-key probe each).
 */
function mappedMailbox(migrationId: string, userEmail: string, windowsUser: string): string {
  const probe = (identity: string) =>
    `(SELECT mm.mailbox FROM mailbox_mapping mm
       WHERE mm.migration_id = ${migrationId} AND mm.identity_key = lower(${identity}) COLLATE "C")`;
  return `COALESCE(${probe(userEmail)}, ${probe(windowsUser)})`;
}

/** SQL of enrollment (agent protocol: POST /enroll). */
@Injectable()
export class EnrollmentRepository {
  /**
   * Enrolls by migration key; the same key + hostname + windowsUser is the same device (its new
   * token replaces the old one). The device takes its mailbox from the migration's mapping (D15), on every
   * enrollment (the email may have changed). Null when no migration has this key.
   */
  async enroll(
    manager: EntityManager,
    input: {
      enrollmentKey: string;
      hostname: string;
      windowsUser: string;
      userEmail: string | null;
      osVersion: string | null;
      outlookVersion: string | null;
      agentVersion: string | null;
      tokenHash: string;
      now: Date;
    },
  ): Promise<{ deviceId: string; firstTime: boolean } | null> {
    const rows = await queryRows<{ id: string; inserted: boolean }>(
      manager,
      `INSERT INTO device (migration_id, partner_id, hostname, windows_user, user_email, os_version, outlook_version,
                           agent_version, token_hash, enrolled_at, updated_at, mailbox)
       SELECT m.id, m.partner_id, $2, $3, $4, $5, $6, $7, $8, $9, $9, ${mappedMailbox('m.id', '$4::text', '$3::text')}
         FROM migration m WHERE m.enrollment_key = $1
       ON CONFLICT (migration_id, hostname, windows_user) DO UPDATE SET
         token_hash = EXCLUDED.token_hash,
         user_email = COALESCE(EXCLUDED.user_email, device.user_email),
         mailbox = ${mappedMailbox('device.migration_id', 'COALESCE(EXCLUDED.user_email, device.user_email)', 'device.windows_user')},
         os_version = COALESCE(EXCLUDED.os_version, device.os_version),
         outlook_version = COALESCE(EXCLUDED.outlook_version, device.outlook_version),
         agent_version = COALESCE(EXCLUDED.agent_version, device.agent_version),
         updated_at = EXCLUDED.updated_at
       RETURNING id, (xmax = 0) AS inserted`,
      [
        input.enrollmentKey,
        input.hostname,
        input.windowsUser,
        input.userEmail,
        input.osVersion,
        input.outlookVersion,
        input.agentVersion,
        input.tokenHash,
        input.now,
      ],
    );
    return rows[0] ? { deviceId: rows[0].id, firstTime: rows[0].inserted } : null;
  }
}
