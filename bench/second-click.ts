/**
 * What the second click (10 000 ids, all skipped) is made of, measured in the same run as the floor, so
 * that its ratio can be read against what no implementation of it can avoid:
 * - HTTP alone: a bare Fastify instance (the API's own version, in-process inject like the click)
 *   receiving the same body, parsing it, and sending back a reply of the same bytes;
 * - the statement alone: BulkActionsRepository.run (the eligibility query, the activity row) on the same
 *   data, in a transaction rolled back afterwards.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import type { INestApplication } from '@nestjs/common';
import type * as NestTypeormModule from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type * as ActivityServiceModule from '../apps/api/src/activity/activity.service';
import type * as PartnerScopeModule from '../apps/api/src/auth/partner-scope';
import type * as BulkActionsRepositoryModule from '../apps/api/src/devices/bulk-actions.repository';

// loaded through the swc hook that bench/partner.ts installs (decorator metadata)
const load = createRequire(__filename);
const { ActivityService } = load('../apps/api/src/activity/activity.service') as typeof ActivityServiceModule;
const { getDataSourceToken } = load('@nestjs/typeorm') as typeof NestTypeormModule;
const { PartnerScope } = load('../apps/api/src/auth/partner-scope') as typeof PartnerScopeModule;
const { BulkActionsRepository, distinctDeviceIds } = load(
  '../apps/api/src/devices/bulk-actions.repository',
) as typeof BulkActionsRepositoryModule;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median time of a bare Fastify inject taking `body` and answering `reply` (bytes). */
export async function bareHttp(body: object, reply: Buffer, runs: number): Promise<number> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  app.post('/click', async (request, response) => {
    if (typeof request.body !== 'object' || request.body === null) throw new Error('no body');
    void response.type('application/json; charset=utf-8');
    return reply;
  });
  await app.ready();
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i += 1) {
    const begun = performance.now();
    const res = await app.inject({ method: 'POST', url: '/click', payload: body });
    if (i >= 3) times.push(performance.now() - begun);
    if (res.statusCode !== 200 || res.rawPayload.length !== reply.length) throw new Error('bare route');
  }
  await app.close();
  return median(times);
}

/**
 * Median time of the click's statement alone (BulkActionsRepository.run, with the activity entry made by
 * ActivityService.entrySql as the click makes it), as the bench's user, each run rolled back.
 */
export async function statementAlone(
  app: INestApplication,
  input: { partnerId: string; userId: string; migrationId: string; deviceIds: string[] },
  runs: number,
): Promise<number> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const activity = app.get(ActivityService);
  const repository = new BulkActionsRepository();
  const scope = PartnerScope.ofSession({
    partnerId: input.partnerId,
    userId: input.userId,
    sessionId: 'bench',
  });
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i += 1) {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const begun = performance.now();
      const run = await repository.run(runner.manager, {
        scope,
        migrationId: input.migrationId,
        action: 'retry-profile-creation',
        selection: { deviceIds: distinctDeviceIds(input.deviceIds) },
        now: new Date(),
        actorUserId: input.userId,
        idsUpTo: 2000,
        activity: (p, sql) =>
          activity.entrySql(
            p,
            scope,
            {
              migrationId: input.migrationId,
              action: 'devices.retry_profile_creation',
              detail: { selection: 'ids' },
            },
            sql,
          ),
      });
      if (i >= 1) times.push(performance.now() - begun);
      if (run.affected !== 0) throw new Error(`the statement alone affected ${run.affected}`);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }
  return median(times);
}
