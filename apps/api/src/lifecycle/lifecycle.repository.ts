import {
  type AgentComponent,
  type AlertCode,
  type BulkSkipReason,
  type DeviceStatus,
  type MigrationType,
  ONLINE_WINDOW_INTERVALS,
  type PollInventory,
  type PollSession,
  type ProgressStage,
} from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { type CommandRow, commandColumns } from '../commands/commands.repository';

/** Everything the lifecycle decides from: the device, its migration, its outstanding command, its open alerts. */
export interface DeviceState {
  id: string;
  migrationId: string;
  hostname: string;
  windowsUser: string;
  userEmail: string | null;
  mailbox: string | null;
  osVersion: string | null;
  outlookVersion: string | null;
  agentVersion: string | null;
  status: DeviceStatus;
  locked: boolean | null;
  userSignedIn: boolean | null;
  enrolledAt: Date;
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  profileCreatedAt: Date | null;
  switchedAt: Date | null;
  errorCode: string | null;
  errorAt: Date | null;
  nextRetryAt: Date | null;
  manualRetryRequired: boolean;
  switchNotBefore: Date | null;
  waitingForSlotSince: Date | null;
  progressStage: ProgressStage | null;
  progressPercent: number | null;
  /** The row's xmin: lets the sweep write a status only if the row did not change since it read it. */
  rowVersion: string;
  cutoverAt: Date;
  pollIntervalSeconds: number;
  migrationType: MigrationType;
  maxConcurrentTransfers: number | null;
  outstanding: CommandRow | null;
  openAlerts: AlertCode[];
}

/** Device columns the lifecycle writes (besides status), by field name. */
export interface DevicePatch {
  outlookVersion: string | null;
  agentVersion: string | null;
  profileCreatedAt: Date | null;
  switchedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorAt: Date | null;
  nextRetryAt: Date | null;
  manualRetryRequired: boolean;
  switchNotBefore: Date | null;
  waitingForSlotSince: Date | null;
  progressStage: ProgressStage | null;
  progressPercent: number | null;
}

const PATCH_COLUMNS: Record<keyof DevicePatch, string> = {
  outlookVersion: 'outlook_version',
  agentVersion: 'agent_version',
  profileCreatedAt: 'profile_created_at',
  switchedAt: 'switched_at',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  errorAt: 'error_at',
  nextRetryAt: 'next_retry_at',
  manualRetryRequired: 'manual_retry_required',
  switchNotBefore: 'switch_not_before',
  waitingForSlotSince: 'waiting_for_slot_since',
  progressStage: 'progress_stage',
  progressPercent: 'progress_percent',
};

export interface CheckIn {
  component: AgentComponent;
  session: PollSession | null;
  inventory: PollInventory | null;
  now: Date;
}

export interface StatusChange {
  deviceId: string;
  rowVersion: string;
  from: DeviceStatus;
  to: DeviceStatus;
}

/** Statuses that time alone never changes: the sweep skips them. */
const SETTLED_STATUSES = `('completed', 'switch_failed')`;
/** Advisory lock namespaces (first key of pg_advisory_xact_lock(int, int)). */
const TRANSFER_SLOT_LOCK = 720_011;

/**
 * The device state as DeviceState fields: `d` is the device row (a table or a CTE carrying its
 * columns), `rowVersion` the expression of its xmin.
 */
