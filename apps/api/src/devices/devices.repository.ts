import type { DeviceFilter, DeviceSort, DeviceStatus, ProgressStage } from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isUuid } from '../auth/id-param.pipe';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { SqlParams } from '../database/sql-params';
import { onlineSinceSql, onlineSql } from '../lifecycle/device-state.repository';

export interface DeviceRow {
  id: string;
  migrationId: string;
  hostname: string;
  /** lower(hostname): part of every keyset (the order's tie-break after its own key). */
  sortKey: string;
  /** COALESCE(last_seen_at, '-infinity') as exact text (microseconds, UTC): the lastSeenAt orders' key. */
  lastSeenKey: string;
  windowsUser: string;
  userEmail: string | null;
  status: DeviceStatus;
  lastSeenAt: Date | null;
  clientLastSeenAt: Date | null;
  serviceLastSeenAt: Date | null;
  locked: boolean | null;
  userSignedIn: boolean | null;
  outlookVersion: string | null;
  agentVersion: string | null;
  osVersion: string | null;
  enrolledAt: Date;
  errorCode: string | null;
  errorMessage: string | null;
  nextRetryAt: Date | null;
  manualRetryRequired: boolean;
  progressStage: ProgressStage | null;
  progressPercent: number | null;
  pollIntervalSeconds: number;
  /** D15: the mapped Office 365 address (mailbox_mapping), if any. */
  mappedMailbox: string | null;
  /** The outstanding command (queued or delivered), or a partner's retry request not taken yet (D17). */
  pendingType: 'CREATE_PROFILE' | 'SWITCH_PROFILE' | null;
  pendingQueuedAt: Date | null;
  pendingDeliveredAt: Date | null;
  profileCreated: boolean;
  clientPollHeldUntil: Date | null;
  /** D11: 1-based place in the migration's transfer queue while queued_for_bandwidth. */
  queuePosition: number | null;
  /** D5, D14: a partner's retry request the device has not taken yet (detail only). */
  retryRequest?: { at: Date; userId: string | null; email: string | null; profileCreated: boolean } | null;
  alerts: { code: string; detail: string | null; raisedAt: string }[];
}

export interface EventRow {
  id: string;
  at: Date;
  type: string;
  detail: Record<string, unknown>;
  actorUserId: string | null;
  actorEmail: string | null;
}

/** Where a page ends in one order: the text of each of the order's key columns (ORDERS), the id last. */
export type Keyset = readonly string[];

/** Open alerts of the device as JSON (alert_open_key serves the look-up). */
const OPEN_ALERTS = `COALESCE((
    SELECT json_agg(json_build_object('code', a.code, 'detail', a.detail, 'raisedAt', a.raised_at) ORDER BY a.raised_at, a.code)
      FROM alert a WHERE a.device_id = d.id AND a.cleared_at IS NULL), '[]'::json)`;

/** The lastSeenAt orders' key: never seen sorts as the oldest (first ascending, last descending). */
const LAST_SEEN_KEY = `COALESCE(d.last_seen_at, '-infinity'::timestamptz)`;
/** LAST_SEEN_KEY as text that casts back to the same instant (a JS Date would drop the microseconds). */
const LAST_SEEN_KEY_TEXT = `CASE WHEN d.last_seen_at IS NULL THEN '-infinity'
  ELSE to_char(d.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END`;

