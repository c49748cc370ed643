import { type BulkSkipReason, type DeviceStatus, STATUS_WITH_PROFILE_COMMAND_DUE } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { onlineSinceSql, readyForCommandsSql } from './device-state.repository';

/** SQL of the partner's retries (D5) and of retry schedules that follow the cutover (D4). */
@Injectable()
export class RetriesRepository {
  /**
   * D5, in one UPDATE that also locks them (ids must be distinct): the selected devices of the
   * migration that get a new CREATE_PROFILE (profile not created, no CREATE_PROFILE running, due or
   * manual) lose their schedule and "manual retry required", and take the status a device with a
   * CREATE_PROFILE due now has (STATUS_WITH_PROFILE_COMMAND_DUE, by D9 readiness).
   */
  async takeRetryRequests(
    manager: EntityManager,
    input: { migrationId: string; deviceIds: readonly string[]; now: Date },
  ): Promise<{ id: string; oldStatus: DeviceStatus; status: DeviceStatus }[]> {
    if (input.deviceIds.length === 0) return [];
    return queryRows(
      manager,
      `UPDATE device d SET
         next_retry_at = NULL, manual_retry_required = false, updated_at = $3,
         status = CASE WHEN ${readyForCommandsSql('d', onlineSinceSql('$3'))} THEN $4 ELSE $5 END
       FROM (SELECT id, status FROM device WHERE id = ANY($2::uuid[]) AND migration_id = $1) old, migration m
       WHERE d.id = old.id AND m.id = $1
         AND d.profile_created_at IS NULL AND d.switched_at IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM command o
           WHERE o.device_id = d.id AND o.state IN ('queued', 'delivered')
             AND (o.state = 'delivered' OR o.available_at <= $3 OR o.source = 'manual'))
       RETURNING d.id, old.status AS "oldStatus", d.status`,
      [
        input.migrationId,
        input.deviceIds,
        input.now,
        STATUS_WITH_PROFILE_COMMAND_DUE.ready,
        STATUS_WITH_PROFILE_COMMAND_DUE.notReady,
      ],
    );
  }

  /** D5: why these devices of the migration got no new CREATE_PROFILE; ids not in the migration are left out. */
  async retrySkipReasons(
    manager: EntityManager,
    input: { migrationId: string; deviceIds: readonly string[] },
  ): Promise<{ id: string; skip: BulkSkipReason }[]> {
    if (input.deviceIds.length === 0) return [];
    return queryRows(
      manager,
      `SELECT d.id,
         CASE
           WHEN d.switched_at IS NOT NULL THEN 'already_completed'
           WHEN d.profile_created_at IS NOT NULL THEN 'profile_already_created'
           ELSE 'retry_already_queued'
         END AS skip
       FROM device d
       WHERE d.id = ANY($2::uuid[]) AND d.migration_id = $1`,
      [input.migrationId, input.deviceIds],
    );
  }

  /** D5: one retry_requested event per device (who asked: actor) and its status_changed when the status changed. */
  async recordRetryRequests(
    manager: EntityManager,
    input: {
      migrationId: string;
      rows: readonly {
        deviceId: string;
        commandId: string;
        supersededId: string | null;
        oldStatus: DeviceStatus;
        status: DeviceStatus;
      }[];
      actorUserId: string | null;
      now: Date;
    },
  ): Promise<void> {
    if (input.rows.length === 0) return;
    await manager.query(
      `INSERT INTO device_event (device_id, migration_id, at, type, detail, actor_user_id)
       SELECT r.device_id, $1, $2, ev.type, ev.detail, ev.actor
       FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])
         AS r(device_id, command_id, superseded_id, old_status, status)
       CROSS JOIN LATERAL (VALUES
         ('retry_requested', jsonb_build_object('commandId', r.command_id, 'supersededCommandId', r.superseded_id), $8::uuid),
         (CASE WHEN r.status <> r.old_status THEN 'status_changed' END,
          jsonb_build_object('from', r.old_status, 'to', r.status), NULL::uuid)
       ) AS ev(type, detail, actor)
       WHERE ev.type IS NOT NULL`,
      [
        input.migrationId,
        input.now,
        input.rows.map((r) => r.deviceId),
        input.rows.map((r) => r.commandId),
        input.rows.map((r) => r.supersededId),
        input.rows.map((r) => r.oldStatus),
        input.rows.map((r) => r.status),
        input.actorUserId,
      ],
    );
  }

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
