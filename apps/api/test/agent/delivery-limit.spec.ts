import { makeMigration, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import { bulkRetry, commandsOf, createAgentTestApp, deviceRow, MIN, sweep, TestAgent } from './agent-client';

describe('a command the agent never answers is not delivered for ever (COMMAND_MAX_DELIVERIES)', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp({ env: { COMMAND_MAX_DELIVERIES: '3' } });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    t.clock.set('2026-11-25T12:00:00.000Z');
    migration = await makeMigration(t.db, { cutoverAt: new Date('2026-11-25T20:00:00.000Z') });
  });

  /** The lease of the delivered command runs out and the sweep applies it. */
  async function leaseRunsOut(): Promise<void> {
    t.clock.advanceMinutes(16);
    await sweep(t);
  }

  it('CREATE_PROFILE: redelivered up to the limit, then given up as NO_RESULT_FROM_AGENT for the partner to retry', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    const first = await agent.next('CREATE_PROFILE');
    for (let delivery = 2; delivery <= 3; delivery += 1) {
      await leaseRunsOut();
      await agent.servicePoll();
      const again = await agent.next('CREATE_PROFILE');
      expect(again.id).toBe(first.id);
    }
    await leaseRunsOut();
    const [command] = await commandsOf(t, agent.deviceId);
    expect(command).toMatchObject({ id: first.id, state: 'failed', delivery_count: 3 });
    const device = await deviceRow(t, agent.deviceId);
    expect(device).toMatchObject({
      status: 'profile_failed',
      error_code: 'NO_RESULT_FROM_AGENT',
      manual_retry_required: true,
      next_retry_at: null,
    });
    expect((await agent.events('command_abandoned')).map((e) => e.detail)).toEqual([
      { commandId: first.id, commandType: 'CREATE_PROFILE', deliveryCount: 3 },
    ]);
    expect((await agent.events('manual_retry_required')).map((e) => e.detail)).toEqual([
      { reason: 'no_result_from_agent' },
    ]);
    // nothing more is sent by itself, also much later
    t.clock.advanceMinutes(6 * 60);
    await agent.servicePoll();
    expect((await agent.poll()).commands).toEqual([]);
    // the partner's retry is a new command, delivered at once
    await bulkRetry(t, {
      migrationId: migration.id,
      deviceIds: [agent.deviceId],
      actorUserId: null,
    });
    const retried = await agent.next('CREATE_PROFILE');
    expect(retried.id).not.toBe(first.id);
  });

  it('a late result for the given-up command is refused as a conflict, and a progress report changes nothing', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    const first = await agent.next('CREATE_PROFILE');
    for (let delivery = 2; delivery <= 3; delivery += 1) {
      await leaseRunsOut();
      await agent.servicePoll();
      await agent.next('CREATE_PROFILE');
    }
    await leaseRunsOut();
    await agent.progress(first.id, 'creating_profile', 50).expect(204);
    await agent.result(first.id, { status: 'succeeded' }).expect(409);
    expect((await deviceRow(t, agent.deviceId)).error_code).toBe('NO_RESULT_FROM_AGENT');
  });

  it('SWITCH_PROFILE: given up the same way, the device shows switch_failed', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    await agent.succeed((await agent.next('CREATE_PROFILE')).id);
    t.clock.set('2026-11-25T20:10:00.000Z');
    await agent.servicePoll();
    const first = await agent.next('SWITCH_PROFILE');
    for (let delivery = 2; delivery <= 3; delivery += 1) {
      await leaseRunsOut();
      await agent.servicePoll();
      expect((await agent.next('SWITCH_PROFILE')).id).toBe(first.id);
    }
    await leaseRunsOut();
    expect(await deviceRow(t, agent.deviceId)).toMatchObject({
      status: 'switch_failed',
      error_code: 'NO_RESULT_FROM_AGENT',
    });
    await agent.servicePoll();
    expect((await agent.poll()).commands).toEqual([]);
  });

  it('an expired lease under the limit is simply delivered again (delivery at least once)', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    const first = await agent.next('CREATE_PROFILE');
    await leaseRunsOut();
    const [command] = await commandsOf(t, agent.deviceId);
    expect(command).toMatchObject({ state: 'queued', delivery_count: 1 });
    expect(first.id).toBe(command.id);
    expect(MIN).toBe(60_000);
  });
});
