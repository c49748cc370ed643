import { Client } from 'pg';
import request from 'supertest';
import { makeMigration, type MigrationSeed } from '../factories';
import { signUp } from '../partner/factories';
import { createTestApp, type TestApp } from '../test-app';
import { createAgentTestApp, TestAgent } from '../agent/agent-client';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

/** What a request may answer while its database is in trouble: its success, or 503 with Retry-After. */
function expectSuccessOr503(label: string, res: request.Response): void {
  if (res.status >= 500) {
    expect({ label, status: res.status, body: res.body }).toEqual({
      label,
      status: 503,
      body: { error: { code: 'OVERLOADED', message: expect.any(String), details: expect.anything() } },
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }
}

onPostgres('database restarts: 503 with Retry-After, never a 500, and the service recovers', () => {
  let t: TestApp;
  let migration: MigrationSeed;
  let admin: Client;

  beforeAll(async () => {
    t = await createAgentTestApp({ env: { CHECKIN_FLUSH_MS: '0' } });
    migration = await makeMigration(t.db, { cutoverAt: new Date('2026-12-20T22:00:00.000Z') });
    admin = new Client({ connectionString: t.config.databaseUrl! });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  /** Kills every connection of the API (its pool and its listener), as a PostgreSQL restart does. */
  async function terminateApiConnections(): Promise<number> {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM (
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND application_name IN ('cutover-api', 'cutover-notifier')) k`,
    );
    return rows[0].n;
  }

  it('agent results, progress, polls that write, and partner reads and bulk actions, while backends are killed', async () => {
    const partner = await signUp(t);
    const owned = await makeMigration(t.db, { partnerId: partner.partnerId });
    const agents = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        TestAgent.enroll(t, migration.enrollmentKey, { hostname: `PC-KILL-${i}` }),
      ),
    );
    const statuses: number[] = [];
    let stop = false;
    const traffic = (async () => {
      let round = 0;
      while (!stop) {
        round += 1;
        const replies = await Promise.all([
          ...agents.map((a, i) =>
            a.post('/poll').send({
              component: 'client',
              // a new session state each round: a poll that writes at once, in a transaction
              session: { locked: (round + i) % 2 === 0, userSignedIn: true },
            }),
          ),
          partner.agent.get(`/api/migrations/${owned.id}/devices`),
          partner.agent
            .post(`/api/migrations/${owned.id}/devices/actions`)
            .send({ action: 'retry-profile-creation', filter: {} }),
          request(t.server).get('/api/health'),
        ]);
        const health = replies.pop()!;
        // the health check answers 503 with its own body while the database is down
        if (health.status !== 200) expect(health.body).toMatchObject({ status: 'degraded' });
        statuses.push(health.status);
        for (const [i, res] of replies.entries()) {
          statuses.push(res.status);
          expectSuccessOr503(`round ${round} request ${i}`, res);
        }
      }
    })();
    let killed = 0;
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      killed += await terminateApiConnections();
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop = true;
    await traffic;
    expect(killed).toBeGreaterThan(0);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    // recovered: a poll and a partner read succeed again
    await agents[0].post('/poll').send({ component: 'service' }).expect(200);
    await partner.agent.get(`/api/migrations/${owned.id}/devices`).expect(200);
  });

  it('a connection killed between two statements of a transaction is an error of that transaction, not a crash', async () => {
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onError);
    try {
      const outcome = t.db
        .transaction(async (manager) => {
          await manager.query('SELECT 1');
          // the connection is checked out and idle in the transaction: the server drops it now
          await terminateApiConnections();
          await new Promise((resolve) => setTimeout(resolve, 200));
          await manager.query('SELECT 1');
        })
        .then(
          () => 'committed',
          () => 'failed',
        );
      expect(await outcome).toBe('failed');
      expect(errors).toEqual([]);
      // and the pool serves the next request
      expect(await t.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});

describe('a closed connection pool', () => {
  let t: TestApp;
  afterAll(async () => {
    await t.close().catch(() => undefined);
  });

  it('answers agents and partners 503 with Retry-After, not 500', async () => {
    t = await createAgentTestApp();
    const migration = await makeMigration(t.db);
    const partner = await signUp(t);
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await t.db.destroy();
    const replies = await Promise.all([
      agent.post('/poll').send({ component: 'service' }),
      agent.post('/commands/00000000-0000-4000-8000-000000000001/result').send({ status: 'succeeded' }),
      request(t.server)
        .post('/api/agent/v1/enroll')
        .send({ enrollmentKey: migration.enrollmentKey, hostname: 'PC-X', windowsUser: 'C\\x' }),
      partner.agent.get('/api/migrations'),
      request(t.server).post('/api/auth/login').send({ email: partner.email, password: 'whatever password' }),
    ]);
    for (const [i, res] of replies.entries()) {
      expect({ i, status: res.status, body: res.body }).toEqual({
        i,
        status: 503,
        body: { error: expect.objectContaining({ code: 'OVERLOADED' }) },
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    const health = await request(t.server).get('/api/health').expect(503);
    expect(health.body).toMatchObject({ status: 'degraded' });
  });
});

onPostgres('two replicas starting together on an empty database', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('both start: the schema migrations run once, under an advisory lock', async () => {
    const first = await createTestApp({ env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off' } });
    apps.push(first);
    // a second empty database, then two app instances on it at the same moment
    const url = new URL(first.config.databaseUrl!);
    const name = `${url.pathname.slice(1)}_race`;
    const admin = new Client({ connectionString: first.config.databaseUrl! });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    try {
      const both = await Promise.all(
        [0, 1].map(() =>
          createTestApp({ databaseUrl: url.toString(), env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off' } }),
        ),
      );
      apps.push(...both);
      for (const app of both) await request(app.server).get('/api/health').expect(200);
      const [row] = await both[0].db.query(`SELECT count(*)::int AS n FROM migrations`);
      const [listed] = await first.db.query(`SELECT count(*)::int AS n FROM migrations`);
      expect(row.n).toBe(listed.n);
    } finally {
      for (const app of apps.splice(1)) await app.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
