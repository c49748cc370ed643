/**
 * npm run bench:partner: the partner API's hot paths on PostgreSQL at 100 000 devices.
 *
 * Boots the real API (createApp) on a fresh database of the server in DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres; the database is created and dropped here), seeds with
 * set-based SQL, then calls the endpoints in-process (Fastify inject: routing, session guard,
 * validation, SQL, JSON) and prints p50/p95 per page type, the bulk action timings (preview, click,
 * second click, how long statuses take to follow) as ratios to a raw floor measured in the same run (a
 * 10 000-row INSERT … SELECT FROM unnest into a scratch table), and the device-list query plans.
 *
 * Environment: DATABASE_URL, BENCH_DEVICES (100000), BENCH_RUNS (200 per page type), BENCH_PLANS=0 to
 * skip the plans, BENCH_ONLY=list|bulk, BENCH_LOG_SLOW_MS to log slow statements, BENCH_KEEP_DB=1 to keep
 * the database.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type * as NestTypeormModule from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type * as PartnerScopeModule from '../apps/api/src/auth/partner-scope';
import type * as BootstrapModule from '../apps/api/src/bootstrap';
import type * as ConfigModule from '../apps/api/src/config/config';
import type * as DevicesRepositoryModule from '../apps/api/src/devices/devices.repository';
import type * as PageCursorModule from '../apps/api/src/common/page-cursor';
import type * as SecondClickModule from './second-click';
import { useSwcForApiSources } from './swc-hook';

useSwcForApiSources();

// loaded through the swc hook (a static import would be compiled by tsx's esbuild, without decorator metadata)
const load = createRequire(__filename);
const { createApp } = load('../apps/api/src/bootstrap') as typeof BootstrapModule;
const { loadConfig } = load('../apps/api/src/config/config') as typeof ConfigModule;
const { DevicesRepository } = load(
  '../apps/api/src/devices/devices.repository',
) as typeof DevicesRepositoryModule;
const { PartnerScope } = load('../apps/api/src/auth/partner-scope') as typeof PartnerScopeModule;
const { encodeCursor } = load('../apps/api/src/common/page-cursor') as typeof PageCursorModule;
const { getDataSourceToken } = load('@nestjs/typeorm') as typeof NestTypeormModule;
const { bareHttp, statementAlone } = load('./second-click') as typeof SecondClickModule;

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEVICES = Number(process.env.BENCH_DEVICES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const PAGE_P95_TARGET_MS = 50;

type Inject = (options: {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  payload?: object;
}) => Promise<{
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

async function withDatabase<T>(work: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `cutover_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  // BENCH_LOG_SLOW_MS=20: statements slower than that go to the server log (to profile)
  if (process.env.BENCH_LOG_SLOW_MS)
    await admin.query(
      `ALTER DATABASE ${name} SET log_min_duration_statement = ${Number(process.env.BENCH_LOG_SLOW_MS)}`,
    );
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    if (process.env.BENCH_KEEP_DB !== '1') {
      const drop = new Client({ connectionString: SERVER_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    } else {
      console.log(`kept database ${url.toString()}`);
    }
  }
}

/** Set-based seed: `count` devices of one migration with a realistic mix of sites, statuses, errors and alerts. */
async function seedDevices(
  sql: Client,
  migration: { id: string; partnerId: string },
  count: number,
  mix: 'realistic' | 'all-failed',
): Promise<void> {
  await sql.query(
    `INSERT INTO device (migration_id, partner_id, hostname, windows_user, user_email, token_hash, status, error_code, error_message,
                         profile_created_at, switched_at, last_seen_at, client_last_seen_at, service_last_seen_at, locked,
                         user_signed_in, outlook_version, enrolled_at, progress_stage, progress_percent)
     SELECT $1, $2,
            site || '-' || lpad(n::text, 6, '0'),
            'CONTOSO\\' || 'user' || n,
            CASE WHEN n % 50 = 0 THEN NULL ELSE 'user' || n || '@contoso.com' END,
            md5($5 || n::text),
            s.status,
            CASE WHEN s.status IN ('profile_failed', 'switch_failed')
                 THEN (ARRAY['AUTODISCOVER_FAILED','CREDENTIAL_PROMPT_TIMEOUT','DISK_FULL','PROFILE_CREATION_FAILED'])[1 + n % 4] END,
            CASE WHEN s.status IN ('profile_failed', 'switch_failed') THEN 'seeded failure' END,
            CASE WHEN s.status IN ('profile_ready', 'queued_for_bandwidth', 'switching', 'switch_failed', 'completed', 'deferred')
                 THEN now() - interval '1 day' END,
            CASE WHEN s.status = 'completed' THEN now() - interval '1 hour' END,
            now() - (n % 3600) * interval '1 second',
            now() - (n % 3600) * interval '1 second',
            now() - (n % 7200) * interval '1 second',
            n % 10 = 0, true, '16.0.' || (4000 + n % 900) || '.1000',
            now() - interval '3 days',
            CASE WHEN s.status = 'switching' THEN 'transferring_data' END,
            CASE WHEN s.status = 'switching' THEN n % 100 END
       FROM generate_series(1, $3::int) AS n
       CROSS JOIN LATERAL (SELECT (ARRAY['NYC','LON','BER','PAR','TYO','SYD','SFO','AMS'])[1 + (n * 7919) % 8] AS site) AS h
       CROSS JOIN LATERAL (SELECT CASE WHEN $4 = 'all-failed' THEN 'profile_failed'
                                  ELSE (ARRAY['profile_ready','profile_ready','profile_ready','profile_ready','profile_ready',
                                              'enrolled','enrolled','profile_failed','completed','waiting_for_device',
                                              'switching','switch_failed','creating_profile','queued_for_bandwidth',
                                              'profile_ready','enrolled','completed','deferred','profile_ready','profile_ready'])[1 + (n * 31) % 20]
                                  END AS status) AS s`,
    [migration.id, migration.partnerId, count, mix, randomBytes(4).toString('hex')],
  );
  if (mix === 'realistic') {
    await sql.query(
      `INSERT INTO alert (device_id, migration_id, code, detail, raised_at)
       SELECT id, migration_id, 'OUTLOOK_OUTDATED', outlook_version, now() - interval '2 hours'
         FROM device WHERE migration_id = $1 AND outlook_version < '16.0.4050'`,
      [migration.id],
    );
  }
}

