import { type DeviceStatus, ONLINE_WINDOW_INTERVALS } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type CommandRow, commandColumns } from '../commands/commands.repository';
import { preparedRows } from '../database/prepared';
import { queryRows } from '../database/query-rows';
import type { CheckIn, DevicePatch, DeviceState } from './device-state';

/** A check-in kept in memory and written with others once a second (CheckInBuffer). */
export interface BufferedCheckIn {
  deviceId: string;
  lastSeenAt: Date;
  clientAt: Date | null;
  locked: boolean | null;
  userSignedIn: boolean | null;
  serviceAt: Date | null;
  freeDiskBytes: number | null;
  localDataBytes: number | null;
  /** D17: until when the client part holds a long poll (null: no hold in this check-in). */
  heldUntil: Date | null;
}

export interface StatusChange {
  deviceId: string;
  rowVersion: string;
  from: DeviceStatus;
  to: DeviceStatus;
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

/** Statuses that time alone never changes: the sweep skips them. */
export const SETTLED_STATUSES = `('completed', 'switch_failed')`;

/**
 * D2 in SQL, from the same constant as libs/domain's onlineSince: the oldest check-in that is still
 * online at the timestamptz expression `now`, for a device of migration `m`.
 */
export function onlineSinceSql(now: string): string {
  return `${now}::timestamptz - make_interval(secs => m.poll_interval_seconds * ${ONLINE_WINDOW_INTERVALS})`;
}

/**
 * D2 in SQL: device `d` is online when its last check-in (client or service part, whichever came last:
 * last_seen_at, which every check-in moves forward with the part's own time) is at or after `since`;
 * a device never seen is offline. The left side is device_last_seen_idx's key, so a count of online
 * devices is a range of that index.
 */
export function onlineSql(d: string, since: string): string {
  return `COALESCE(${d}.last_seen_at, '-infinity'::timestamptz) >= ${since}`;
}

/**
 * D9 in SQL, as libs/domain's isReadyForCommands: device `d` last reported itself unlocked and signed
 * in, and its client part checked in at or after `onlineSince` (a timestamptz expression, D2).
 */
export function readyForCommandsSql(d: string, onlineSince: string): string {
  return `(${d}.locked = false AND ${d}.user_signed_in = true AND ${d}.client_last_seen_at >= ${onlineSince})`;
}

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
    r.requested_at AS "retryRequestedAt", r.requested_by AS "retryRequestedBy",
    d.free_disk_bytes::float8 AS "freeDiskBytes", d.local_data_bytes::float8 AS "localDataBytes",
    d.switch_not_before AS "switchNotBefore", d.waiting_for_slot_since AS "waitingForSlotSince",
    d.progress_stage AS "progressStage", d.progress_percent AS "progressPercent", ${rowVersion} AS "rowVersion",
    m.cutover_at AS "cutoverAt", m.poll_interval_seconds AS "pollIntervalSeconds",
    m.migration_type AS "migrationType", m.max_concurrent_transfers AS "maxConcurrentTransfers",
    ${commandColumns('o', 'o.')},
    ARRAY(SELECT a.code FROM alert a WHERE a.device_id = d.id AND a.cleared_at IS NULL ORDER BY a.code) AS "openAlerts"`;
}

const STATE_JOINS = `JOIN migration m ON m.id = d.migration_id
  LEFT JOIN command o ON o.device_id = d.id AND o.state IN ('queued', 'delivered')
  LEFT JOIN retry_request r ON r.device_id = d.id`;

type StateRow = Record<string, unknown>;

const STATE_BY_TOKEN = {
  name: 'cutover_device_state_by_token',
  text: `SELECT ${deviceState('d.xmin::text')} FROM device d ${STATE_JOINS} WHERE d.token_hash = $1`,
};

const FLUSH_CHECK_INS = {
  name: 'cutover_flush_check_ins',
  text: `WITH v AS (
      SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::boolean[], $5::boolean[],
                           $6::timestamptz[], $7::bigint[], $8::bigint[], $9::timestamptz[])
        AS v(id, last_seen_at, client_at, locked, user_signed_in, service_at, free_disk_bytes, local_data_bytes,
             held_until)
    ), up AS (
      UPDATE device d SET
        last_seen_at = GREATEST(d.last_seen_at, v.last_seen_at),
        client_last_seen_at = GREATEST(d.client_last_seen_at, v.client_at),
        service_last_seen_at = GREATEST(d.service_last_seen_at, v.service_at),
        locked = CASE WHEN v.client_at >= d.client_last_seen_at OR d.client_last_seen_at IS NULL
                      THEN COALESCE(v.locked, d.locked) ELSE d.locked END,
        user_signed_in = CASE WHEN v.client_at >= d.client_last_seen_at OR d.client_last_seen_at IS NULL
                              THEN COALESCE(v.user_signed_in, d.user_signed_in) ELSE d.user_signed_in END,
        free_disk_bytes = COALESCE(v.free_disk_bytes, d.free_disk_bytes),
        local_data_bytes = COALESCE(v.local_data_bytes, d.local_data_bytes),
        client_poll_held_until = GREATEST(d.client_poll_held_until, v.held_until)
      FROM v
      WHERE d.id = v.id
        AND d.id IN (SELECT id FROM device WHERE id = ANY($1::uuid[]) FOR NO KEY UPDATE SKIP LOCKED)
      RETURNING d.id
    )
    SELECT up.id FROM up CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS heartbeat`,
};

/** A state row: the `o.`-prefixed columns are the outstanding command (all null when there is none). */
function toState(row: StateRow): DeviceState {
  const device: Record<string, unknown> = {};
  const command: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('o.')) command[key.slice(2)] = value;
    else device[key] = value;
  }
  const outstanding = command.id === null ? null : (command as Partial<CommandRow> as CommandRow);
  return { ...(device as Omit<DeviceState, 'outstanding'>), outstanding };
}

/** The device row as the lifecycle reads and writes it: check-ins, state for decisions, patches, statuses. */
@Injectable()
export class DeviceStateRepository {
  /**
   * A poll's check-in inside the poll's transaction (D1 check-in times, D2, D9 session, disk
   * figures): the device row updated, and so locked for the rest of the transaction, its whole state
   * returned. The Outlook and agent versions are not written here: a change of them is a timeline
   * event and is written with it (patch). Times only move forward (a buffered older check-in of
   * this process may be written after it).
   */
  async checkIn(manager: EntityManager, deviceId: string, input: CheckIn): Promise<DeviceState | null> {
    const client = input.component === 'client';
    const inventory = input.inventory ?? {};
    const rows = await queryRows<StateRow>(
      manager,
      `WITH d AS (
         UPDATE device d SET
           last_seen_at = GREATEST(d.last_seen_at, $2),
           client_last_seen_at = CASE WHEN $3 THEN GREATEST(d.client_last_seen_at, $2) ELSE d.client_last_seen_at END,
           service_last_seen_at = CASE WHEN $3 THEN d.service_last_seen_at ELSE GREATEST(d.service_last_seen_at, $2) END,
           locked = CASE WHEN $3 THEN $4 ELSE d.locked END,
           user_signed_in = CASE WHEN $3 THEN $5 ELSE d.user_signed_in END,
           free_disk_bytes = COALESCE($6, d.free_disk_bytes),
           local_data_bytes = COALESCE($7, d.local_data_bytes),
           updated_at = $2
         WHERE d.id = $1
         RETURNING d.*, d.xmin::text AS row_version
       )
       SELECT ${deviceState('d.row_version')} FROM d ${STATE_JOINS}`,
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

  /** The state of the device this token hash belongs to, or null (unknown or replaced token): one indexed read. */
  async stateByTokenHash(manager: EntityManager, tokenHash: string): Promise<DeviceState | null> {
    const rows = await preparedRows<StateRow>(manager, STATE_BY_TOKEN, [tokenHash]);
    return rows[0] ? toState(rows[0]) : null;
  }

  /**
   * Writes buffered check-ins in one statement. Times only move forward and the session of a client
   * check-in is written only with a newer client time, so replicas and late flushes never move a
   * device back. Rows locked right now (a long partner action) are skipped and returned: the caller
   * keeps them for the next flush. A heartbeat: its commit need not wait for the WAL flush (a crash
   * loses at most the last moments of check-ins, which the next poll restores).
   */
  async flushCheckIns(manager: EntityManager, rows: readonly BufferedCheckIn[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const written = await preparedRows<{ id: string }>(manager, FLUSH_CHECK_INS, [
      rows.map((r) => r.deviceId),
      rows.map((r) => r.lastSeenAt),
      rows.map((r) => r.clientAt),
      rows.map((r) => r.locked),
      rows.map((r) => r.userSignedIn),
      rows.map((r) => r.serviceAt),
      rows.map((r) => r.freeDiskBytes),
      rows.map((r) => r.localDataBytes),
      rows.map((r) => r.heldUntil),
    ]);
    const done = new Set(written.map((r) => r.id));
    return rows.filter((r) => !done.has(r.deviceId)).map((r) => r.deviceId);
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
   * The states of these devices (no locks: for the sweep, which writes optimistically). `settled`: also
   * devices whose status time alone never changes (a partner's request changes them).
   */
  async statesByIds(
    manager: EntityManager,
    deviceIds: readonly string[],
    options: { settled?: boolean } = {},
  ): Promise<DeviceState[]> {
    if (deviceIds.length === 0) return [];
    const rows = await queryRows<StateRow>(
      manager,
      `SELECT ${deviceState('d.xmin::text')} FROM device d ${STATE_JOINS}
       WHERE d.id = ANY($1::uuid[]) ${options.settled ? '' : `AND d.status NOT IN ${SETTLED_STATUSES}`}`,
      [deviceIds],
    );
    return rows.map(toState);
  }

  /** D5, D14: a page (id order) of the devices of a migration with a pending request made at `requestedAt`. */
  async requestedIdsPage(
    manager: EntityManager,
    input: { migrationId: string; requestedAt: Date; afterId: string | null; limit: number },
  ): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      manager,
      `SELECT device_id AS id FROM retry_request
        WHERE migration_id = $1 AND requested_at = $2 AND ($3::uuid IS NULL OR device_id > $3)
        ORDER BY device_id LIMIT $4`,
      [input.migrationId, input.requestedAt, input.afterId, input.limit],
    );
    return rows.map((r) => r.id);
  }

  /** D5, D14: the poll took the partner's request (it delivers the command that answers it). */
  async takeRetryRequest(manager: EntityManager, deviceId: string): Promise<void> {
    await manager.query(`DELETE FROM retry_request WHERE device_id = $1`, [deviceId]);
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
}
