import request from 'supertest';
import { makeMigration, type MigrationSeed } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { commandsOf, createAgentTestApp, deviceEvents, MIN, TestAgent } from './agent-client';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? it : it.skip;
const C = new Date('2026-11-27T22:00:00.000Z');

/** A client poll of `agent` sent to `server` (another API process on the same database, or the same one). */
function pollVia(server: TestApp['server'], agent: TestAgent) {
  return request(server)
    .post('/api/agent/v1/poll')
    .set('authorization', `Bearer ${agent.token}`)
    .send({ component: 'client', session: { locked: false, userSignedIn: true } });
}

describe('concurrency: claims, caps and results under parallel requests', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    t.clock.set(new Date(C.getTime() - 3 * 60 * MIN));
    migration = await makeMigration(t.db, { cutoverAt: C });
  });

  it('20 parallel polls of one device: exactly one receives the command', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const replies = await Promise.all(Array.from({ length: 20 }, () => pollVia(t.server, agent)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    const delivered = replies.flatMap((r) => r.body.commands);
    expect(delivered).toHaveLength(1);
    expect(await commandsOf(t, agent.deviceId)).toHaveLength(1);
    expect(await deviceEvents(t, agent.deviceId, 'command_delivered')).toHaveLength(1);
  });

  it('parallel polls after the lease ran out re-deliver the same command exactly once', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const first = await agent.next();
    t.clock.advanceMinutes(16);
    const replies = await Promise.all(Array.from({ length: 10 }, () => pollVia(t.server, agent)));
    const delivered = replies.flatMap((r) => r.body.commands);
    expect(delivered.map((c: { id: string }) => c.id)).toEqual([first.id]);
  });

  it('D11: parallel polls of many devices never start more transfers than the cap', async () => {
    const capped = await makeMigration(t.db, { cutoverAt: C, maxConcurrentTransfers: 3 });
    const agents: TestAgent[] = [];
    for (let i = 0; i < 12; i++) {
      const agent = await TestAgent.enroll(t, capped.enrollmentKey, { hostname: `PC-CAP-${i}` });
      await agent.succeed((await agent.next()).id);
      agents.push(agent);
    }
    t.clock.set(new Date(C.getTime() + 10 * MIN));
    const replies = await Promise.all(
      agents.flatMap((agent) => [pollVia(t.server, agent), pollVia(t.server, agent)]),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.flatMap((r) => r.body.commands)).toHaveLength(3);
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n FROM command WHERE migration_id = $1 AND type = 'SWITCH_PROFILE' AND state = 'delivered'`,
      [capped.id],
    );
    expect(row.n).toBe(3);
  });

  it('the same result sent twice at once is recorded once; two different results: one wins, the other is 409', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const command = await agent.next();
    const same = await Promise.all([
      agent.result(command.id, { status: 'succeeded' }),
      agent.result(command.id, { status: 'succeeded' }),
    ]);
    expect(same.map((r) => r.status)).toEqual([200, 200]);
    expect(await deviceEvents(t, agent.deviceId, 'command_succeeded')).toHaveLength(1);

    const other = await TestAgent.enroll(t, migration.enrollmentKey);
    const c2 = await other.next();
    const different = await Promise.all([
      other.result(c2.id, { status: 'succeeded' }),
      other.result(c2.id, { status: 'failed', errorCode: 'DISK_FULL' }),
    ]);
    expect(different.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('parallel enrollments of one PC give one device, and only the last token works', async () => {
    const body = {
      enrollmentKey: migration.enrollmentKey,
      hostname: 'PC-RACE',
      windowsUser: 'CONTOSO\\race',
    };
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => request(t.server).post('/api/agent/v1/enroll').send(body)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(replies.map((r) => r.body.deviceId)).size).toBe(1);
    const statuses = await Promise.all(
      replies.map((r) =>
        request(t.server)
          .post('/api/agent/v1/poll')
          .set('authorization', `Bearer ${r.body.deviceToken}`)
          .send({ component: 'service' }),
      ),
    );
    expect(statuses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(statuses.filter((r) => r.status === 401)).toHaveLength(7);
  });

  describe('two API processes on one PostgreSQL database', () => {
    let t2: TestApp | null = null;
    afterAll(async () => {
      await t2?.close();
    });
    async function second(): Promise<TestApp> {
      t2 ??= await createTestApp({
        databaseUrl: t.config.databaseUrl,
        clock: t.clock,
        env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off' },
      });
      return t2;
    }

    onPostgres('polls of one device on two instances at once: exactly one receives the command', async () => {
      const other = await second();
      for (let round = 0; round < 5; round++) {
        const agent = await TestAgent.enroll(t, migration.enrollmentKey, { hostname: `PC-2X-${round}` });
        const replies = await Promise.all(
          Array.from({ length: 10 }, (_, i) => pollVia(i % 2 === 0 ? t.server : other.server, agent)),
        );
        expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
        expect(replies.flatMap((r) => r.body.commands)).toHaveLength(1);
      }
    });

    onPostgres('D11: the cap holds across instances', async () => {
      const other = await second();
      const capped = await makeMigration(t.db, { cutoverAt: C, maxConcurrentTransfers: 2 });
      const agents: TestAgent[] = [];
      for (let i = 0; i < 8; i++) {
        const agent = await TestAgent.enroll(t, capped.enrollmentKey, { hostname: `PC-2XCAP-${i}` });
        await agent.succeed((await agent.next()).id);
        agents.push(agent);
      }
      t.clock.set(new Date(C.getTime() + 10 * MIN));
      const replies = await Promise.all(
        agents.flatMap((a) => [pollVia(t.server, a), pollVia(other.server, a)]),
      );
      expect(replies.every((r) => r.status === 200)).toBe(true);
      expect(replies.flatMap((r) => r.body.commands)).toHaveLength(2);
    });
  });
});
