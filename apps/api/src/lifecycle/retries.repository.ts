import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';

/** SQL of the retry schedules that follow the cutover (D4). */
@Injectable()
export class RetriesRepository {
  /**
   * D4: devices of a migration whose automatic retry may depend on the cutover: a scheduled retry is
   * queued, or (no command outstanding) the schedule had run out. Which of them get a retry again is
   * afterProfileFailure's to decide (D10 never does). Locked in id order.
   */
  async lockRetrySchedules(
    manager: EntityManager,
    migrationId: string,
  ): Promise<
    {
      id: string;
      migrationId: string;
      errorCode: string;
      errorAt: Date;
      commandId: string | null;
      availableAt: Date | null;
    }[]
  > {
    return queryRows(
      manager,
      `SELECT d.id, d.migration_id AS "migrationId", d.error_code AS "errorCode", d.error_at AS "errorAt",
              o.id AS "commandId", o.available_at AS "availableAt"
       FROM device d
       LEFT JOIN command o ON o.device_id = d.id AND o.state IN ('queued', 'delivered')
       WHERE d.migration_id = $1 AND d.profile_created_at IS NULL AND d.error_at IS NOT NULL
         AND d.error_code IS NOT NULL
         AND (
           (o.state = 'queued' AND o.type = 'CREATE_PROFILE' AND o.source = 'retry')
           OR (o.id IS NULL AND d.manual_retry_required)
         )
       ORDER BY d.id
       FOR NO KEY UPDATE OF d`,
      [migrationId],
    );
  }

  /** D4: the retry fields shown on the Devices tab, set-based. */
  async setRetrySchedules(
    manager: EntityManager,
    rows: readonly { deviceId: string; nextRetryAt: Date | null }[],
    now: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE device d SET next_retry_at = s.next_retry_at, manual_retry_required = s.next_retry_at IS NULL, updated_at = $3
       FROM unnest($1::uuid[], $2::timestamptz[]) AS s(id, next_retry_at)
       WHERE d.id = s.id`,
      [rows.map((r) => r.deviceId), rows.map((r) => r.nextRetryAt), now],
    );
  }
}
