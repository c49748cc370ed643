import { makeMigration, makeUser, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import {
  bulkRetry,
  commandsOf,
  createAgentTestApp,
  deviceEvents,
  expectStatusesConsistent,
  HOUR,
  lifecycle,
  MIN,
  sweep,
  TestAgent,
} from './agent-client';

jest.setTimeout(60_000);

const C = new Date('2026-11-27T22:00:00.000Z');
const at = (offsetMs: number) => new Date(C.getTime() + offsetMs);

describe('device lifecycle (DOMAIN.md D4–D11) through the agent protocol', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function enrolledAt(
    offsetMs: number,
    overrides: Parameters<typeof makeMigration>[1] = {},
  ): Promise<TestAgent> {
    t.clock.set(at(offsetMs));
    migration = await makeMigration(t.db, { cutoverAt: C, ...overrides });
    return TestAgent.enroll(t, migration.enrollmentKey);
  }

  /** Fails the device's CREATE_PROFILE at C + offset; returns the retry command row, if any. */
  async function failCreateAt(agent: TestAgent, offsetMs: number, errorCode = 'AUTODISCOVER_FAILED') {
    t.clock.set(at(offsetMs));
    const command = await agent.next('CREATE_PROFILE');
    await agent.fail(command.id, errorCode);
    return (await commandsOf(t, agent.deviceId)).find((c) => c.state === 'queued') ?? null;
  }

  async function setCutover(cutoverAt: Date): Promise<void> {
    await t.db.transaction(async (manager) => {
      await manager.query(`UPDATE migration SET cutover_at = $2 WHERE id = $1`, [migration.id, cutoverAt]);
      await lifecycle(t).cutoverRescheduled(manager, { migrationId: migration.id, cutoverAt });
    });
  }

  async function retryNow(deviceIds: string[], actorUserId: string | null = null) {
    return bulkRetry(t, { migrationId: migration.id, deviceIds, actorUserId });
  }

  describe('D4: profile creation and its automatic retries', () => {
    it('D4: retries 39 min later within 6 h of cutover, delivered when due and not before', async () => {
      const agent = await enrolledAt(-2 * HOUR);
      const retry = await failCreateAt(agent, -2 * HOUR);
      expect(retry).toMatchObject({ source: 'retry', available_at: at(-2 * HOUR + 39 * MIN) });
      expect(await agent.device()).toMatchObject({
        status: 'profile_failed',
        error_code: 'AUTODISCOVER_FAILED',
        next_retry_at: at(-2 * HOUR + 39 * MIN),
        manual_retry_required: false,
      });
      expect((await agent.events('retry_scheduled'))[0].detail).toEqual({
        commandId: retry!.id,
        retryAt: at(-2 * HOUR + 39 * MIN).toISOString(),
        failedAt: at(-2 * HOUR).toISOString(),
        cutoverAt: C.toISOString(),
      });
      t.clock.set(at(-2 * HOUR + 38 * MIN));
      expect((await agent.poll()).commands).toEqual([]);
      t.clock.set(at(-2 * HOUR + 39 * MIN));
      expect((await agent.next('CREATE_PROFILE')).id).toBe(retry!.id);
      expect((await agent.device()).status).toBe('creating_profile');
    });

    it('D4: retries 4 h later when the failure is more than 6 h from cutover', async () => {
      const agent = await enrolledAt(-3 * 24 * HOUR);
      const retry = await failCreateAt(agent, -3 * 24 * HOUR);
      expect(retry!.available_at).toEqual(at(-3 * 24 * HOUR + 4 * HOUR));
      t.clock.set(at(-3 * 24 * HOUR + 4 * HOUR - 1000));
      expect((await agent.poll()).commands).toEqual([]);
      t.clock.set(at(-3 * 24 * HOUR + 4 * HOUR));
      expect((await agent.poll()).commands).toHaveLength(1);
    });

    it('D4: no automatic retry for a failure more than 24 h after cutover: manual retry required', async () => {
      const agent = await enrolledAt(25 * HOUR);
      expect(await failCreateAt(agent, 25 * HOUR)).toBeNull();
      expect(await agent.device()).toMatchObject({
        status: 'profile_failed',
        next_retry_at: null,
        manual_retry_required: true,
      });
      expect((await agent.events('manual_retry_required'))[0].detail).toEqual({
        reason: 'retry_window_closed',
      });
      t.clock.set(at(40 * HOUR));
      expect((await agent.poll()).commands).toEqual([]);
    });

    it('D4: a retry that would fall after C + 24 h is not scheduled', async () => {
      const agent = await enrolledAt(20 * HOUR);
      expect(await failCreateAt(agent, 20 * HOUR + MIN)).toBeNull();
      expect((await agent.device()).manual_retry_required).toBe(true);
    });

    it('D4: retries keep failing on the schedule until one succeeds', async () => {
      const agent = await enrolledAt(-HOUR);
      await failCreateAt(agent, -HOUR);
      await failCreateAt(agent, -HOUR + 39 * MIN);
      const third = await failCreateAt(agent, -HOUR + 78 * MIN);
      expect(third!.available_at).toEqual(at(-HOUR + 117 * MIN));
      t.clock.set(at(-HOUR + 117 * MIN));
      await agent.succeed((await agent.next()).id);
      expect(await agent.device()).toMatchObject({
        status: 'profile_ready',
        error_code: null,
        next_retry_at: null,
      });
    });

    it('D4: the sweep moves a device from profile_failed when its retry falls due (waiting for an offline device)', async () => {
      const agent = await enrolledAt(-2 * HOUR);
      await failCreateAt(agent, -2 * HOUR);
      t.clock.set(at(-2 * HOUR + 39 * MIN));
      await sweep(t);
      expect((await agent.device()).status).toBe('waiting_for_device');
      await expectStatusesConsistent(t, migration.id);
    });

    it('D4: a rescheduled cutover recomputes scheduled retries from the last failure', async () => {
      const agent = await enrolledAt(-2 * HOUR);
      const retry = await failCreateAt(agent, -2 * HOUR);
      t.clock.set(at(-2 * HOUR + 5 * MIN));
      // the cutover moves 2 days later: the failure is now far from it, so 4 h instead of 39 min
      await setCutover(at(2 * 24 * HOUR));
      const [moved] = (await commandsOf(t, agent.deviceId)).filter((c) => c.state === 'queued');
      expect(moved.id).toBe(retry!.id);
      expect(moved.available_at).toEqual(at(-2 * HOUR + 4 * HOUR));
      expect((await agent.device()).next_retry_at).toEqual(at(2 * HOUR));
      expect((await agent.events('retry_rescheduled'))[0].detail).toEqual({
        commandId: retry!.id,
        retryAt: at(2 * HOUR).toISOString(),
        previousRetryAt: at(-2 * HOUR + 39 * MIN).toISOString(),
        cutoverAt: at(2 * 24 * HOUR).toISOString(),
      });
      t.clock.set(at(-2 * HOUR + 39 * MIN));
      expect((await agent.poll()).commands).toEqual([]);
      t.clock.set(at(2 * HOUR));
      expect((await agent.next()).id).toBe(retry!.id);
    });

    it('D4: a new cutover that leaves no retry drops it (manual retry required); a later one brings it back', async () => {
      const agent = await enrolledAt(-2 * HOUR);
      const retry = await failCreateAt(agent, -2 * HOUR);
      t.clock.set(at(-2 * HOUR + MIN));
      // the cutover moves 2 days earlier: the failure is now more than 24 h after it
      await setCutover(at(-2 * 24 * HOUR));
      expect((await commandsOf(t, agent.deviceId)).find((c) => c.id === retry!.id)!.state).toBe('expired');
      expect(await agent.device()).toMatchObject({
        status: 'profile_failed',
        next_retry_at: null,
        manual_retry_required: true,
      });
      expect((await agent.events('manual_retry_required')).at(-1)!.detail).toEqual({
        reason: 'cutover_rescheduled',
        commandId: retry!.id,
      });
      // back to the original cutover: 39 min after the failure again
      await setCutover(C);
      const revived = (await commandsOf(t, agent.deviceId)).find((c) => c.state === 'queued')!;
      expect(revived).toMatchObject({ source: 'retry', available_at: at(-2 * HOUR + 39 * MIN) });
      expect(await agent.device()).toMatchObject({
        next_retry_at: at(-2 * HOUR + 39 * MIN),
        manual_retry_required: false,
      });
      await expectStatusesConsistent(t, migration.id);
    });
  });

  describe('D5: retry profile creation (the partner action behind the Devices tab)', () => {
    it('D5: a request brings the scheduled retry forward; the next poll takes it and the timeline names who asked', async () => {
      const agent = await enrolledAt(-2 * HOUR);
      const scheduled = await failCreateAt(agent, -2 * HOUR);
      const user = await makeUser(t.db, migration.partnerId);
      t.clock.set(at(-2 * HOUR + 2 * MIN));
      const requestedAt = t.clock.now();
      const result = await retryNow([agent.deviceId], user.id);
      expect(result).toMatchObject({ affected: 1, skipped: [] });
      // the click writes a request for the device; the command is the one already queued, now due
      const requests = () =>
        t.db.query(`SELECT requested_at, requested_by FROM retry_request WHERE device_id = $1`, [
          agent.deviceId,
        ]);
      expect(await requests()).toEqual([{ requested_at: requestedAt, requested_by: user.id }]);
      expect((await agent.device()).status).toBe('creating_profile');
      expect(await agent.events('retry_requested')).toEqual([]);
      t.clock.advance(MIN);
      expect((await agent.next('CREATE_PROFILE')).id).toBe(scheduled!.id);
      const [event] = await agent.events('retry_requested');
      expect(event).toMatchObject({
        actor_user_id: user.id,
        detail: {
          commandId: scheduled!.id,
          commandType: 'CREATE_PROFILE',
          requestedAt: requestedAt.toISOString(),
        },
      });
      expect(await requests()).toEqual([]);
      expect(await agent.device()).toMatchObject({ next_retry_at: null, manual_retry_required: false });
      // taken: the device polls on with nothing new
      expect((await agent.poll()).commands).toEqual([]);
    });

    it('D5: works more than 24 h after cutover, when no automatic retry is left', async () => {
      const agent = await enrolledAt(30 * HOUR);
      await failCreateAt(agent, 30 * HOUR);
      expect((await agent.device()).manual_retry_required).toBe(true);
      expect(await retryNow([agent.deviceId])).toMatchObject({ affected: 1, skipped: [] });
      expect((await agent.device()).status).toBe('creating_profile');
      await agent.next('CREATE_PROFILE');
      expect((await agent.device()).manual_retry_required).toBe(false);
    });

    it('D5: clicking again while one is still queued queues no second one', async () => {
      const agent = await enrolledAt(30 * HOUR);
      await failCreateAt(agent, 30 * HOUR);
      await retryNow([agent.deviceId]);
      expect(await agent.device()).toMatchObject({ manual_retry_required: true }); // the view says false
      expect(await retryNow([agent.deviceId])).toMatchObject({
        affected: 0,
        skipped: [{ deviceId: agent.deviceId, reason: 'retry_already_queued' }],
      });
      // ... nor while it runs
      const taken = await agent.next();
      expect((await commandsOf(t, agent.deviceId)).filter((c) => c.state === 'delivered')).toEqual([
        expect.objectContaining({ id: taken.id, source: 'manual' }),
      ]);
      expect((await retryNow([agent.deviceId])).skipped).toEqual([
        { deviceId: agent.deviceId, reason: 'retry_already_queued' },
      ]);
    });

    it('D5: skips devices whose profile is already created (or that already switched) and says why', async () => {
      const created = await enrolledAt(-2 * HOUR);
      await created.succeed((await created.next()).id);
      const switched = await TestAgent.enroll(t, migration.enrollmentKey);
      await switched.succeed((await switched.next()).id);
      t.clock.set(at(11 * MIN));
      await switched.succeed((await switched.next('SWITCH_PROFILE')).id);
      const failed = await TestAgent.enroll(t, migration.enrollmentKey);
      await failed.fail((await failed.next()).id);
      const foreign = '0b7c8f5e-4a7e-4c59-9c1e-0d4f2f1b9a11';
      const result = await retryNow([
        created.deviceId,
        switched.deviceId,
        failed.deviceId,
        foreign,
        failed.deviceId,
      ]);
      expect(result.affected).toBe(1);
      expect(result.skipped).toEqual(
        expect.arrayContaining([
          { deviceId: created.deviceId, reason: 'profile_already_created' },
          { deviceId: switched.deviceId, reason: 'already_completed' },
          { deviceId: foreign, reason: 'not_found' },
        ]),
      );
      expect(result.skipped).toHaveLength(3);
    });

    it('D5: a device that never got CREATE_PROFILE gets one too (status waiting until it polls)', async () => {
      const agent = await enrolledAt(-HOUR);
      await agent.poll({ locked: true });
      expect(await retryNow([agent.deviceId])).toMatchObject({ affected: 1, skipped: [] });
      expect((await agent.device()).status).toBe('waiting_for_device');
      const command = await agent.next('CREATE_PROFILE');
      expect(command.payload).toEqual({ mailbox: 'alice@contoso.com' });
      await expectStatusesConsistent(t, migration.id);
    });

    it('D5: set-based: thousands of devices in one call, one request per device, statuses follow', async () => {
      t.clock.set(at(-HOUR));
      migration = await makeMigration(t.db, { cutoverAt: C });
      const n = 3000;
      const { makeDevices } = await import('../factories');
      const ids = await makeDevices(
        t.db,
        migration,
        Array.from({ length: n }, (_, i) => ({
          status: 'profile_failed' as const,
          errorCode: 'AUTODISCOVER_FAILED',
          errorAt: at(-30 * HOUR),
          manualRetryRequired: true,
          clientLastSeenAt: i % 2 === 0 ? at(-HOUR - MIN) : null,
          locked: i % 2 === 0 ? false : null,
          userSignedIn: i % 2 === 0 ? true : null,
        })),
      );
      const started = performance.now();
      const result = await retryNow(ids);
      const ms = performance.now() - started;
      expect(result).toMatchObject({ affected: n, skipped: [] });
      const counts = async () =>
        (
          await t.db.query(
            `SELECT (SELECT count(*)::int FROM command WHERE migration_id = $1) AS commands,
                    (SELECT count(*)::int FROM retry_request WHERE migration_id = $1) AS requested,
                    (SELECT count(*)::int FROM device WHERE migration_id = $1 AND status = 'creating_profile') AS creating,
                    (SELECT count(*)::int FROM device WHERE migration_id = $1 AND status = 'waiting_for_device') AS waiting`,
            [migration.id],
          )
        )[0];
      // one request per device, no command or event rows until each device takes it; over
      // INLINE_STATUS_REFRESH devices, the statuses follow right after the commit
      const expected = { commands: 0, requested: n, creating: n / 2, waiting: n / 2 };
      const until = Date.now() + 10_000;
      while (JSON.stringify(await counts()) !== JSON.stringify(expected) && Date.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await counts()).toEqual(expected);
      await expectStatusesConsistent(t, migration.id);
      expect(ms).toBeLessThan(10_000);
    });
  });

  describe('D7, D8: the switch at cutover', () => {
    async function profileReady(overrides: Parameters<typeof makeMigration>[1] = {}): Promise<TestAgent> {
      const agent = await enrolledAt(-HOUR, overrides);
      await agent.succeed((await agent.next('CREATE_PROFILE')).id);
      return agent;
    }

    it('D7: SWITCH_PROFILE from C + 10 min, not before; progress shows; success completes the device', async () => {
      const agent = await profileReady({ migrationType: 'exchange' });
      t.clock.set(at(10 * MIN - 1000));
      expect((await agent.poll()).commands).toEqual([]);
      expect((await agent.device()).status).toBe('profile_ready');
      t.clock.set(at(10 * MIN));
      const command = await agent.next('SWITCH_PROFILE');
      expect(command.payload).toEqual({ migrationType: 'exchange', transferLocalData: true });
      expect((await agent.device()).status).toBe('switching');
      for (const [stage, percent] of [
        ['closing_outlook', 5],
        ['transferring_data', 42],
        ['reopening_outlook', 80],
        ['syncing', 95],
      ] as const) {
        await agent.progress(command.id, stage, percent).expect(204);
      }
      expect(await agent.device()).toMatchObject({
        status: 'switching',
        progress_stage: 'syncing',
        progress_percent: 95,
      });
      await agent.succeed(command.id);
      expect(await agent.device()).toMatchObject({
        status: 'completed',
        switched_at: t.clock.now(),
        progress_stage: null,
      });
      t.clock.set(at(2 * HOUR));
      expect((await agent.poll()).commands).toEqual([]);
    });

    it('D7: the payload tells a POP3 switch to move local data', async () => {
      const agent = await profileReady({ migrationType: 'pop3' });
      t.clock.set(at(10 * MIN));
      expect((await agent.next('SWITCH_PROFILE')).payload).toEqual({
        migrationType: 'pop3',
        transferLocalData: true,
      });
    });

    it('D7: a device that created its profile after cutover gets the switch on the same schedule', async () => {
      const agent = await enrolledAt(30 * MIN);
      await agent.succeed((await agent.next('CREATE_PROFILE')).id);
      expect((await agent.next('SWITCH_PROFILE')).type).toBe('SWITCH_PROFILE');
    });

    it('D7/D9: at C + 10 min a locked device waits for the device (sweep), and switches once unlocked', async () => {
      const agent = await profileReady();
      await agent.poll({ locked: true });
      t.clock.set(at(10 * MIN));
      await sweep(t);
      expect((await agent.device()).status).toBe('waiting_for_device');
      expect((await agent.poll({ locked: true })).commands).toEqual([]);
      await agent.next('SWITCH_PROFILE');
    });

    it('D8: a deferred switch is offered again no earlier than 10 minutes later', async () => {
      const agent = await profileReady();
      t.clock.set(at(12 * MIN));
      const first = await agent.next('SWITCH_PROFILE');
      await agent.result(first.id, { status: 'deferred' }).expect(200, { recorded: true });
      expect(await agent.device()).toMatchObject({ status: 'deferred', switch_not_before: at(22 * MIN) });
      expect((await agent.events('command_deferred'))[0].detail).toEqual({
        commandId: first.id,
        switchNotBefore: at(22 * MIN).toISOString(),
      });
      t.clock.set(at(22 * MIN - 1000));
      expect((await agent.poll()).commands).toEqual([]);
      expect((await agent.device()).status).toBe('deferred');
      t.clock.set(at(22 * MIN));
      const second = await agent.next('SWITCH_PROFILE');
      expect(second.id).not.toBe(first.id);
      // deferring again works the same way
      await agent.result(second.id, { status: 'deferred' }).expect(200);
      t.clock.set(at(32 * MIN));
      await sweep(t);
      expect((await agent.device()).status).toBe('waiting_for_device');
      await agent.succeed((await agent.next('SWITCH_PROFILE')).id);
      expect((await agent.device()).status).toBe('completed');
    });

    it('D7: a failed switch shows switch_failed with its error and is not offered again', async () => {
      const agent = await profileReady();
      t.clock.set(at(15 * MIN));
      const command = await agent.next('SWITCH_PROFILE');
      await agent.fail(command.id, 'DATA_TRANSFER_FAILED', 'PST locked');
      expect(await agent.device()).toMatchObject({
        status: 'switch_failed',
        error_code: 'DATA_TRANSFER_FAILED',
        error_message: 'PST locked',
      });
      t.clock.set(at(HOUR));
      expect((await agent.poll()).commands).toEqual([]);
    });

    it('D4/D7: moving the cutover later takes a due switch back to profile_ready', async () => {
      const agent = await profileReady();
      await agent.poll({ locked: true });
      t.clock.set(at(10 * MIN));
      await sweep(t);
      expect((await agent.device()).status).toBe('waiting_for_device');
      await setCutover(at(24 * HOUR));
      expect((await agent.device()).status).toBe('profile_ready');
      expect((await agent.poll()).commands).toEqual([]);
    });
  });

  describe('D10: CREDENTIAL_PROMPT_TIMEOUT', () => {
    it('D10: an unanswered prompt fails profile creation with no automatic retry; the partner retries it', async () => {
      const agent = await enrolledAt(-2 * HOUR);
      expect(await failCreateAt(agent, -2 * HOUR, 'CREDENTIAL_PROMPT_TIMEOUT')).toBeNull();
      expect(await agent.device()).toMatchObject({
        status: 'profile_failed',
        error_code: 'CREDENTIAL_PROMPT_TIMEOUT',
        manual_retry_required: true,
        next_retry_at: null,
      });
      expect((await agent.events('manual_retry_required'))[0].detail).toEqual({
        reason: 'credential_prompt_timeout',
      });
      t.clock.set(at(HOUR));
      expect((await agent.poll()).commands).toEqual([]);
      // a new cutover does not turn it into an automatic retry either
      await setCutover(at(HOUR));
      expect((await commandsOf(t, agent.deviceId)).filter((c) => c.state === 'queued')).toEqual([]);
      expect(await retryNow([agent.deviceId])).toMatchObject({ affected: 1, skipped: [] });
      await agent.succeed((await agent.next('CREATE_PROFILE')).id);
      expect(await agent.device()).toMatchObject({
        status: 'profile_ready',
        error_code: null,
        manual_retry_required: false,
      });
    });
  });

  describe('D11: transfer slots', () => {
    async function readyFleet(
      n: number,
      cap: number | null,
      migrationType: 'exchange' | 'pop3' = 'exchange',
    ): Promise<TestAgent[]> {
      t.clock.set(at(-HOUR));
      migration = await makeMigration(t.db, {
        cutoverAt: C,
        migrationType,
        ...(cap === undefined ? {} : { maxConcurrentTransfers: cap }),
      });
      const agents: TestAgent[] = [];
      for (let i = 0; i < n; i++) {
        const agent = await TestAgent.enroll(t, migration.enrollmentKey, {
          hostname: `PC-${String(i).padStart(3, '0')}`,
        });
        await agent.succeed((await agent.next('CREATE_PROFILE')).id);
        agents.push(agent);
      }
      t.clock.set(at(10 * MIN));
      return agents;
    }

    it('D11: past the cap, devices are queued for bandwidth and start, longest waiting first, as others finish', async () => {
      const [a, b, c, d] = await readyFleet(4, 2);
      const sa = await a.next('SWITCH_PROFILE');
      const sb = await b.next('SWITCH_PROFILE');
      t.clock.set(at(11 * MIN));
      expect((await c.poll()).commands).toEqual([]);
      t.clock.set(at(12 * MIN));
      expect((await d.poll()).commands).toEqual([]);
      expect((await c.device()).status).toBe('queued_for_bandwidth');
      expect((await d.device()).status).toBe('queued_for_bandwidth');
      await a.succeed(sa.id);
      // d asks first, but c has waited longer: the slot is c's
      expect((await d.poll()).commands).toEqual([]);
      await c.next('SWITCH_PROFILE');
      expect((await c.device()).waiting_for_slot_since).toBeNull();
      expect((await d.poll()).commands).toEqual([]);
      await b.result(sb.id, { status: 'deferred' }).expect(200);
      await d.next('SWITCH_PROFILE');
      const statuses = await Promise.all([a, b, c, d].map(async (x) => (await x.device()).status));
      expect(statuses).toEqual(['completed', 'deferred', 'switching', 'switching']);
      await expectStatusesConsistent(t, migration.id);
    });

    it('D11: a lease that runs out frees the slot', async () => {
      const [a, b] = await readyFleet(2, 1);
      await a.next('SWITCH_PROFILE');
      expect((await b.poll()).commands).toEqual([]);
      t.clock.set(at(10 * MIN + 15 * MIN));
      await sweep(t);
      await b.next('SWITCH_PROFILE');
    });

    it('D11: a POP3 migration gets a cap by default', async () => {
      const { POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS } = await import('@cutover/domain');
      const n = POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS + 1;
      const agents = await readyFleet(n, undefined as unknown as null, 'pop3');
      const [{ max_concurrent_transfers }] = await t.db.query(
        `SELECT max_concurrent_transfers FROM migration WHERE id = $1`,
        [migration.id],
      );
      expect(max_concurrent_transfers).toBe(POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS);
      const got = [];
      for (const agent of agents) got.push((await agent.poll()).commands.length);
      expect(got.filter((x) => x === 1)).toHaveLength(POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS);
      expect((await agents[n - 1].device()).status).toBe('queued_for_bandwidth');
    });

    it('D11: no cap, no waiting', async () => {
      const agents = await readyFleet(5, null);
      for (const agent of agents) await agent.next('SWITCH_PROFILE');
    });

    it('D11: raising the cap lets waiting devices start (migrationSettingsChanged)', async () => {
      const [a, b] = await readyFleet(2, 1);
      await a.next('SWITCH_PROFILE');
      expect((await b.poll()).commands).toEqual([]);
      await t.db.transaction(async (manager) => {
        await manager.query(`UPDATE migration SET max_concurrent_transfers = 2 WHERE id = $1`, [
          migration.id,
        ]);
        await lifecycle(t).migrationSettingsChanged(manager, { migrationId: migration.id });
      });
      await b.next('SWITCH_PROFILE');
    });
  });

  it('every change a device goes through is a timeline event', async () => {
    const agent = await enrolledAt(-HOUR);
    await agent.poll({ locked: true });
    await failCreateAt(agent, -HOUR);
    t.clock.set(at(-HOUR + 39 * MIN));
    const retry = await agent.next();
    await agent.progress(retry.id, 'creating_profile', 50).expect(204);
    await agent.succeed(retry.id);
    t.clock.set(at(10 * MIN));
    const sw = await agent.next('SWITCH_PROFILE');
    await agent.result(sw.id, { status: 'deferred' }).expect(200);
    t.clock.set(at(20 * MIN));
    const sw2 = await agent.next('SWITCH_PROFILE');
    await agent.progress(sw2.id, 'transferring_data', 30).expect(204);
    await agent.succeed(sw2.id);
    const events = (await deviceEvents(t, agent.deviceId)).filter((e) => !e.type.startsWith('alert_'));
    expect(events.map((e) => (e.type === 'status_changed' ? `status:${e.detail.to}` : e.type))).toEqual([
      'enrolled',
      'status:waiting_for_device',
      'command_queued',
      'command_delivered',
      'status:creating_profile',
      'command_failed',
      'command_queued',
      'retry_scheduled',
      'status:profile_failed',
      'command_delivered',
      'status:creating_profile',
      'progress',
      'command_succeeded',
      'status:profile_ready',
      'command_queued',
      'command_delivered',
      'status:switching',
      'command_deferred',
      'status:deferred',
      'command_queued',
      'command_delivered',
      'status:switching',
      'progress',
      'command_succeeded',
      'status:completed',
    ]);
  });
});
