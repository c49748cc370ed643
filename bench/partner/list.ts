/**
 * The device list pages and the summary of the DEVICES-device migration, in-process HTTP (routing,
 * session guard, validation, SQL, JSON): p50/p95/p99 per page type against the 50 ms p95 target.
 *
 * Loads API sources: load it with `load('./partner/list')` after useSwcForApiSources() (bench/partner.ts).
 */
import { createRequire } from 'node:module';
import type * as PageCursorModule from '../../apps/api/src/common/page-cursor';
import { DEVICES, ONLY, PAGE_P95_TARGET_MS, RUNS, measure, ms, type PageResult } from './measure';
import type { Bench } from './setup';

// loaded through the swc hook (a static import would be compiled by tsx's esbuild, without decorator metadata)
const load = createRequire(__filename);
const { encodeCursor } = load('../../apps/api/src/common/page-cursor') as typeof PageCursorModule;

/** The device at 90 % of the list in hostname order, and in -lastSeenAt order: the deep cursors' keysets. */
export interface DeepRows {
  deep: { k: string; id: string };
  deepSeen: { t: string; k: string; id: string };
}

export async function measureList(bench: Bench): Promise<{ pages: PageResult[] } & DeepRows> {
  const { inject, sql, headers, listMigration } = bench;
  const list = async (query: string) => {
    const res = await inject({
      method: 'GET',
      url: `/api/migrations/${listMigration.id}/devices?${query}`,
      headers,
    });
    if (res.statusCode !== 200) throw new Error(`list ${query}: ${res.statusCode} ${res.body}`);
    const body = JSON.parse(res.body) as { items: unknown[]; total: number };
    return { rows: body.items.length, total: body.total };
  };
  const summary = async () => {
    const res = await inject({
      method: 'GET',
      url: `/api/migrations/${listMigration.id}/summary`,
      headers,
    });
    if (res.statusCode !== 200) throw new Error(`summary: ${res.statusCode} ${res.body}`);
    const body = JSON.parse(res.body) as { devices: number; failuresByCode: unknown[] };
    return { rows: body.failuresByCode.length, total: body.devices };
  };
  const deep = (
    await sql.query(
      `SELECT lower(hostname) AS k, id FROM device WHERE migration_id = $1 ORDER BY lower(hostname) COLLATE "C", id OFFSET $2 LIMIT 1`,
      [listMigration.id, Math.floor(DEVICES * 0.9)],
    )
  ).rows[0] as { k: string; id: string };
  const deepCursor = encodeCursor(['hostname', deep.k, deep.id]);
  // the same depth in -lastSeenAt order (a cursor is [sort, ...keyset], keysetOf in devices.repository.ts)
  const deepSeen = (
    await sql.query(
      `SELECT CASE WHEN last_seen_at IS NULL THEN '-infinity'
                   ELSE to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END AS t,
              lower(hostname) AS k, id
         FROM device WHERE migration_id = $1
        ORDER BY COALESCE(last_seen_at, '-infinity'::timestamptz) DESC, lower(hostname) COLLATE "C" DESC, id DESC
       OFFSET $2 LIMIT 1`,
      [listMigration.id, Math.floor(DEVICES * 0.9)],
    )
  ).rows[0] as { t: string; k: string; id: string };
  const deepSeenCursor = encodeCursor(['-lastSeenAt', deepSeen.t, deepSeen.k, deepSeen.id]);
  const searches = ['q=lon-0004', 'q=contoso%5Cuser777', 'q=user4242', 'q=USER1234%40contoso'];
  let searchIndex = 0;
  const pages: PageResult[] = [];
  if (ONLY !== 'bulk') {
    pages.push(await measure('first page', RUNS, () => list('limit=50'), 'limit=50'));
    pages.push(
      await measure(
        'filtered page',
        RUNS,
        () => list('status=profile_failed,switch_failed&hasError=true&limit=50'),
        'status=profile_failed,switch_failed&hasError=true',
      ),
    );
    pages.push(
      await measure(
        'deep cursor (90%)',
        RUNS,
        () => list(`limit=50&cursor=${deepCursor}`),
        'cursor at row 90 000',
      ),
    );
    pages.push(
      await measure(
        'search',
        RUNS,
        () => list(`limit=50&${searches[searchIndex++ % searches.length]}`),
        searches.join(' | '),
      ),
    );
    pages.push(
      await measure('search, broad prefix', RUNS, () => list('limit=50&q=nyc'), 'q=nyc (1/8 of devices)'),
    );
    pages.push(await measure('page of 500', Math.max(20, RUNS / 4), () => list('limit=500'), 'limit=500'));
    // v1.1 sort=: each order reads its index (devices.repository.ts ORDERS)
    pages.push(
      await measure('sort -hostname', RUNS, () => list('limit=50&sort=-hostname'), 'sort=-hostname'),
    );
    pages.push(await measure('sort status', RUNS, () => list('limit=50&sort=status'), 'sort=status'));
    pages.push(
      await measure('sort -lastSeenAt', RUNS, () => list('limit=50&sort=-lastSeenAt'), 'sort=-lastSeenAt'),
    );
    pages.push(
      await measure(
        'sort -lastSeenAt deep',
        RUNS,
        () => list(`limit=50&sort=-lastSeenAt&cursor=${deepSeenCursor}`),
        'sort=-lastSeenAt, cursor at row 90 000',
      ),
    );
    pages.push(
      await measure(
        'sort lastSeenAt+filter',
        RUNS,
        () => list('limit=50&sort=lastSeenAt&status=profile_failed,switch_failed&hasError=true'),
        'sort=lastSeenAt&status=profile_failed,switch_failed&hasError=true',
      ),
    );
    // D12: the summary of the 100 000-device migration (cutover night, morning report), same target
    pages.push(await measure('summary (D12)', RUNS, summary, 'GET …/summary'));
    pages.push(
      await measure(
        'filter online + alert',
        RUNS,
        () => list('limit=50&online=false&alert=OUTLOOK_OUTDATED'),
        'online=false&alert=OUTLOOK_OUTDATED',
      ),
    );

    console.log(
      'Device list (GET /api/migrations/{id}/devices) and the summary, in-process HTTP incl. session, validation, count',
    );
    console.log(
      'page type              | p50       | p95       | p99       | rows | total  | p95 / 50 ms target | query',
    );
    for (const p of pages) {
      console.log(
        `${p.name.padEnd(22)} | ${ms(p.p50).padStart(9)} | ${ms(p.p95).padStart(9)} | ${ms(p.p99).padStart(9)} | ${String(p.rows).padStart(4)} | ${String(p.total).padStart(6)} | ${(p.p95 / PAGE_P95_TARGET_MS).toFixed(2).padStart(18)} | ${p.query}`,
      );
    }
    // the same summary right after every device of the migration checked in once: each heap page was
    // rewritten, so until autovacuum marks them all-visible again the index-only pass fetches heap rows
    await sql.query(
      `UPDATE device SET last_seen_at = last_seen_at + interval '1 microsecond' WHERE migration_id = $1`,
      [listMigration.id],
    );
    const live = await measure('summary, all polled', Math.max(20, RUNS / 4), summary, 'GET …/summary');
    console.log(
      `summary right after all ${DEVICES} devices checked in (visibility map cleared, before autovacuum): ` +
        `p50 ${ms(live.p50)}, p95 ${ms(live.p95)} (informative: the target is for the settled table above)`,
    );
  }
  return { pages, deep, deepSeen };
}

/** The slowest list page type's p95 against the target (printed after the bulk actions). */
export function printWorstPage(pages: PageResult[]): void {
  if (pages.length > 0) {
    const worst = pages.reduce((a, b) => (a.p95 > b.p95 ? a : b));
    console.log(
      `worst list p95: ${worst.name} ${ms(worst.p95)} (${((worst.p95 / PAGE_P95_TARGET_MS) * 100).toFixed(0)}% of the 50 ms target)`,
    );
  }
}
