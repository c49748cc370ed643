import {
  BULK_PREVIEW_SAMPLE,
  BULK_SKIP_RULES,
  type BulkAction,
  type BulkFact,
  type BulkPreviewResponse,
  type BulkSkipReason,
  type DeviceFilter,
  type PickupWhen,
} from '@cutover/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PartnerScope } from '../auth/partner-scope';
import { scopedToPartner } from '../auth/tenancy';
import { queryRows } from '../database/query-rows';
import { SqlParams } from '../database/sql-params';
import { uuidArrayParam } from '../database/uuid-array';
import type { SkipGroup } from './bulk-reply';
import { filterConditions } from './devices.repository';

/**
 * Device ids each once and in lower case. Only distinctDeviceIds makes them: the statement inserts one
 * request per eligible id, so a repeated id would break the request's key, and the reply names skipped
 * devices by their position in this list.
 */
export type DistinctIds = readonly string[] & { readonly __distinct: unique symbol };

/** Each id once, in lower case, in the order first sent: the list as sent when it already is (the usual case). */
export function distinctDeviceIds(ids: readonly string[]): DistinctIds {
  const unique = new Set<string>();
  let changed = false;
  for (const id of ids) {
    const lower = id.toLowerCase();
    if (lower !== id) changed = true;
    unique.add(lower);
  }
  return (!changed && unique.size === ids.length ? ids : [...unique]) as DistinctIds;
}

/**
 * The devices an action names: ids (distinctDeviceIds; the statement names a skipped one by its 1-based
 * position in this list) or the list's filter.
 */
export type BulkSelection = { deviceIds: DistinctIds } | { filter: DeviceFilter };

/** libs/domain retryRequested in SQL: a partner's request (retry_request `r`) waits for the poll that takes it. */
const RETRY_REQUESTED = `(r.device_id IS NOT NULL)`;

/**
 * Each BulkFacts fact (libs/domain) as SQL over the device `d` and its outstanding command `o` (null for
 * a device not found; every fact is then false, and `found` decides first).
 */
const FACT_SQL: Readonly<Record<BulkFact, string>> = {
  found: `d.id IS NOT NULL`,
  completed: `d.switched_at IS NOT NULL`,
  profileCreated: `d.profile_created_at IS NOT NULL`,
  // D5: a CREATE_PROFILE running or due now, or a pending request; a retry scheduled for later is not
  profileCommandPending: `${RETRY_REQUESTED} OR (o.type = 'CREATE_PROFILE'
    AND (o.state = 'delivered' OR o.available_at <= $1 OR o.source = 'manual'))`,
  switchCommandPending: `${RETRY_REQUESTED} OR o.type = 'SWITCH_PROFILE'`,
  // deriveDeviceStatus's switch_failed: the profile exists, the switch failed, nothing outstanding
  switchFailed: `d.profile_created_at IS NOT NULL AND d.error_code IS NOT NULL AND o.id IS NULL`,
};

/** The skip reason of each selected device: BULK_SKIP_RULES of the action as one CASE, first rule wins. */
function skipReasonSql(action: BulkAction): string {
  const branches = BULK_SKIP_RULES[action].map(
    (rule) => `WHEN COALESCE((${FACT_SQL[rule.fact]}), false) = ${rule.is} THEN '${rule.reason}'`,
  );
  return `CASE ${branches.join(' ')} END`;
}

/**
 * D17 in SQL, as libs/domain expectedPickup: holding a long poll, online (D2: `$3` is libs/domain
 * onlineSince for the migration's poll interval), or when it comes online.
 */
const PICKUP: Readonly<Record<PickupWhen, string>> = {
  now: `d.client_poll_held_until > $1`,
  within_poll_interval: `d.client_last_seen_at >= $3`,
  when_online: `true`,
};
const PICKUP_SQL = `CASE ${(Object.keys(PICKUP) as PickupWhen[])
  .map((when) => `WHEN ${PICKUP[when]} THEN '${when}'`)
  .join(' ')} END`;

/** Outcome of a click: how many devices took the request and why the others did not. */
export interface BulkRun {
  affected: number;
  /** The affected ids when at most `idsUpTo` (the caller refreshes their statuses inline), else null. */
  affectedIds: string[] | null;
  /** The skipped devices by reason (bulkReplyBytes spells them out). */
  skipped: readonly SkipGroup[];
  /** A selection by ids: the ids sent, which the groups' positions point into; else null. */
  sentIds: readonly string[] | null;
  activityId: string;
}

