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
 *
 * The parts live in bench/partner/: setup.ts (database, API, partner, seed), list.ts (list pages and
 * summary), bulk.ts (bulk actions against the floor), plans.ts (EXPLAIN ANALYZE), measure.ts (shared).
 */
import { createRequire } from 'node:module';
import { Client } from 'pg';
import type * as BulkModule from './partner/bulk';
import type * as ListModule from './partner/list';
import { loadAverage } from './partner/measure';
import type * as PlansModule from './partner/plans';
import type * as SetupModule from './partner/setup';
import { useSwcForApiSources } from './swc-hook';

useSwcForApiSources();

// these load API sources, so they are loaded through the swc hook, after it is installed (a static import
// is hoisted above it and would be compiled by tsx's esbuild, without decorator metadata)
const load = createRequire(__filename);
const { boot, setUp, withDatabase } = load('./partner/setup') as typeof SetupModule;
const { measureList, printWorstPage } = load('./partner/list') as typeof ListModule;
const { measureBulk } = load('./partner/bulk') as typeof BulkModule;
const { printPlans } = load('./partner/plans') as typeof PlansModule;

async function main(): Promise<void> {
  await withDatabase(async (databaseUrl) => {
    const { app, inject } = await boot(databaseUrl);
    const sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    try {
      const bench = await setUp(app, inject, sql);
      // ---- the device list and the summary
      const list = await measureList(bench);
      // ---- bulk actions (D5, D14, D16): the raw floor first, measured in this run
      await measureBulk(bench);
      printWorstPage(list.pages);

      console.log(
        `load average ${loadAverage()} at the end (other processes share this machine: figures are upper bounds)`,
      );

      // ---- the plans, straight from the repository's SQL
      if (process.env.BENCH_PLANS !== '0') await printPlans(bench, list);
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
