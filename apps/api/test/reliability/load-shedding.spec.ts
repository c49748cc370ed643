import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import request from 'supertest';
import { makeMigration, type MigrationSeed } from '../factories';
import { type Partner, signUp } from '../partner/factories';
import type { TestApp } from '../test-app';
import { createAgentTestApp, TestAgent } from '../agent/agent-client';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

/** Holds row locks on every device of a migration in a transaction of its own, until release(). */
async function lockDevices(t: TestApp, migrationId: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: t.config.databaseUrl! });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SELECT id FROM device WHERE migration_id = $1 FOR UPDATE`, [migrationId]);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** A client poll that must write at once (a session report that differs), so it needs the database. */
function writingPoll(agent: TestAgent, locked: boolean) {
  return agent.post('/poll').send({ component: 'client', session: { locked, userSignedIn: true } });
}

onPostgres('an agent flood on a small pool', () => {
  let t: TestApp;
  let migration: MigrationSeed;
  let partner: Partner;
  let agents: TestAgent[];

  beforeAll(async () => {
    t = await createAgentTestApp({
      env: {
        DATABASE_POOL_SIZE: '3',
        DATABASE_PARTNER_RESERVE: '1',
        AGENT_MAX_QUEUED: '4',
        DATABASE_LOCK_TIMEOUT_MS: '1500',
        DATABASE_STATEMENT_TIMEOUT_MS: '10000',
      },
    });
    partner = await signUp(t);
    migration = await makeMigration(t.db, { partnerId: partner.partnerId });
    agents = [];
    for (let i = 0; i < 30; i += 1) agents.push(await TestAgent.enroll(t, migration.enrollmentKey));
  });
  afterAll(async () => {
    await t.close();
  });

  it('is shed at once with 503 and Retry-After past the queue, nothing waits without bound, and partners are still answered within 1 s', async () => {
    const lock = await lockDevices(t, migration.id);
    let flood: { status: number; retryAfter: number; ms: number }[] = [];
    try {
      const started = performance.now();
      const replies = Promise.all(
        agents.map(async (agent) => {
          const res = await writingPoll(agent, false);
          return {
            status: res.status,
            retryAfter: Number(res.headers['retry-after']),
            ms: performance.now() - started,
          };
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      // the agents now hold or wait for every connection agent work may take; a partner gets the reserve
      const asked = performance.now();
      await partner.agent.get(`/api/migrations/${migration.id}`).expect(200);
      await partner.agent.get(`/api/migrations/${migration.id}/devices`).expect(200);
      expect(performance.now() - asked).toBeLessThan(1000);
      const health = await request(t.server).get('/api/health');
      expect(health.status).toBe(200);
      flood = await replies;
    } finally {
      await lock.release();
    }
    const shed = flood.filter((r) => r.status === 503);
    // 2 run (the pool of 3 minus the partner reserve), 4 wait, the other 24 are told to come back
    expect(shed.length).toBeGreaterThanOrEqual(24);
    expect(flood.every((r) => r.status === 503)).toBe(true); // the 6 that ran met the lock timeout: 503 too
    for (const r of shed) expect(r.retryAfter).toBeGreaterThanOrEqual(5);
    // shed ones answered at once; the ones that waited for the lock, after about its timeout, not without bound
    expect(flood.filter((r) => r.ms < 1000).length).toBeGreaterThanOrEqual(24);
    expect(Math.max(...flood.map((r) => r.ms))).toBeLessThan(4 * 1500 + 2000);
    // nothing is lost: with the lock gone, the same polls go through
    for (const agent of agents.slice(0, 5)) await writingPoll(agent, false).expect(200);
  });
});

onPostgres('a statement that waits too long', () => {
  let t: TestApp;
  afterAll(async () => {
    await t.close();
  });

  it('is cancelled by the statement timeout and answered 503 with Retry-After', async () => {
    t = await createAgentTestApp({
      env: { DATABASE_STATEMENT_TIMEOUT_MS: '500', DATABASE_LOCK_TIMEOUT_MS: '60000' },
    });
    const migration = await makeMigration(t.db);
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const lock = await lockDevices(t, migration.id);
    try {
      const started = performance.now();
      const res = await writingPoll(agent, true);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 503 });
      expect(res.body.error.code).toBe('OVERLOADED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      await lock.release();
    }
    await writingPoll(agent, true).expect(200);
  });
});