/**
 * Memory for one bulk statement's hashes and materialised selection (100 000 devices need ~20 MB; the
 * default 4 MB spills them to disk). Set per transaction, bounded by MAX_BULK_DEVICE_IDS and the fleet.
 */
const BULK_WORK_MEM = '64MB';

/**
 * D5, D14, D16, D17: the eligibility of a selection as ONE query (generated from BULK_SKIP_RULES), used
 * by the preview (counts, samples, pickup) and by the action (one request row per eligible device; no
 * device, command or event rows: the poll that takes a request creates the command). A constant number
 * of statements whatever the selection's size.
 */
@Injectable()
export class BulkActionsRepository {
  /**
   * The selected devices with their skip reason (null: eligible), and with `pickup` their D17 pickup, as
   * a CTE body; parameters $1 (now), $2 (migration id) and, with pickup, $3 (online since) are fixed.
   */
  private selected(
    manager: EntityManager,
    p: SqlParams,
    scope: PartnerScope,
    action: BulkAction,
    selection: BulkSelection,
    pickup: boolean,
    now: Date,
  ): string {
    // the preview names samples by hostname and says when each is picked up; the click needs neither
    const facts = `${skipReasonSql(action)} AS skip${pickup ? `, d.hostname, ${PICKUP_SQL} AS pickup` : ''}`;
    // a device's request is in its own migration: the condition lets PostgreSQL read only this one's
    const joins = `LEFT JOIN command o ON o.device_id = d.id AND o.state IN ('queued', 'delivered')
      LEFT JOIN retry_request r ON r.device_id = d.id AND r.migration_id = $2`;
    if ('deviceIds' in selection) {
      return `SELECT s.id AS sel_id, s.n AS sel_n, d.id, ${facts}
        FROM unnest(${p.add(uuidArrayParam(manager, selection.deviceIds))}::uuid[]) WITH ORDINALITY AS s(id, n)
        LEFT JOIN device d ON d.id = s.id AND d.migration_id = $2 AND ${scopedToPartner(p, 'd', scope)}
        ${joins}`;
    }
    return `SELECT d.id AS sel_id, NULL::bigint AS sel_n, d.id, ${facts}
      FROM device d ${joins}
      WHERE d.migration_id = $2 AND ${filterConditions(p, scope, selection.filter, { migration: '$2', now }).join(' AND ')}`;
  }

  private params(migrationId: string, now: Date, onlineSince?: Date): SqlParams {
    const p = new SqlParams();
    p.add(now);
    p.add(migrationId);
    if (onlineSince) p.add(onlineSince);
    return p;
  }

  /** D16: what the action would do now, grouped by skip reason with samples, and D17 pickup counts. Writes nothing. */
  async preview(
    manager: EntityManager,
    input: {
      scope: PartnerScope;
      migrationId: string;
      action: BulkAction;
      selection: BulkSelection;
      now: Date;
      /** D2 for the migration's poll interval (libs/domain onlineSince). */
      onlineSince: Date;
    },
  ): Promise<Omit<BulkPreviewResponse, 'action'>> {
    const p = this.params(input.migrationId, input.now, input.onlineSince);
    await manager.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
    const rows = await queryRows<{
      skip: BulkSkipReason | null;
      count: number;
      now: number;
      within: number;
      sample: { deviceId: string; hostname: string | null }[] | null;
    }>(
      manager,
      `WITH sel AS MATERIALIZED (${this.selected(manager, p, input.scope, input.action, input.selection, true, input.now)}),
       ranked AS (
         SELECT skip, sel_id, hostname,
                row_number() OVER (PARTITION BY skip ORDER BY lower(hostname) COLLATE "C", sel_id) AS rn
           FROM sel WHERE skip IS NOT NULL
       )
       SELECT g.skip, g.count, g.now, g.within,
              (SELECT json_agg(json_build_object('deviceId', r.sel_id, 'hostname', r.hostname) ORDER BY r.rn)
                 FROM ranked r WHERE r.skip = g.skip AND r.rn <= ${BULK_PREVIEW_SAMPLE}) AS sample
         FROM (SELECT skip, count(*)::int AS count,
                      count(*) FILTER (WHERE pickup = 'now')::int AS now,
                      count(*) FILTER (WHERE pickup = 'within_poll_interval')::int AS within
                 FROM sel GROUP BY skip) g`,
      p.values,
    );
    const eligible = rows.find((r) => r.skip === null);
    const order = BULK_SKIP_RULES[input.action].map((rule) => rule.reason);
    return {
      eligible: eligible?.count ?? 0,
      skipped: rows
        .filter((r): r is typeof r & { skip: BulkSkipReason } => r.skip !== null)
        .sort((a, b) => order.indexOf(a.skip) - order.indexOf(b.skip))
        .map((r) => ({ reason: r.skip, count: r.count, sample: r.sample ?? [] })),
      pickup: {
        now: eligible?.now ?? 0,
        withinPollInterval: eligible?.within ?? 0,
        whenOnline: eligible ? eligible.count - eligible.now - eligible.within : 0,
      },
    };
  }

