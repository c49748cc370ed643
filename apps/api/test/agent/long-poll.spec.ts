import request from 'supertest';
import { makeMigration, type MigrationSeed } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { bulkRetry, createAgentTestApp, MIN, TestAgent } from './agent-client';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? it : it.skip;
const C = new Date('2026-11-27T22:00:00.000Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function longPoll(
  server: TestApp['server'],
  agent: TestAgent,
  waitSeconds: number,
  session = { locked: false, userSignedIn: true },
) {
  const started = performance.now();
  return request(server)
    .post(`/api/agent/v1/poll?waitSeconds=${waitSeconds}`)
    .set('authorization', `Bearer ${agent.token}`)
    .send({ component: 'client', session })
    .then((res) => ({ res, ms: performance.now() - started }));
}

describe('long poll (?waitSeconds=N) with LISTEN/NOTIFY', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    t.clock.set(new Date(C.getTime() + 30 * 60 * MIN));
    migration = await makeMigration(t.db, { cutoverAt: C });
  });

  /** A device that failed profile creation more than 24 h after cutover: nothing is queued for it. */
  async function idleDevice(): Promise<TestAgent> {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.fail((await agent.next()).id);
    expect((await agent.device()).manual_retry_required).toBe(true);
    return agent;
  }

  function retryNow(app: TestApp, deviceId: string) {
    return bulkRetry(app, {
      migrationId: migration.id,
      deviceIds: [deviceId],
      actorUserId: null,
    });
  }

  it('with nothing to deliver the reply is held N seconds, then empty', async () => {
    const agent = await idleDevice();
    const { res, ms } = await longPoll(t.server, agent, 1);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ pollIntervalSeconds: 120, commands: [] });
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(5000);
  });

  it('with something to deliver it answers at once', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const { res, ms } = await longPoll(t.server, agent, 30);
    expect(res.body.commands).toHaveLength(1);
    expect(ms).toBeLessThan(5000);
  });

  it('a held poll returns as soon as a command is queued for its device (D5 retry)', async () => {
    const agent = await idleDevice();
    const held = longPoll(t.server, agent, 20);
    await sleep(300);
    await retryNow(t, agent.deviceId);
    const { res, ms } = await held;
    expect(res.body.commands).toEqual([expect.objectContaining({ type: 'CREATE_PROFILE' })]);
    expect(ms).toBeLessThan(10_000);
  });

  it('a command for another device does not release the held poll', async () => {
    const agent = await idleDevice();
    const other = await idleDevice();
    const held = longPoll(t.server, agent, 2);
    await sleep(200);
    await retryNow(t, other.deviceId);
    const { res, ms } = await held;
    expect(res.body.commands).toEqual([]);
    expect(ms).toBeGreaterThanOrEqual(1900);
  });

  it('D9: a locked client part is held without receiving what gets queued meanwhile', async () => {
    const agent = await idleDevice();
    const held = longPoll(t.server, agent, 2, { locked: true, userSignedIn: true });
    await sleep(200);
    await retryNow(t, agent.deviceId);
    const { res } = await held;
    expect(res.body.commands).toEqual([]);
    expect((await agent.device()).status).toBe('waiting_for_device');
  });

  it('D7: a poll held across C + 10 min receives the switch when it falls due (its own timer)', async () => {
    t.clock.set(new Date(C.getTime() - 60 * MIN));
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.succeed((await agent.next()).id);
    t.clock.set(new Date(C.getTime() + 10 * MIN - 1000));
    const held = longPoll(t.server, agent, 10);
    await sleep(300);
    t.clock.set(new Date(C.getTime() + 10 * MIN));
    const { res, ms } = await held;
    expect(res.body.commands).toEqual([expect.objectContaining({ type: 'SWITCH_PROFILE' })]);
    expect(ms).toBeLessThan(5000);
  });

  it('D11: a device queued for bandwidth is released when a transfer finishes', async () => {
    const capped = await makeMigration(t.db, { cutoverAt: C, maxConcurrentTransfers: 1 });
    t.clock.set(new Date(C.getTime() - 60 * MIN));
    const a = await TestAgent.enroll(t, capped.enrollmentKey, { hostname: 'PC-A' });
    const b = await TestAgent.enroll(t, capped.enrollmentKey, { hostname: 'PC-B' });
    await a.succeed((await a.next()).id);
    await b.succeed((await b.next()).id);
    t.clock.set(new Date(C.getTime() + 15 * MIN));
    const running = await a.next('SWITCH_PROFILE');
    const held = longPoll(t.server, b, 20);
    await sleep(300);
    expect((await b.device()).status).toBe('queued_for_bandwidth');
    await a.succeed(running.id);
    const { res, ms } = await held;
    expect(res.body.commands).toEqual([expect.objectContaining({ type: 'SWITCH_PROFILE' })]);
    expect(ms).toBeLessThan(10_000);
  });

  it.each(['0', '31', 'abc', '1.5', ''])('400 for waitSeconds=%p', async (value) => {
    const agent = await idleDevice();
    const res = await agent.post(`/poll?waitSeconds=${value}`).send({ component: 'service' }).expect(400);
    expect(res.body.error.details[0].field).toBe('waitSeconds');
  });

  describe('two API processes on one PostgreSQL database', () => {
    let t2: TestApp | null = null;
    afterAll(async () => {
      await t2?.close();
    });

    onPostgres(
      'a poll held on one instance returns when the command is queued through the other (NOTIFY)',
      async () => {
        t2 = await createTestApp({
          databaseUrl: t.config.databaseUrl,
          clock: t.clock,
          env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off' },
        });
        const agent = await idleDevice();
        const held = longPoll(t2.server, agent, 20);
        await sleep(500);
        await retryNow(t, agent.deviceId);
        const { res, ms } = await held;
        expect(res.body.commands).toEqual([expect.objectContaining({ type: 'CREATE_PROFILE' })]);
        expect(ms).toBeLessThan(10_000);
        // and the other way round, with many devices woken by one statement
        const agents = await Promise.all(Array.from({ length: 5 }, () => idleDevice()));
        const helds = agents.map((a) => longPoll(t.server, a, 20));
        await sleep(500);
        await bulkRetry(t2!, {
          migrationId: migration.id,
          deviceIds: agents.map((a) => a.deviceId),
          actorUserId: null,
        });
        const results = await Promise.all(helds);
        expect(results.map((r) => r.res.body.commands.length)).toEqual([1, 1, 1, 1, 1]);
        expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(10_000);
      },
    );
  });
});
