import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { readyForCommandsSql } from './device-state.repository';

/** Advisory lock namespace (first key of pg_advisory_xact_lock(int, int)) of a migration's transfer slots. */
const TRANSFER_SLOT_LOCK = 720_011;

/** D11: the migration's transfer slots (SQL only here). */
@Injectable()
export class TransferSlotsRepository {
  /**
   * Whether this device may start its switch now. Serialised per migration (advisory lock), so
   * that concurrent polls on any number of processes never run more transfers than the cap; the
   * slot goes to the device that has waited longest among those ready to take it (D9: unlocked,
   * signed in, client part seen since onlineSince).
   */
  async slotFree(
    manager: EntityManager,
    input: { migrationId: string; deviceId: string; cap: number; now: Date; onlineSince: Date },
  ): Promise<boolean> {
    await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2::text))`, [
      TRANSFER_SLOT_LOCK,
      input.migrationId,
    ]);
    const [row] = await queryRows<{ running: number; ahead: number }>(
      manager,
      `WITH me AS (SELECT waiting_for_slot_since AS since FROM device WHERE id = $2)
       SELECT
         (SELECT count(*)::int FROM command
          WHERE migration_id = $1 AND type = 'SWITCH_PROFILE' AND state = 'delivered' AND lease_expires_at > $3) AS running,
         (SELECT count(*)::int FROM device w, me
          WHERE w.migration_id = $1 AND w.waiting_for_slot_since IS NOT NULL AND w.id <> $2
            AND (me.since IS NULL OR (w.waiting_for_slot_since, w.id) < (me.since, $2::uuid))
            AND w.switched_at IS NULL AND ${readyForCommandsSql('w', '$4')}) AS ahead`,
      [input.migrationId, input.deviceId, input.now, input.onlineSince],
    );
    return row.running + row.ahead < input.cap;
  }
}