function deviceState(rowVersion: string): string {
  return `d.id, d.migration_id AS "migrationId", d.hostname, d.windows_user AS "windowsUser",
    d.user_email AS "userEmail", d.mailbox, d.os_version AS "osVersion", d.outlook_version AS "outlookVersion",
    d.agent_version AS "agentVersion", d.status, d.locked, d.user_signed_in AS "userSignedIn",
    d.enrolled_at AS "enrolledAt", d.client_last_seen_at AS "clientLastSeenAt",
    d.service_last_seen_at AS "serviceLastSeenAt", d.profile_created_at AS "profileCreatedAt",
    d.switched_at AS "switchedAt", d.error_code AS "errorCode", d.error_at AS "errorAt",
    d.next_retry_at AS "nextRetryAt", d.manual_retry_required AS "manualRetryRequired",
    d.switch_not_before AS "switchNotBefore", d.waiting_for_slot_since AS "waitingForSlotSince",
    d.progress_stage AS "progressStage", d.progress_percent AS "progressPercent", ${rowVersion} AS "rowVersion",
    m.cutover_at AS "cutoverAt", m.poll_interval_seconds AS "pollIntervalSeconds",
    m.migration_type AS "migrationType", m.max_concurrent_transfers AS "maxConcurrentTransfers",
    ${commandColumns('o', 'o.')},
    ARRAY(SELECT a.code FROM alert a WHERE a.device_id = d.id AND a.cleared_at IS NULL ORDER BY a.code) AS "openAlerts"`;
}

const STATE_JOINS = `JOIN migration m ON m.id = d.migration_id
  LEFT JOIN command o ON o.device_id = d.id AND o.state IN ('queued', 'delivered')`;

type StateRow = Omit<DeviceState, 'outstanding'> & Record<string, unknown>;

function toState(row: StateRow): DeviceState {
  const outstanding = row['o.id'] === null ? null : ({} as Record<string, unknown>);
  const state: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('o.')) {
      if (outstanding) outstanding[key.slice(2)] = value;
    } else state[key] = value;
  }
  state.outstanding = outstanding;
  return state as unknown as DeviceState;
}