interface PageResult {
  name: string;
  query: string;
  rows: number;
  total: number;
  p50: number;
  p95: number;
  p99: number;
}

async function measure(
  name: string,
  runs: number,
  call: () => Promise<{ rows: number; total: number }>,
  query: string,
): Promise<PageResult> {
  let last = { rows: 0, total: 0 };
  for (let i = 0; i < WARMUP; i += 1) last = await call();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    last = await call();
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  return {
    name,
    query,
    rows: last.rows,
    total: last.total,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

async function main(): Promise<void> {
  await withDatabase(async (databaseUrl) => {
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      STATIC_DIR: 'off',
      LOG_LEVEL: 'error',
      DEMO: 'off',
      LIFECYCLE_SWEEP_SECONDS: '0',
    });
    const app = await createApp(config, { logger: ['error'] as never });
    const inject: Inject = (options) => app.getHttpAdapter().getInstance().inject(options);
    const sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const load = () =>
        os
          .loadavg()
          .map((n) => n.toFixed(1))
          .join(' ');
      console.log(`machine: ${os.cpus().length} cores, load average ${load()} at start`);
      console.log(
        `Cutover partner API bench — PostgreSQL ${(await sql.query('SHOW server_version')).rows[0].server_version}, ${DEVICES} devices per migration, ${RUNS} runs per page type (+${WARMUP} warm-up)\n`,
      );

      // a partner with a session, and its migrations
      const signup = await inject({
        method: 'POST',
        url: '/api/auth/signup',
        headers: { 'content-type': 'application/json' },
        payload: { partnerName: 'Bench IT', email: 'bench@bench.example', password: 'bench password 1234' },
      });
      const cookie = String(signup.headers['set-cookie']).split(';')[0];
      const partnerId = JSON.parse(signup.body).partner.id as string;
      const headers = { cookie, 'content-type': 'application/json' };
      const createMigration = async (customerName: string) => {
        const res = await inject({
          method: 'POST',
          url: '/api/migrations',
          headers,
          payload: {
            customerName,
            cutoverAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
            migrationType: 'exchange',
          },
        });
        return { id: JSON.parse(res.body).id as string, partnerId };
      };
      const listMigration = await createMigration('List 100k');
      const bulk10k = await createMigration('Bulk 10k');
      const bulk100k = await createMigration('Bulk 100k');
      // another partner's devices in the same table, so every index must tell migrations apart
      const other = await inject({
        method: 'POST',
        url: '/api/auth/signup',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' },
        payload: { partnerName: 'Other IT', email: 'other@bench.example', password: 'bench password 1234' },
      });
      const otherPartner = JSON.parse(other.body).partner.id as string;
      const otherMigration = (
        await sql.query(
          `INSERT INTO migration (partner_id, customer_name, cutover_at, migration_type, enrollment_key) VALUES ($1, 'Other', now(), 'imap', 'bench-other') RETURNING id`,
          [otherPartner],
        )
      ).rows[0].id as string;

      const start = performance.now();
      await seedDevices(sql, listMigration, DEVICES, 'realistic');
      await seedDevices(sql, bulk10k, 10_000, 'all-failed');
      await seedDevices(sql, bulk100k, DEVICES, 'all-failed');
      await seedDevices(sql, { id: otherMigration, partnerId: otherPartner }, DEVICES / 2, 'realistic');
      await sql.query('VACUUM ANALYZE');
      const seeded = (await sql.query(`SELECT count(*)::int AS n FROM device`)).rows[0].n as number;
      const alerts = (await sql.query(`SELECT count(*)::int AS n FROM alert`)).rows[0].n as number;
      console.log(
        `seeded ${seeded} devices and ${alerts} alerts in ${ms(performance.now() - start)} (set-based INSERT … SELECT generate_series)\n`,
      );

      // ---- the device list
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
      const only = process.env.BENCH_ONLY;
      if (only !== 'bulk') {
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
        pages.push(
          await measure('page of 500', Math.max(20, RUNS / 4), () => list('limit=500'), 'limit=500'),
        );
        // v1.1 sort=: each order reads its index (devices.repository.ts ORDERS)
        pages.push(
          await measure('sort -hostname', RUNS, () => list('limit=50&sort=-hostname'), 'sort=-hostname'),
        );
        pages.push(await measure('sort status', RUNS, () => list('limit=50&sort=status'), 'sort=status'));
        pages.push(
          await measure(
            'sort -lastSeenAt',
            RUNS,
            () => list('limit=50&sort=-lastSeenAt'),
            'sort=-lastSeenAt',
          ),
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

      // ---- bulk actions (D5, D14, D16): the raw floor first, measured in this run
      const floorTimes: number[] = [];
      await sql.query(
        `CREATE TABLE bench_floor (device_id uuid, migration_id uuid, requested_at timestamptz, requested_by uuid)`,
      );
      const ids10k = (
        await sql.query(`SELECT id FROM device WHERE migration_id = $1 ORDER BY id`, [bulk10k.id])
      ).rows.map((r) => r.id as string);
      const ids100k = (
        await sql.query(`SELECT id FROM device WHERE migration_id = $1 ORDER BY id`, [bulk100k.id])
      ).rows.map((r) => r.id as string);
      for (let run = 0; run < 7; run += 1) {
        await sql.query(`TRUNCATE bench_floor`);
        const begun = performance.now();
        await sql.query(`INSERT INTO bench_floor SELECT id, $2, now(), NULL FROM unnest($1::uuid[]) AS id`, [
          ids10k,
          bulk10k.id,
        ]);
        floorTimes.push(performance.now() - begun);
      }
      floorTimes.sort((x, y) => x - y);
      const floor = floorTimes[3];
      console.log(
        `\nfloor: a 10 000-row INSERT … SELECT FROM unnest into a scratch table (no index), median of 7: ${ms(floor)} (best ${ms(floorTimes[0])})`,
      );

      const resetBulk = async (migrationId: string) => {
        await sql.query(`DELETE FROM retry_request WHERE migration_id = $1`, [migrationId]);
        await sql.query(`DELETE FROM device_event WHERE migration_id = $1`, [migrationId]);
        await sql.query(`DELETE FROM activity WHERE migration_id = $1`, [migrationId]);
        await sql.query(
          `UPDATE device SET status = 'profile_failed', next_retry_at = NULL, manual_retry_required = true WHERE migration_id = $1`,
          [migrationId],
        );
        await sql.query(`VACUUM ANALYZE device, retry_request, device_event, activity`);
      };
      const post = async (path: string, migrationId: string, payload: object, expect: number) => {
        const startAt = performance.now();
        const res = await inject({
          method: 'POST',
          url: `/api/migrations/${migrationId}/devices/${path}`,
          headers,
          payload,
        });
        const elapsed = performance.now() - startAt;
        if (res.statusCode !== expect)
          throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        return { elapsed, body: JSON.parse(res.body) };
      };
      /** How long the stored statuses take to follow a large click (in the background, after the reply). */
      const statusesFollow = async (migrationId: string, expected: number) => {
        const begun = performance.now();
        for (;;) {
          const { rows } = await sql.query(
            `SELECT count(*)::int AS n FROM device WHERE migration_id = $1 AND status <> 'profile_failed'`,
            [migrationId],
          );
          if (rows[0].n >= expected || performance.now() - begun > 120_000) return performance.now() - begun;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const cases =
        only === 'list'
          ? []
          : [
              {
                name: '10 000 by ids',
                migration: bulk10k.id,
                body: { action: 'retry-profile-creation', deviceIds: ids10k },
              },
              {
                name: '10 000 by filter',
                migration: bulk10k.id,
                body: { action: 'retry-profile-creation', filter: {} },
              },
              {
                name: `${DEVICES} by ids`,
                migration: bulk100k.id,
                body: { action: 'retry-profile-creation', deviceIds: ids100k },
              },
              {
                name: `${DEVICES} by filter`,
                migration: bulk100k.id,
                body: { action: 'retry-profile-creation', filter: { hasError: true } },
              },
            ];
      console.log(
        '\nBulk retry profile creation (POST …/devices/actions and …/actions/preview; 3 runs, state reset between; median)',
      );
      console.log(
        'case                 | preview   | click     | × floor | affected | second click (all skipped) | × floor | statuses followed after',
      );
      const results: Record<string, { click: number; again: number; preview: number }> = {};
      for (const c of cases) {
        const clicks: number[] = [];
        const previews: number[] = [];
        const agains: number[] = [];
        const follows: number[] = [];
        let affected = 0;
        for (let run = 0; run < 3; run += 1) {
          await resetBulk(c.migration);
          const preview = await post('actions/preview', c.migration, c.body, 200);
          previews.push(preview.elapsed);
          const click = await post('actions', c.migration, c.body, 202);
          clicks.push(click.elapsed);
          affected = click.body.affected;
          if (affected !== preview.body.eligible)
            throw new Error(`preview ${preview.body.eligible} ≠ click ${affected}`);
          // D13: a device with no known mailbox keeps profile_failed until one is known (MAILBOX_UNKNOWN)
          const { rows: settle } = await sql.query(
            `SELECT count(*)::int AS n FROM retry_request r JOIN device d ON d.id = r.device_id
              WHERE r.migration_id = $1 AND d.user_email IS NOT NULL`,
            [c.migration],
          );
          follows.push(await statusesFollow(c.migration, settle[0].n));
          const again = await post('actions', c.migration, c.body, 202);
          if (again.body.affected !== 0) throw new Error(`second click affected ${again.body.affected}`);
          agains.push(again.elapsed);
        }
        const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1];
        results[c.name] = { click: median(clicks), again: median(agains), preview: median(previews) };
        console.log(
          `${c.name.padEnd(20)} | ${ms(median(previews)).padStart(9)} | ${ms(median(clicks)).padStart(9)} | ${(median(clicks) / floor).toFixed(1).padStart(7)} | ${String(affected).padStart(8)} | ${ms(median(agains)).padStart(26)} | ${(median(agains) / floor).toFixed(1).padStart(7)} | ${ms(median(follows))}`,
        );
      }
      if (cases.length > 0) {
        const tenK = results['10 000 by ids'];
        const hundredK = results[`${DEVICES} by ids`];
        const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
        console.log(
          `\ntargets (issue #14), as ratios to the floor measured above (${ms(floor)}):` +
            `\n  10 000 devices: ${(tenK.click / floor).toFixed(1)}× the floor (target ≤ 5×): ${verdict(tenK.click <= 5 * floor)}` +
            `\n  ${DEVICES} devices: ${ms(hundredK.click)} = ${(hundredK.click / floor).toFixed(1)}× the floor (target ≤ 1.5 s): ${verdict(hundredK.click <= 1500)}` +
            `\n  second click on 10 000 (all skipped): ${(tenK.again / floor).toFixed(1)}× the floor (target ≤ 2×): ${verdict(tenK.again <= 2 * floor)}`,
        );
      }
      if (results['10 000 by ids']) {
        // what the second click is made of, against the same floor (bench/second-click.ts)
        const again = await post(
          'actions',
          bulk10k.id,
          { action: 'retry-profile-creation', deviceIds: ids10k },
          202,
        );
        if (again.body.affected !== 0) throw new Error('the parts need every device skipped');
        const reply = Buffer.from(JSON.stringify(again.body));
        const http = await bareHttp({ action: 'retry-profile-creation', deviceIds: ids10k }, reply, 15);
        const statement = await statementAlone(
          app.get<DataSource>(getDataSourceToken()),
          { partnerId, migrationId: bulk10k.id, deviceIds: ids10k },
          15,
        );
        console.log(
          `\nsecond click on 10 000, its parts (medians of 15, this run; floor ${ms(floor)}):` +
            `\n  HTTP alone (bare Fastify inject, the same ${(JSON.stringify(ids10k).length / 1024).toFixed(0)} KB body in, the same ${(reply.length / 1024).toFixed(0)} KB reply out): ${ms(http)} = ${(http / floor).toFixed(1)}× the floor` +
            `\n  the statement alone (eligibility and activity row, rolled back): ${ms(statement)} = ${(statement / floor).toFixed(1)}× the floor` +
            `\n  together ${((http + statement) / floor).toFixed(1)}× the floor, before the click's own work (session, validation, transaction, reply)`,
        );
      }
      await sql.query(`DROP TABLE bench_floor`);
      if (pages.length > 0) {
        const worst = pages.reduce((a, b) => (a.p95 > b.p95 ? a : b));
        console.log(
          `worst list p95: ${worst.name} ${ms(worst.p95)} (${((worst.p95 / PAGE_P95_TARGET_MS) * 100).toFixed(0)}% of the 50 ms target)`,
        );
      }

      console.log(
        `load average ${load()} at the end (other processes share this machine: figures are upper bounds)`,
      );

      // ---- the plans, straight from the repository's SQL
      if (process.env.BENCH_PLANS !== '0') {
        const dataSource = app.get<DataSource>(getDataSourceToken());
        const plans: string[] = [];
        const explaining = {
          query: async (text: string, params: unknown[]) => {
            const rows = (await dataSource.query(
              `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ${text}`,
              params,
            )) as { 'QUERY PLAN': string }[];
            plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
            return [{ n: 0 }];
          },
          transaction: () => {
            throw new Error('not used');
          },
        };
        const repo = new DevicesRepository(explaining as never);
        const scope = PartnerScope.ofSession({
          partnerId,
          userId: '00000000-0000-0000-0000-000000000000',
          sessionId: 'bench',
        });
        const show = async (title: string, run: () => Promise<unknown>) => {
          plans.length = 0;
          await run();
          console.log(`\n--- EXPLAIN ANALYZE: ${title}\n${plans.join('\n-- count:\n')}`);
        };
        await show('first page + count', async () => {
          await repo.page(
            scope,
            listMigration.id,
            {},
            { sort: 'hostname', limit: 51, after: null, now: new Date() },
          );
          await repo.count(scope, listMigration.id, {}, new Date());
        });
        await show('filtered page + count', async () => {
          const filter = { status: ['profile_failed', 'switch_failed'] as never, hasError: true };
          await repo.page(scope, listMigration.id, filter, {
            sort: 'hostname',
            limit: 51,
            after: null,
            now: new Date(),
          });
          await repo.count(scope, listMigration.id, filter, new Date());
        });
        await show('deep cursor page', () =>
          repo.page(
            scope,
            listMigration.id,
            {},
            { sort: 'hostname', limit: 51, after: [deep.k, deep.id], now: new Date() },
          ),
        );
        await show('search page + count (q=user4242)', async () => {
          await repo.page(
            scope,
            listMigration.id,
            { q: 'user4242' },
            { sort: 'hostname', limit: 51, after: null, now: new Date() },
          );
          await repo.count(scope, listMigration.id, { q: 'user4242' }, new Date());
        });
        for (const sort of ['-hostname', 'status', 'lastSeenAt', '-lastSeenAt'] as const)
          await show(`first page, sort=${sort}`, () =>
            repo.page(scope, listMigration.id, {}, { sort, limit: 51, after: null, now: new Date() }),
          );
        await show('deep cursor page, sort=-lastSeenAt', () =>
          repo.page(
            scope,
            listMigration.id,
            {},
            {
              sort: '-lastSeenAt',
              limit: 51,
              after: [deepSeen.t, deepSeen.k, deepSeen.id],
              now: new Date(),
            },
          ),
        );
      }
    } finally {
      await sql.end();
      await app.close();
    }
  });
}

main().catch((error: unknown) => {
  console.error('bench:partner failed:', error);
  process.exit(1);
});
