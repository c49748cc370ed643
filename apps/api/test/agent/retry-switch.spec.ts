import { makeMigration, makeUser, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import {
  bulkRetry,
  commandsOf,
  createAgentTestApp,
  expectStatusesConsistent,
  MIN,
  TestAgent,
} from './agent-client';

jest.setTimeout(60_000);

const C = new Date('2026-11-27T22:00:00.000Z');
const at = (offsetMs: number) => new Date(C.getTime() + offsetMs);

/** D14 through the agent protocol: a failed switch retried from the Devices tab, through D9 and D11. */
describe('D14: retry switch', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Devices whose profile was created before C and whose switch failed at C + 11 min. */
  async function switchFailed(n: number, cap?: number): Promise<TestAgent[]> {
    t.clock.set(at(-60 * MIN));
    migration = await makeMigration(t.db, { cutoverAt: C, ...(cap ? { maxConcurrentTransfers: cap } : {}) });
    const agents: TestAgent[] = [];
    for (let i = 0; i < n; i += 1) {
      const agent = await TestAgent.enroll(t, migration.enrollmentKey);
      await agent.succeed((await agent.next('CREATE_PROFILE')).id);
      agents.push(agent);
    }
    t.clock.set(at(11 * MIN));
    for (const agent of agents)
      await agent.fail((await agent.next('SWITCH_PROFILE')).id, 'DATA_TRANSFER_FAILED');
    for (const agent of agents) expect((await agent.device()).status).toBe('switch_failed');
    return agents;
  }

  const retrySwitch = (deviceIds: string[], actorUserId?: string) =>
    bulkRetry(t, { migrationId: migration.id, deviceIds, action: 'retry-switch', actorUserId });

  it('D14: a switch_failed device gets SWITCH_PROFILE again on its next poll; the timeline names who asked', async () => {
    const [agent] = await switchFailed(1);
    // nothing by itself: a failed switch waits for the partner
    t.clock.set(at(30 * MIN));
    expect((await agent.poll()).commands).toEqual([]);
    const user = await makeUser(t.db, migration.partnerId);
    expect(await retrySwitch([agent.deviceId], user.id)).toMatchObject({ affected: 1, skipped: [] });
    expect((await agent.device()).status).toBe('profile_ready');
    const again = await agent.next('SWITCH_PROFILE');
    const switches = (await commandsOf(t, agent.deviceId)).filter((c) => c.type === 'SWITCH_PROFILE');
    expect(switches).toHaveLength(2);
    expect(switches.find((c) => c.id === again.id)).toMatchObject({ source: 'manual', created_by: user.id });
    const [event] = await agent.events('retry_requested');
    expect(event).toMatchObject({
      actor_user_id: user.id,
      detail: { commandId: again.id, commandType: 'SWITCH_PROFILE' },
    });
    await agent.succeed(again.id);
    expect((await agent.device()).status).toBe('completed');
    await expectStatusesConsistent(t, migration.id);
  });

  it('D14, D9: a locked PC keeps the retried switch queued until it is unlocked', async () => {
    const [agent] = await switchFailed(1);
    await agent.poll({ locked: true });
    await retrySwitch([agent.deviceId]);
    expect((await agent.device()).status).toBe('waiting_for_device');
    expect((await agent.poll({ locked: true })).commands).toEqual([]);
    expect((await agent.next('SWITCH_PROFILE')).type).toBe('SWITCH_PROFILE');
  });

  it('D14, D11: the retried switch goes through the transfer cap', async () => {
    const [a, b] = await switchFailed(2, 1);
    await retrySwitch([a.deviceId, b.deviceId]);
    const first = await a.next('SWITCH_PROFILE');
    // the one slot is taken: b waits its turn
    expect((await b.poll()).commands).toEqual([]);
    expect((await b.device()).status).toBe('queued_for_bandwidth');
    await a.succeed(first.id);
    expect((await b.next('SWITCH_PROFILE')).type).toBe('SWITCH_PROFILE');
  });

  it('D14: skips every other status with its reason, and a second click while the retry waits', async () => {
    const [failed, running] = await switchFailed(2);
    await retrySwitch([running.deviceId]);
    await running.next('SWITCH_PROFILE'); // running now
    t.clock.set(at(-30 * MIN));
    const fresh = await TestAgent.enroll(t, migration.enrollmentKey);
    await fresh.fail((await fresh.next('CREATE_PROFILE')).id); // profile_failed
    const ready = await TestAgent.enroll(t, migration.enrollmentKey);
    await ready.succeed((await ready.next('CREATE_PROFILE')).id); // profile_ready, switch not failed
    t.clock.set(at(40 * MIN));
    const first = await retrySwitch([failed.deviceId]);
    expect(first).toMatchObject({ affected: 1, skipped: [] });
    const result = await retrySwitch([failed.deviceId, running.deviceId, fresh.deviceId, ready.deviceId]);
    expect(result.affected).toBe(0);
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { deviceId: failed.deviceId, reason: 'switch_already_queued' },
        { deviceId: running.deviceId, reason: 'switch_already_queued' },
        { deviceId: fresh.deviceId, reason: 'profile_not_created' },
        { deviceId: ready.deviceId, reason: 'switch_not_failed' },
      ]),
    );
    expect(result.skipped).toHaveLength(4);
    // retry profile creation is not a way round it, and vice versa
    const asProfile = await bulkRetry(t, { migrationId: migration.id, deviceIds: [ready.deviceId] });
    expect(asProfile.skipped).toEqual([{ deviceId: ready.deviceId, reason: 'profile_already_created' }]);
  });
});