const COLUMNS = `d.id, d.migration_id AS "migrationId", d.hostname, lower(d.hostname) AS "sortKey",
  ${LAST_SEEN_KEY_TEXT} AS "lastSeenKey", d.windows_user AS "windowsUser",
  d.user_email AS "userEmail", d.status, d.last_seen_at AS "lastSeenAt", d.client_last_seen_at AS "clientLastSeenAt",
  d.service_last_seen_at AS "serviceLastSeenAt", d.locked, d.user_signed_in AS "userSignedIn",
  d.outlook_version AS "outlookVersion", d.agent_version AS "agentVersion", d.os_version AS "osVersion",
  d.enrolled_at AS "enrolledAt", d.error_code AS "errorCode", d.error_message AS "errorMessage",
  CASE WHEN r.device_id IS NULL THEN d.next_retry_at END AS "nextRetryAt",
  d.manual_retry_required AND r.device_id IS NULL AS "manualRetryRequired",
  d.progress_stage AS "progressStage", d.progress_percent AS "progressPercent",
  d.mailbox AS "mappedMailbox", d.profile_created_at IS NOT NULL AS "profileCreated",
  d.client_poll_held_until AS "clientPollHeldUntil",
  COALESCE(o.type, CASE WHEN r.device_id IS NOT NULL THEN
    CASE WHEN d.profile_created_at IS NULL THEN 'CREATE_PROFILE' ELSE 'SWITCH_PROFILE' END END) AS "pendingType",
  COALESCE(o.created_at, r.requested_at) AS "pendingQueuedAt",
  CASE WHEN o.state = 'delivered' THEN o.issued_at END AS "pendingDeliveredAt",
  CASE WHEN d.status = 'queued_for_bandwidth' AND d.waiting_for_slot_since IS NOT NULL THEN (
    SELECT count(*)::int + 1 FROM device q
     WHERE q.migration_id = d.migration_id AND q.status = 'queued_for_bandwidth'
       AND (q.waiting_for_slot_since, q.id) < (d.waiting_for_slot_since, d.id)) END AS "queuePosition"`;

/** The device's outstanding command and pending partner request, beside the device row `d`. */
const PENDING_JOINS = `LEFT JOIN retry_request r ON r.device_id = d.id
  LEFT JOIN command o ON o.device_id = d.id AND o.state IN ('queued', 'delivered')`;

/** Hostname, case-insensitive, in byte order: the hostname orders' key and every other order's tie-break. */
const SORT_KEY = `lower(d.hostname) COLLATE "C"`;

interface OrderKey {
  sql: string;
  type: 'text' | 'timestamptz' | 'uuid';
  of: (row: DeviceRow) => string;
}
const HOSTNAME: OrderKey = { sql: SORT_KEY, type: 'text', of: (row) => row.sortKey };
const ID: OrderKey = { sql: 'd.id', type: 'uuid', of: (row) => row.id };
const STATUS: OrderKey = { sql: 'd.status', type: 'text', of: (row) => row.status };
const LAST_SEEN: OrderKey = { sql: LAST_SEEN_KEY, type: 'timestamptz', of: (row) => row.lastSeenKey };

/**
 * The Devices tab's orders (?sort=): key columns in the order of an index's columns after migration_id, so that a
 * page is a range of one index read forwards or backwards (a `-` order) and stopped at the limit, with no sort.
 * `perStatus`: several statuses are read as one range of the index per status (see page()).
 */
const ORDERS: Record<DeviceSort, { keys: OrderKey[]; descending: boolean; perStatus: boolean }> = {
  hostname: { keys: [HOSTNAME, ID], descending: false, perStatus: false }, // device_list_idx
  '-hostname': { keys: [HOSTNAME, ID], descending: true, perStatus: false }, // device_list_idx, backwards
  status: { keys: [STATUS, HOSTNAME, ID], descending: false, perStatus: true }, // device_status_sort_idx
  lastSeenAt: { keys: [LAST_SEEN, HOSTNAME, ID], descending: false, perStatus: false }, // device_last_seen_idx
  '-lastSeenAt': { keys: [LAST_SEEN, HOSTNAME, ID], descending: true, perStatus: false }, // the same, backwards
};

function orderBy(sort: DeviceSort): string {
  const { keys, descending } = ORDERS[sort];
  return keys.map((k) => (descending ? `${k.sql} DESC` : k.sql)).join(', ');
}

