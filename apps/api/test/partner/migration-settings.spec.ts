import { TestAgent } from '../agent/agent-client';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, signUp } from './factories';

const MIN = 60_000;

describe('PATCH /api/migrations/{id}: settings that change who may switch now', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('D11: raising the transfer cap hands the switch to a device held in a long poll at once', async () => {
    const cutoverAt = new Date(t.clock.now().getTime() + 60 * MIN);
    const partner = await signUp(t);
    const migration = await createMigration(partner, {
      cutoverAt: cutoverAt.toISOString(),
      maxConcurrentTransfers: 1,
    });
    const [a, b] = [
      await TestAgent.enroll(t, migration.enrollmentKey, { hostname: 'PC-A' }),
      await TestAgent.enroll(t, migration.enrollmentKey, { hostname: 'PC-B' }),
    ];
    for (const agent of [a, b]) await agent.succeed((await agent.next('CREATE_PROFILE')).id);

    t.clock.set(new Date(cutoverAt.getTime() + 10 * MIN)); // D7: the switch is due
    await a.next('SWITCH_PROFILE');
    expect((await b.poll()).commands).toEqual([]);
    expect((await b.device()).status).toBe('queued_for_bandwidth');

    // b's agent waits in a long poll; the partner raises the cap meanwhile
    const started = Date.now();
    const held = b.poll({ waitSeconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await partner.agent
      .patch(`/api/migrations/${migration.id}`)
      .send({ maxConcurrentTransfers: 2 })
      .expect(200);
    const reply = await held;
    expect(reply.commands.map((c) => c.type)).toEqual(['SWITCH_PROFILE']);
    expect(Date.now() - started).toBeLessThan(10_000); // woken by the change, not by the 20 s timeout
    expect((await b.device()).status).toBe('switching');
  });
});