/** SQL of the device lifecycle: check-ins, state reads for decisions, status writes, bulk retries. */
@Injectable()
export class LifecycleRepository {
  /**
   * A poll's check-in in one statement that stands on its own (D1 check-in times, D2, D9 session,
   * disk figures): the device row updated, its whole state returned. The Outlook and agent versions
   * are not written here: a change of them is a timeline event and is written with it (patch).
   */
  async checkIn(manager: EntityManager, deviceId: string, input: CheckIn): Promise<DeviceState | null> {
    const client = input.component === 'client';
    const inventory = input.inventory ?? {};
    const rows = await queryRows<StateRow>(
      manager,
      `WITH d AS (
         UPDATE device d SET
           last_seen_at = $2,
           client_last_seen_at = CASE WHEN $3 THEN $2 ELSE d.client_last_seen_at END,
           service_last_seen_at = CASE WHEN $3 THEN d.service_last_seen_at ELSE $2 END,
           locked = CASE WHEN $3 THEN $4 ELSE d.locked END,
           user_signed_in = CASE WHEN $3 THEN $5 ELSE d.user_signed_in END,
           free_disk_bytes = COALESCE($6, d.free_disk_bytes),
           local_data_bytes = COALESCE($7, d.local_data_bytes),
           updated_at = $2
         WHERE d.id = $1
         RETURNING d.*, d.xmin::text AS row_version
       )
       SELECT ${deviceState('d.row_version')} FROM d ${STATE_JOINS}
       -- a heartbeat: its commit need not wait for the WAL flush (a crash loses at most the last
       -- moments of check-ins, which the next poll restores); commands and results stay durable
       CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS heartbeat`,
      [
        deviceId,
        input.now,
        client,
        client ? (input.session?.locked ?? null) : null,
        client ? (input.session?.userSignedIn ?? null) : null,
        inventory.freeDiskBytes ?? null,
        inventory.localDataBytes ?? null,
      ],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** The device's state, its row locked for this transaction (the per-device mutex). */
  async lockState(manager: EntityManager, deviceId: string): Promise<DeviceState | null> {
    const rows = await queryRows<StateRow>(
      manager,
      `SELECT ${deviceState('d.xmin::text')} FROM device d ${STATE_JOINS} WHERE d.id = $1 FOR NO KEY UPDATE OF d`,
      [deviceId],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /**
   * A page of states whose status time may still change, in id order: the whole fleet (the sweep,
   * which does not lock) or one migration (locked, for a change inside a partner's transaction).
   */
  async activeStatesPage(
    manager: EntityManager,
    input: { afterId: string | null; limit: number; migrationId?: string; lock: boolean },
  ): Promise<DeviceState[]> {
    const rows = await queryRows<StateRow>(
      manager,
      `SELECT ${deviceState('d.xmin::text')} FROM device d ${STATE_JOINS}
       WHERE d.status NOT IN ${SETTLED_STATUSES} AND ($1::uuid IS NULL OR d.id > $1)
         AND ($3::uuid IS NULL OR d.migration_id = $3)
       ORDER BY d.id LIMIT $2 ${input.lock ? 'FOR NO KEY UPDATE OF d' : ''}`,
      [input.afterId, input.limit, input.migrationId ?? null],
    );
    return rows.map(toState);
  }

  /**
   * Devices whose status a moment in (since, now] may have changed by time alone: a queued command
   * (retry) fell due, a lease ran out, a deferral ended (D8), C + 10 min passed (D7), or the client
   * part stopped polling long enough to count as offline (D2, D9).
   */
  async timeDrivenCandidates(
    manager: EntityManager,
    input: { since: Date; now: Date; switchDelayMs: number },
  ): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `SELECT d.id FROM device d JOIN migration m ON m.id = d.migration_id
       WHERE d.status NOT IN ${SETTLED_STATUSES} AND (
         (d.client_last_seen_at > $1::timestamptz - make_interval(secs => m.poll_interval_seconds * ${ONLINE_WINDOW_INTERVALS})
          AND d.client_last_seen_at <= $2::timestamptz - make_interval(secs => m.poll_interval_seconds * ${ONLINE_WINDOW_INTERVALS}))
         OR (d.switch_not_before > $1 AND d.switch_not_before <= $2)
         OR (m.cutover_at > $1::timestamptz - make_interval(secs => $3::double precision / 1000)
             AND m.cutover_at <= $2::timestamptz - make_interval(secs => $3::double precision / 1000)))
       UNION
       SELECT device_id FROM command WHERE state = 'queued' AND available_at > $1 AND available_at <= $2
       UNION
       SELECT device_id FROM command WHERE state = 'delivered' AND lease_expires_at > $1 AND lease_expires_at <= $2`,
      [input.since, input.now, input.switchDelayMs],
    );
    return rows.map((r) => r.id);
  }

  /** The states of these devices (no locks: for the sweep, which writes optimistically). */
  async statesByIds(manager: EntityManager, deviceIds: readonly string[]): Promise<DeviceState[]> {
    if (deviceIds.length === 0) return [];
    const rows = await queryRows<StateRow>(
      manager,
      `SELECT ${deviceState('d.xmin::text')} FROM device d ${STATE_JOINS}
       WHERE d.id = ANY($1::uuid[]) AND d.status NOT IN ${SETTLED_STATUSES}`,
      [deviceIds],
    );
    return rows.map(toState);
  }

  async setStatus(manager: EntityManager, deviceId: string, status: DeviceStatus, now: Date): Promise<void> {
    await manager.query(`UPDATE device SET status = $2, updated_at = $3 WHERE id = $1`, [
      deviceId,
      status,
      now,
    ]);
  }

  async patch(
    manager: EntityManager,
    deviceId: string,
    patch: Partial<DevicePatch>,
    now: Date,
  ): Promise<void> {
    const entries = Object.entries(patch) as [keyof DevicePatch, unknown][];
    const sets = entries.map(([field], i) => `${PATCH_COLUMNS[field]} = $${i + 3}`);
    await manager.query(`UPDATE device SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1`, [
      deviceId,
      now,
      ...entries.map(([, value]) => value),
    ]);
  }

  /**
   * Writes derived statuses and their status_changed events in one statement. With `optimistic`
   * (the sweep, which read without locks), a row is written only if it is unchanged since it was
   * read and not locked right now: the transaction that holds it writes its own status.
   */
  async applyStatusChanges(
    manager: EntityManager,
    changes: readonly StatusChange[],
    now: Date,
    options: { optimistic: boolean },
  ): Promise<string[]> {
    if (changes.length === 0) return [];
    const guard = options.optimistic
      ? `AND d.xmin::text = ch.row_version AND d.id IN (
           SELECT id FROM device WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED)`
      : '';
    const rows = await queryRows<{ id: string }>(
      manager,
      `WITH ch AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS ch(id, row_version, from_status, to_status)
       ), up AS (
         UPDATE device d SET status = ch.to_status, updated_at = $5
         FROM ch WHERE d.id = ch.id ${guard}
         RETURNING d.id, d.migration_id, ch.from_status, ch.to_status
       ), ev AS (
         INSERT INTO device_event (device_id, migration_id, at, type, detail)
         SELECT id, migration_id, $5, 'status_changed', jsonb_build_object('from', from_status, 'to', to_status) FROM up
       )
       SELECT id FROM up`,
      [
        changes.map((c) => c.deviceId),
        changes.map((c) => c.rowVersion),
        changes.map((c) => c.from),
        changes.map((c) => c.to),
        now,
      ],
    );
    return rows.map((r) => r.id);
  }

  /**
   * D11: whether this device may start its switch now. Serialised per migration (advisory lock), so
   * that concurrent polls on any number of processes never run more transfers than the cap; the
   * slot goes to the device that has waited longest among those ready to take it (D9).
   */
  async transferSlotFree(
    manager: EntityManager,
    input: { migrationId: string; deviceId: string; cap: number; now: Date; onlineSince: Date },
  ): Promise<{ free: boolean; running: number; ahead: number }> {
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
            AND w.switched_at IS NULL AND w.locked = false AND w.user_signed_in = true
            AND w.client_last_seen_at >= $4) AS ahead`,
      [input.migrationId, input.deviceId, input.now, input.onlineSince],
    );
    return { free: row.running + row.ahead < input.cap, running: row.running, ahead: row.ahead };
  }

  /**
   * D5, in one UPDATE that also locks them (ids must be distinct): the selected devices of the migration that get a new
   * CREATE_PROFILE (profile not created, no CREATE_PROFILE running, due or manual) lose their
   * schedule and "manual retry required", and take the status deriveDeviceStatus gives a device with
   * a due CREATE_PROFILE: creating_profile when ready for commands (D9), else waiting_for_device.
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
         status = CASE
           WHEN d.locked = false AND d.user_signed_in = true
             AND d.client_last_seen_at >= $3::timestamptz - make_interval(secs => m.poll_interval_seconds * ${ONLINE_WINDOW_INTERVALS})
           THEN 'creating_profile' ELSE 'waiting_for_device' END
       FROM (SELECT id, status FROM device WHERE id = ANY($2::uuid[]) AND migration_id = $1) old, migration m
       WHERE d.id = old.id AND m.id = $1
         AND d.profile_created_at IS NULL AND d.switched_at IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM command o
           WHERE o.device_id = d.id AND o.state IN ('queued', 'delivered')
             AND (o.state = 'delivered' OR o.available_at <= $3 OR o.source = 'manual'))
       RETURNING d.id, old.status AS "oldStatus", d.status`,
      [input.migrationId, input.deviceIds, input.now],
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
   * D4: devices of a migration whose automatic retry depends on the cutover: a scheduled retry is
   * queued, or (no command outstanding) the schedule had run out. D10 failures stay manual.
   * Locked in id order.
   */
  async lockRetrySchedules(
    manager: EntityManager,
    migrationId: string,
  ): Promise<
    { id: string; migrationId: string; errorAt: Date; commandId: string | null; availableAt: Date | null }[]
  > {
    return queryRows(
      manager,
      `SELECT d.id, d.migration_id AS "migrationId", d.error_at AS "errorAt", o.id AS "commandId", o.available_at AS "availableAt"
       FROM device d
       LEFT JOIN command o ON o.device_id = d.id AND o.state IN ('queued', 'delivered')
       WHERE d.migration_id = $1 AND d.profile_created_at IS NULL AND d.error_at IS NOT NULL
         AND (
           (o.state = 'queued' AND o.type = 'CREATE_PROFILE' AND o.source = 'retry')
           OR (o.id IS NULL AND d.manual_retry_required AND d.error_code <> 'CREDENTIAL_PROMPT_TIMEOUT')
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