  /**
   * D5, D14: the click, inside a transaction that holds the migration's row lock (clicks on one
   * migration take turns, so this statement's snapshot sees every earlier click's requests). One
   * statement: the same selection, one request row per eligible device (when and who, in id order),
   * and the audit-log entry (`activity`: its INSERT as SQL over the CTE `ins` of affected ids and `sel`
   * of reasons, from ActivityService.entrySql). No device, command or event row is written. Returns the
   * affected ids (only when at most `idsUpTo`, else null), their count, the skipped devices, the entry id.
   */
  async run(
    manager: EntityManager,
    input: {
      scope: PartnerScope;
      migrationId: string;
      action: BulkAction;
      selection: BulkSelection;
      now: Date;
      actorUserId: string | null;
      idsUpTo: number;
      activity: (p: SqlParams, sql: { deviceIds: string; detailExtra: string }) => string;
    },
  ): Promise<BulkRun> {
    const p = this.params(input.migrationId, input.now);
    const sentIds = 'deviceIds' in input.selection ? input.selection.deviceIds : null;
    const sel = this.selected(manager, p, input.scope, input.action, input.selection, false, input.now);
    const actor = p.add(input.actorUserId);
    const idsUpTo = p.add(input.idsUpTo);
    const activity = input.activity(p, {
      deviceIds: `SELECT array_agg(device_id) FROM ins`,
      detailExtra: `jsonb_build_object(
        'affected', (SELECT count(*) FROM ins),
        'skipped', COALESCE((SELECT jsonb_object_agg(skip, n) FROM skips), '{}'::jsonb),
        'requested', (SELECT count(*) FROM sel))`,
    });
    await manager.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
    const [row] = await queryRows<{
      affected: number;
      ids: string[] | null;
      skipped: SkipGroup[] | null;
      activityId: string;
    }>(
      manager,
      `WITH sel AS MATERIALIZED (${sel}),
       ins AS (
         INSERT INTO retry_request (device_id, migration_id, requested_at, requested_by)
         SELECT id, $2, $1, ${actor}::uuid FROM sel WHERE skip IS NULL ORDER BY id
         RETURNING device_id
       ),
       -- the skipped devices by reason, each group's as one comma-separated text of positions in the ids sent
       -- (or of ids, by filter): one short value per device, no per-device JSON (bulkReplyBytes spells them out)
       skips AS (SELECT skip, count(*)::int AS n, string_agg(${sentIds === null ? 'sel_id' : 'sel_n'}::text, ',') AS keys
                   FROM sel WHERE skip IS NOT NULL GROUP BY skip),
       act AS (${activity}),
       n AS (SELECT count(*)::int AS affected FROM ins)
       SELECT n.affected,
              CASE WHEN n.affected <= ${idsUpTo} THEN COALESCE((SELECT array_agg(device_id) FROM ins), '{}') END AS ids,
              (SELECT json_agg(json_build_object('reason', skip, 'n', n, 'keys', keys)) FROM skips) AS skipped,
              (SELECT id FROM act) AS "activityId"
         FROM n`,
      p.values,
    );
    return {
      affected: row.affected,
      affectedIds: row.ids,
      skipped: row.skipped ?? [],
      sentIds,
      activityId: row.activityId,
    };
  }
}
