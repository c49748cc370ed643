import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';

/** The device a valid token belongs to. */
export interface AuthenticatedDevice {
  id: string;
  migrationId: string;
}

/** SQL of device authentication: a token hash names the device. */
@Injectable()
export class AgentRepository {
  async findByTokenHash(manager: EntityManager, tokenHash: string): Promise<AuthenticatedDevice | null> {
    const rows = await queryRows<AuthenticatedDevice>(
      manager,
      `SELECT id, migration_id AS "migrationId" FROM device WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }
}
