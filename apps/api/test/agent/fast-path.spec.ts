import { DeviceAuth } from '../../src/agent/device-auth';
import { CheckInBuffer } from '../../src/lifecycle/check-ins';
import { makeMigration, type MigrationSeed } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { bulkRetry, createAgentTestApp, deviceRow, MIN, openAlerts, sweep, TestAgent } from './agent-client';

jest.setTimeout(60_000);

const onPostgres = process.env.DATABASE_URL ? it : it.skip;

/** Pool connections the app takes while `work` runs (every SQL statement takes one; LISTEN has its own). */
async function connectionsTaken(t: TestApp, work: () => Promise<void>): Promise<number> {
  const pool = (t.db.driver as unknown as { master: { connect: (...args: unknown[]) => unknown } }).master;
  const connect = jest.spyOn(pool, 'connect');
  try {
    await work();
    return connect.mock.calls.length;
  } finally {
    connect.mockRestore();
  }
}

const checkIns = (t: TestApp) => t.app.get(CheckInBuffer);
const cache = (t: TestApp) => t.app.get(DeviceAuth).cache;

describe('agent fast path: no-op polls from memory, check-ins batched', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    // check-ins are written when the test says so (flush), not by the timer
    t = await createAgentTestApp({ env: { CHECKIN_FLUSH_MS: '60000' } });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    t.clock.set('2026-11-25T12:00:00.000Z');
    migration = await makeMigration(t.db, { cutoverAt: new Date('2026-12-20T22:00:00.000Z') });
  });

  /** Enrolled, profile created, both parts checked in: nothing is due for weeks. */
  async function readyDevice(): Promise<TestAgent> {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    await agent.succeed((await agent.next('CREATE_PROFILE')).id);
    await agent.poll();
    await agent.servicePoll();
    await checkIns(t).flush();
    return agent;
  }

  it('a no-op poll runs no SQL: 40 polls of both parts take no database connection', async () => {
    const agent = await readyDevice();
    await agent.poll(); // warm: in memory from here
    const taken = await connectionsTaken(t, async () => {
      for (let i = 0; i < 20; i++) {
        t.clock.advance(1000);
        expect((await agent.poll()).commands).toEqual([]);
        expect((await agent.servicePoll()).commands).toEqual([]);
      }
    });
    expect(taken).toBe(0);
    expect(checkIns(t).size).toBeGreaterThanOrEqual(1);
    // the flush writes the newest check-in of each part in one statement
    expect(await connectionsTaken(t, () => checkIns(t).flush())).toBe(1);
    const row = await deviceRow(t, agent.deviceId);
    expect(row.client_last_seen_at).toEqual(t.clock.now());
    expect(row.service_last_seen_at).toEqual(t.clock.now());
  });

  it('a poll that changes something writes at once: a locked session, a new Outlook build', async () => {
    const agent = await readyDevice();
    await agent.poll({ locked: true });
    expect((await deviceRow(t, agent.deviceId)).locked).toBe(true);
    await agent.poll({ locked: false, inventory: { outlookVersion: '16.0.4266.1001' } });
    const row = await deviceRow(t, agent.deviceId);
    expect(row).toMatchObject({ locked: false, outlook_version: '16.0.4266.1001' });
    expect(await openAlerts(t, agent.deviceId)).toEqual(['OUTLOOK_OUTDATED']);
  });

  it('D2: a check-in still waiting for its flush counts for the sweep, exactly 3 intervals and not 1 ms more', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    await agent.fail((await agent.next('CREATE_PROFILE')).id, 'AUTODISCOVER_FAILED'); // D4: retry in 4 h
    const retryAt = (await deviceRow(t, agent.deviceId)).next_retry_at!;
    t.clock.set(new Date(retryAt.getTime() - MIN));
    await agent.servicePoll();
    expect((await agent.poll()).commands).toEqual([]); // no-op: buffered, not written
    expect(checkIns(t).size).toBeGreaterThan(0);
    t.clock.set(new Date(retryAt.getTime() + 5 * MIN)); // the retry is due; last seen exactly 6 min ago
    await sweep(t);
    expect((await deviceRow(t, agent.deviceId)).status).toBe('creating_profile');
    t.clock.advance(1);
    await sweep(t);
    expect((await deviceRow(t, agent.deviceId)).status).toBe('waiting_for_device');
  });

  it('D1: a buffered service check-in counts for SERVICE_UNREACHABLE, also after the cache dropped the device', async () => {
    const agent = await readyDevice();
    const serviceAt = t.clock.advanceMinutes(1);
    await agent.servicePoll(); // buffered
    cache(t).clear(); // the next poll reads the device from the database, where the service part is older
    t.clock.set(new Date(serviceAt.getTime() + 6 * MIN));
    await agent.poll();
    expect(await openAlerts(t, agent.deviceId)).toEqual([]);
    t.clock.advance(1);
    await agent.poll();
    expect(await openAlerts(t, agent.deviceId)).toEqual(['SERVICE_UNREACHABLE']);
  });

  it('a crash loses at most the check-ins since the last flush; the next poll restores them', async () => {
    const agent = await readyDevice();
    const flushedAt = t.clock.advanceMinutes(1);
    await agent.poll();
    await checkIns(t).flush();
    t.clock.advanceMinutes(1);
    await agent.poll();
    expect(checkIns(t).discard()).toBe(1); // the process dies before its next flush
    expect((await deviceRow(t, agent.deviceId)).client_last_seen_at).toEqual(flushedAt);
    const restoredAt = t.clock.advanceMinutes(1);
    await agent.poll();
    await checkIns(t).flush();
    expect((await deviceRow(t, agent.deviceId)).client_last_seen_at).toEqual(restoredAt);
  });

  it('a check-in never moves a device back: an older flush after a newer write changes nothing', async () => {
    const agent = await readyDevice();
    const older = t.clock.advanceMinutes(1);
    await agent.poll(); // buffered at `older`
    t.clock.advanceMinutes(1);
    const newer = t.clock.now();
    await agent.poll({ locked: true }); // written at once at `newer`
    await checkIns(t).flush();
    const row = await deviceRow(t, agent.deviceId);
    expect(row.client_last_seen_at).toEqual(newer);
    expect(row.locked).toBe(true);
    expect(older < newer).toBe(true);
  });

  it('a command queued by a partner is delivered on the next poll of a cached device', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    await agent.fail((await agent.next('CREATE_PROFILE')).id, 'CREDENTIAL_PROMPT_TIMEOUT'); // D10: manual
    await agent.poll();
    expect((await agent.poll()).commands).toEqual([]); // cached, nothing due
    await bulkRetry(t, {
      migrationId: migration.id,
      deviceIds: [agent.deviceId],
      actorUserId: null,
    });
    // the NOTIFY of the partner's transaction drops the cached state; the next poll reads it afresh
    await waitFor(() => !cacheHas(t, agent.deviceId));
    expect((await agent.poll()).commands).toEqual([expect.objectContaining({ type: 'CREATE_PROFILE' })]);
  });

  describe('with a cache of 3 devices', () => {
    let small: TestApp;
    beforeAll(async () => {
      small = await createAgentTestApp({ env: { AGENT_CACHE_SIZE: '3', CHECKIN_FLUSH_MS: '60000' } });
    });
    afterAll(async () => {
      await small.close();
    });

    it('never holds more than its cap, and every poll is still answered right', async () => {
      const m = await makeMigration(small.db, { cutoverAt: new Date('2026-12-20T22:00:00.000Z') });
      const agents = await Promise.all(
        Array.from({ length: 5 }, () => TestAgent.enroll(small, m.enrollmentKey)),
      );
      for (const agent of agents) expect((await agent.next('CREATE_PROFILE')).type).toBe('CREATE_PROFILE');
      for (let round = 0; round < 4; round++) {
        for (const agent of agents) {
          expect((await agent.poll()).commands).toEqual([]);
          expect(cache(small).size).toBeLessThanOrEqual(3);
        }
      }
      expect(cache(small).size).toBe(3);
    });
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
        env: { LIFECYCLE_SWEEP_SECONDS: '0', DEMO: 'off', CHECKIN_FLUSH_MS: '60000' },
      });
      return t2;
    }

    onPostgres(
      're-enrolling through A revokes the old token on B at once, though B had it in memory',
      async () => {
        const b = await second();
        const agent = await readyDevice();
        const onB = new TestAgent(b, agent.deviceId, agent.token);
        await onB.poll();
        await onB.poll();
        expect(cacheHas(b, agent.deviceId)).toBe(true);
        const again = await TestAgent.enroll(t, migration.enrollmentKey, {
          hostname: (await t.db.query(`SELECT hostname FROM device WHERE id = $1`, [agent.deviceId]))[0]
            .hostname,
        });
        expect(again.deviceId).toBe(agent.deviceId);
        const started = Date.now();
        await waitFor(async () => (await onB.post('/poll').send({ component: 'service' })).status === 401);
        expect(Date.now() - started).toBeLessThan(t.config.agentCacheMaxStalenessMs);
        onB.token = again.token;
        expect((await onB.poll()).commands).toEqual([]);
      },
    );

    onPostgres('a command queued on A is delivered by a poll on B within the staleness bound', async () => {
      const b = await second();
      const agent = await TestAgent.enroll(t, migration.enrollmentKey);
      await agent.servicePoll();
      await agent.fail((await agent.next('CREATE_PROFILE')).id, 'CREDENTIAL_PROMPT_TIMEOUT');
      const onB = new TestAgent(b, agent.deviceId, agent.token);
      await onB.poll();
      expect((await onB.poll()).commands).toEqual([]);
      expect(cacheHas(b, agent.deviceId)).toBe(true);
      await bulkRetry(t, {
        migrationId: migration.id,
        deviceIds: [agent.deviceId],
        actorUserId: null,
      });
      const started = Date.now();
      let commands: unknown[] = [];
      await waitFor(async () => (commands = (await onB.poll()).commands).length > 0);
      expect(commands).toEqual([expect.objectContaining({ type: 'CREATE_PROFILE' })]);
      expect(Date.now() - started).toBeLessThan(t.config.agentCacheMaxStalenessMs);
    });

    onPostgres(
      'a lost LISTEN connection empties the cache (notifications may have been missed)',
      async () => {
        const agent = await readyDevice();
        await agent.poll();
        expect(cache(t).size).toBeGreaterThan(0);
        await t.db.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'cutover-notifier' AND datname = current_database()`,
        );
        await waitFor(() => cache(t).size === 0);
        // the service keeps answering, from the database until the listener is back
        expect((await agent.poll()).commands).toEqual([]);
        await waitFor(() => t.app.get(DeviceAuth).trusted);
      },
    );
  });
});

function cacheHas(t: TestApp, deviceId: string): boolean {
  return cache(t).holds(deviceId);
}

/** Polls a condition (a NOTIFY or a reconnect is on its way) for up to 5 s. */
async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  const until = Date.now() + 5000;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > until) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
