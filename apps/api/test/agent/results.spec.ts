import { hashDeviceToken } from '../../src/agent/device-token';
import { makeCommand, makeDevice, makeMigration, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import { commandsOf, createAgentTestApp, expectStatusesConsistent, TestAgent } from './agent-client';

jest.setTimeout(60_000);

describe('agent protocol: progress and result', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  beforeEach(async () => {
    t.clock.set('2026-11-25T12:00:00.000Z');
    migration = await makeMigration(t.db, { cutoverAt: new Date('2026-11-28T22:00:00.000Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  async function withCommand(): Promise<{ agent: TestAgent; commandId: string }> {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const command = await agent.next('CREATE_PROFILE');
    return { agent, commandId: command.id };
  }

  describe('POST /commands/{id}/progress', () => {
    it('the contract request shape is 204; it updates the device progress and the timeline', async () => {
      const { agent, commandId } = await withCommand();
      const res = await agent.progress(commandId, 'creating_profile', 42).expect(204);
      expect(res.text).toBe('');
      expect(await agent.device()).toMatchObject({
        progress_stage: 'creating_profile',
        progress_percent: 42,
      });
      expect(await agent.events('progress')).toEqual([
        expect.objectContaining({
          detail: { commandId, commandType: 'CREATE_PROFILE', stage: 'creating_profile', percent: 42 },
        }),
      ]);
      // the same report again is no change: no second event
      await agent.progress(commandId, 'creating_profile', 42).expect(204);
      expect(await agent.events('progress')).toHaveLength(1);
    });

    it('rounds a fractional percent', async () => {
      const { agent, commandId } = await withCommand();
      await agent.progress(commandId, 'creating_profile', 12.6).expect(204);
      expect((await agent.device()).progress_percent).toBe(13);
    });

    it('a report on a finished command is accepted and changes nothing', async () => {
      const { agent, commandId } = await withCommand();
      await agent.succeed(commandId);
      await agent.progress(commandId, 'syncing', 99).expect(204);
      expect(await agent.device()).toMatchObject({
        progress_stage: null,
        progress_percent: null,
        status: 'profile_ready',
      });
    });

    it('404 for an unknown command, a command of another device and an id that is not a uuid', async () => {
      const { agent } = await withCommand();
      const other = await withCommand();
      for (const id of ['0b7c8f5e-4a7e-4c59-9c1e-0d4f2f1b9a11', other.commandId, 'not-a-uuid', '1']) {
        const res = await agent.progress(id, 'creating_profile', 1).expect(404);
        expect(res.body.error.code).toBe('COMMAND_NOT_FOUND');
      }
    });

    it.each<[string, Record<string, unknown>]>([
      ['unknown stage', { stage: 'dancing', percent: 1 }],
      ['percent over 100', { stage: 'syncing', percent: 101 }],
      ['negative percent', { stage: 'syncing', percent: -1 }],
      ['percent as a string', { stage: 'syncing', percent: '5' }],
      ['missing stage', { percent: 5 }],
    ])('400 for %s', async (_name, body) => {
      const { agent, commandId } = await withCommand();
      const res = await agent.post(`/commands/${commandId}/progress`).send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('POST /commands/{id}/result', () => {
    it('succeeded: 200 { recorded: true }; the profile is created', async () => {
      const { agent, commandId } = await withCommand();
      const res = await agent.result(commandId, { status: 'succeeded' }).expect(200);
      expect(res.body).toEqual({ recorded: true });
      const device = await agent.device();
      expect(device.status).toBe('profile_ready');
      expect(device.profile_created_at).toEqual(t.clock.now());
      expect((await agent.events('command_succeeded')).map((e) => e.detail)).toEqual([
        { commandId, commandType: 'CREATE_PROFILE' },
      ]);
    });

    it('failed with errorCode and message (the contract shape): stored on the command and the device', async () => {
      const { agent, commandId } = await withCommand();
      await agent
        .result(commandId, {
          status: 'failed',
          errorCode: 'CREDENTIAL_PROMPT_TIMEOUT',
          message: 'optional detail',
        })
        .expect(200, { recorded: true });
      const [command] = await t.db.query(
        `SELECT state, result_status, error_code, result_message FROM command WHERE id = $1`,
        [commandId],
      );
      expect(command).toEqual({
        state: 'failed',
        result_status: 'failed',
        error_code: 'CREDENTIAL_PROMPT_TIMEOUT',
        result_message: 'optional detail',
      });
      expect(await agent.device()).toMatchObject({
        status: 'profile_failed',
        error_code: 'CREDENTIAL_PROMPT_TIMEOUT',
        error_message: 'optional detail',
      });
    });

    it('an error code the catalogue does not know is stored as sent', async () => {
      const { agent, commandId } = await withCommand();
      await agent.fail(commandId, 'BRAND_NEW_CODE_FROM_AGENT_2_0');
      expect((await agent.device()).error_code).toBe('BRAND_NEW_CODE_FROM_AGENT_2_0');
    });

    it('idempotent: the same result again is 200 and changes nothing', async () => {
      const { agent, commandId } = await withCommand();
      await agent.fail(commandId, 'AUTODISCOVER_FAILED', 'first');
      const before = {
        events: await agent.events(),
        commands: await commandsOf(t, agent.deviceId),
        device: await agent.device(),
      };
      t.clock.advanceMinutes(1);
      await agent
        .result(commandId, { status: 'failed', errorCode: 'AUTODISCOVER_FAILED', message: 'sent again' })
        .expect(200, { recorded: true });
      expect(await agent.events()).toEqual(before.events);
      expect(await commandsOf(t, agent.deviceId)).toEqual(before.commands);
      expect(await agent.device()).toEqual(before.device);
    });

    it('409 RESULT_CONFLICT for a result that contradicts the recorded one', async () => {
      const { agent, commandId } = await withCommand();
      await agent.succeed(commandId);
      const res = await agent.result(commandId, { status: 'failed', errorCode: 'DISK_FULL' }).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'RESULT_CONFLICT',
        details: { recorded: { status: 'succeeded', errorCode: null } },
      });
      const failed = await withCommand();
      await failed.agent.fail(failed.commandId, 'DISK_FULL');
      await failed.agent
        .result(failed.commandId, { status: 'failed', errorCode: 'NETWORK_UNAVAILABLE' })
        .expect(409);
      expect((await failed.agent.device()).error_code).toBe('DISK_FULL');
    });

    it('404 for a command of another device, an unknown id, a non-uuid id and a command never delivered', async () => {
      const { agent, commandId } = await withCommand();
      const other = await TestAgent.enroll(t, migration.enrollmentKey);
      for (const id of [commandId, '0b7c8f5e-4a7e-4c59-9c1e-0d4f2f1b9a11', 'abc', '%20']) {
        const res = await other.result(id, { status: 'succeeded' }).expect(404);
        expect(res.body.error.code).toBe('COMMAND_NOT_FOUND');
      }
      // a scheduled retry the agent was never given cannot be reported on
      await agent.fail(commandId);
      const [retry] = (await commandsOf(t, agent.deviceId)).filter((c) => c.state === 'queued');
      await agent.result(retry.id, { status: 'succeeded' }).expect(404);
    });

    it('D8: deferred is only for SWITCH_PROFILE: 400 for CREATE_PROFILE', async () => {
      const { agent, commandId } = await withCommand();
      const res = await agent.result(commandId, { status: 'deferred' }).expect(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'status' }] });
      expect((await agent.device()).status).toBe('creating_profile');
    });

    it('a late result for a command whose lease ran out (queued again) is still recorded', async () => {
      const { agent, commandId } = await withCommand();
      t.clock.advanceMinutes(20);
      await t.app.get(TestAgentSweep).runOnce();
      await agent.succeed(commandId);
      expect((await agent.device()).status).toBe('profile_ready');
      expect((await commandsOf(t, agent.deviceId)).map((c) => c.state)).toEqual(['succeeded']);
      await expectStatusesConsistent(t, migration.id);
    });

    it.each<[string, Record<string, unknown>]>([
      ['failed without errorCode', { status: 'failed' }],
      ['unknown status', { status: 'done' }],
      ['status as a boolean', { status: true }],
      ['errorCode as a number', { status: 'failed', errorCode: 7 }],
      ['errorCode of 101 characters', { status: 'failed', errorCode: 'E'.repeat(101) }],
      ['message over 8 KiB', { status: 'failed', errorCode: 'X', message: 'm'.repeat(8193) }],
    ])('400 for %s', async (_name, body) => {
      const { agent, commandId } = await withCommand();
      const res = await agent.post(`/commands/${commandId}/result`).send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('a succeeded result may carry errorCode null', async () => {
      const { agent, commandId } = await withCommand();
      await agent
        .post(`/commands/${commandId}/result`)
        .send({ status: 'succeeded', errorCode: null })
        .expect(200);
    });
  });

  it('a device seeded by factories can act over HTTP with its token', async () => {
    const token = 'cdt_factory-token-for-this-test-000000000000';
    const deviceId = await makeDevice(t.db, migration, { tokenHash: hashDeviceToken(token) });
    const commandId = await makeCommand(t.db, {
      deviceId,
      migrationId: migration.id,
      state: 'delivered',
      deliveryCount: 1,
      leaseExpiresAt: new Date('2026-11-25T12:10:00.000Z'),
    });
    const agent = new TestAgent(t, deviceId, token);
    await agent.succeed(commandId);
    expect((await agent.device()).status).toBe('profile_ready');
  });
});

// the scheduler, imported under a name that reads well in the test above
import { LifecycleScheduler as TestAgentSweep } from '../../src/lifecycle/lifecycle.scheduler';
