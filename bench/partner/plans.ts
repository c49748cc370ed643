/**
 * The device-list query plans, straight from the repository's SQL: DevicesRepository runs on a stand-in
 * data source that prefixes each statement with EXPLAIN (ANALYZE, BUFFERS) and prints the plans.
 *
 * Loads API sources: load it with `load('./partner/plans')` after useSwcForApiSources() (bench/partner.ts).
 */
import { createRequire } from 'node:module';
import type * as NestTypeormModule from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type * as PartnerScopeModule from '../../apps/api/src/auth/partner-scope';
import type * as DevicesRepositoryModule from '../../apps/api/src/devices/devices.repository';
import type { DeepRows } from './list';
import type { Bench } from './setup';

// loaded through the swc hook (a static import would be compiled by tsx's esbuild, without decorator metadata)
const load = createRequire(__filename);
const { DevicesRepository } = load(
  '../../apps/api/src/devices/devices.repository',
) as typeof DevicesRepositoryModule;
const { PartnerScope } = load('../../apps/api/src/auth/partner-scope') as typeof PartnerScopeModule;
const { getDataSourceToken } = load('@nestjs/typeorm') as typeof NestTypeormModule;

export async function printPlans(bench: Bench, { deep, deepSeen }: DeepRows): Promise<void> {
  const { app, partnerId, listMigration } = bench;
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