/** The keyset of `row` in `sort`: the next page starts after it (the cursor's content). */
export function keysetOf(sort: DeviceSort, row: DeviceRow): Keyset {
  return ORDERS[sort].keys.map((k) => k.of(row));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** LAST_SEEN_KEY_TEXT's form, a real instant: anything else would be a database error, not a 400. */
function isLastSeenKey(text: string): boolean {
  if (text === '-infinity') return true;
  if (!INSTANT.test(text) || text.startsWith('0000')) return false; // PostgreSQL has no year 0
  const millis = `${text.slice(0, 23)}Z`;
  const at = new Date(millis);
  return !Number.isNaN(at.getTime()) && at.toISOString() === millis;
}

/** Whether `key` can be a keyset of `sort` (a cursor is client input: its parts must cast). */
export function isKeysetOf(sort: DeviceSort, key: readonly string[]): boolean {
  const { keys } = ORDERS[sort];
  return (
    key.length === keys.length &&
    keys.every((k, i) =>
      k.type === 'uuid' ? isUuid(key[i]) : k.type === 'timestamptz' ? isLastSeenKey(key[i]) : true,
    )
  );
}

/** `%` and `_` in what a partner types are literal characters, not wildcards. */
export function likePrefix(q: string): string {
  return `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Named fragments the list, the count, the export and "select all matching" share (one DeviceFilter, one meaning).
function withStatus(p: SqlParams, statuses: readonly DeviceStatus[]): string {
  // one status as `=`: then (migration_id, status) bound the index range and the rest of the index is in order
  // (PostgreSQL 15 reads `= ANY` on a second index column as a filter when it must keep the order)
  if (statuses.length === 1) return `d.status = ${p.add(statuses[0])}`;
  return `d.status = ANY(${p.add(statuses)}::text[])`;
}
/**
 * Prefix of hostname, Windows user (with or without its DOMAIN\ part) or email, case-insensitive: one
 * condition per column, each the expression of a C-collated index (device_list_idx, device_search_*_idx).
 */
function prefixConditions(p: SqlParams, q: string): string[] {
  const pattern = p.add(likePrefix(q));
  return [
    `lower(d.hostname) COLLATE "C" LIKE ${pattern}`,
    `lower(d.windows_user) COLLATE "C" LIKE ${pattern}`,
    `lower(split_part(d.windows_user, '\\', 2)) COLLATE "C" LIKE ${pattern}`,
    `lower(d.user_email) COLLATE "C" LIKE ${pattern}`,
  ];
}
function matchingPrefix(p: SqlParams, q: string): string {
  return `(${prefixConditions(p, q).join(' OR ')})`;
}
function withError(hasError: boolean): string {
  return hasError ? `d.error_code IS NOT NULL` : `d.error_code IS NULL`;
}
/** Rows after the keyset in its order: one row comparison, an index condition of the order's index. */
function afterKeyset(p: SqlParams, sort: DeviceSort, after: Keyset): string {
  const { keys, descending } = ORDERS[sort];
  const columns = keys.map((k) => k.sql).join(', ');
  const values = keys.map((k, i) => `${p.add(after[i])}::${k.type}`).join(', ');
  return `(${columns}) ${descending ? '<' : '>'} (${values})`;
}

/**
 * The Devices tab's filter as SQL conditions on `d`, tenancy included (the list, the count, the export,
 * bulk actions). `migration` is the SQL of the migration id, `now` the clock's time (D2 for `online`).
 */
export function filterConditions(
  p: SqlParams,
  scope: PartnerScope,
  filter: DeviceFilter,
  context: { migration: string; now: Date },
): string[] {
  const where = [scopedToPartner(p, 'd', scope)];
  if (filter.status && filter.status.length > 0) where.push(withStatus(p, filter.status));
  if (filter.q) where.push(matchingPrefix(p, filter.q));
  if (filter.hasError !== undefined) where.push(withError(filter.hasError));
  if (filter.errorCode && filter.errorCode.length > 0)
    where.push(`d.error_code = ANY(${p.add(filter.errorCode)}::text[])`);
  if (filter.alert !== undefined)
    where.push(
      `EXISTS (SELECT 1 FROM alert a WHERE a.device_id = d.id AND a.code = ${p.add(filter.alert)} AND a.cleared_at IS NULL)`,
    );
  if (filter.online !== undefined) {
    // D2 from the same constant as libs/domain (onlineSinceSql), for the migration's poll interval, once
    const since = `(SELECT ${onlineSinceSql(p.add(context.now))} FROM migration m WHERE m.id = ${context.migration})`;
    const online = onlineSql('d', since);
    where.push(filter.online ? online : `NOT ${online}`);
  }
  return where;
}

function filtered(
  p: SqlParams,
  scope: PartnerScope,
  migrationId: string,
  filter: DeviceFilter,
  now: Date,
): string[] {
  const migration = p.add(migrationId);
  return [`d.migration_id = ${migration}`, ...filterConditions(p, scope, filter, { migration, now })];
}

/** The Devices tab: keyset pages in each order (ORDERS), counts, detail, bulk selection. SQL only here. */
@Injectable()
export class DevicesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page in `sort` order after `after` (a keyset of that sort); ask for limit + 1 to learn whether more follow. */
  async page(
    scope: PartnerScope,
    migrationId: string,
    filter: DeviceFilter,
    options: { sort: DeviceSort; limit: number; after: Keyset | null; now: Date },
  ): Promise<DeviceRow[]> {
    const order = orderBy(options.sort);
    const p = new SqlParams();
    const { q, status, ...rest } = filter;
    const statuses = status ?? [];
    const perStatus = !q && statuses.length > 1 && ORDERS[options.sort].perStatus;
    const where = filtered(p, scope, migrationId, perStatus ? rest : { ...rest, status }, options.now);
    if (options.after) where.push(afterKeyset(p, options.sort, options.after));
    const limit = p.add(options.limit);
    const branch = (condition: string) =>
      `(SELECT d.id FROM device d WHERE ${[...where, condition].join(' AND ')} ORDER BY ${order} LIMIT ${limit})`;
    // A search is one ordered, limited branch per column, merged: each branch can walk its own index
    // (the hostname branch reads device_list_idx in order), where a single OR would walk the whole list
    // when the matches sit deep in hostname order (bench: q=nyc 64 ms -> <5 ms). Under sort=status several
    // statuses are, likewise, one range of device_status_sort_idx each, where `= ANY` would be a filter on a
    // walk over every status in between (status=profile_failed,switch_failed: 81 000 rows read for one page).
    const selection = q
      ? `d.id IN (${prefixConditions(p, q).map(branch).join(' UNION ')})`
      : perStatus
        ? `d.id IN (${statuses.map((s) => branch(`d.status = ${p.add(s)}`)).join(' UNION ALL ')})`
        : where.join(' AND ');
    return this.db.query(
      `SELECT ${COLUMNS}, m.poll_interval_seconds AS "pollIntervalSeconds", ${OPEN_ALERTS} AS alerts
         FROM device d JOIN migration m ON m.id = d.migration_id ${PENDING_JOINS}
        WHERE ${selection}
        ORDER BY ${order}
        LIMIT ${limit}`,
      p.values,
    );
  }

  async count(scope: PartnerScope, migrationId: string, filter: DeviceFilter, now: Date): Promise<number> {
    const p = new SqlParams();
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM device d WHERE ${filtered(p, scope, migrationId, filter, now).join(' AND ')}`,
      p.values,
    );
    return row.n;
  }

  async get(scope: PartnerScope, deviceId: string): Promise<DeviceRow | null> {
    const p = new SqlParams();
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, m.poll_interval_seconds AS "pollIntervalSeconds", ${OPEN_ALERTS} AS alerts,
              CASE WHEN r.device_id IS NOT NULL THEN json_build_object(
                'at', r.requested_at, 'userId', r.requested_by,
                'email', (SELECT u.email FROM app_user u WHERE u.id = r.requested_by),
                'profileCreated', d.profile_created_at IS NOT NULL) END AS "retryRequest"
         FROM device d JOIN migration m ON m.id = d.migration_id ${PENDING_JOINS}
        WHERE d.id = ${p.add(deviceId)} AND ${scopedToPartner(p, 'd', scope)}`,
      p.values,
    );
    return rows[0] ?? null;
  }

  /** The device's timeline, newest first (device_event_device_idx), with who did partner actions. */
  async events(scope: PartnerScope, deviceId: string, limit: number): Promise<EventRow[]> {
    const p = new SqlParams();
    return this.db.query(
      `SELECT e.id::text AS id, e.at, e.type, e.detail, e.actor_user_id AS "actorUserId", u.email AS "actorEmail"
         FROM device_event e
         JOIN device d ON d.id = e.device_id
         LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.device_id = ${p.add(deviceId)} AND ${scopedToPartner(p, 'd', scope)}
        ORDER BY e.at DESC, e.id DESC
        LIMIT ${p.add(limit)}`,
      p.values,
    );
  }
}
