import { makeMigration, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import { createAgentTestApp, expectStatusesConsistent, HOUR, MIN, sweep, TestAgent } from './agent-client';

jest.setTimeout(60_000);

const C = new Date('2026-11-27T22:00:00.000Z');
const at = (offsetMs: number) => new Date(C.getTime() + offsetMs);

/**
 * The sweep applies what time alone changes, so that device.status (filtered and counted on the
 * Devices tab) is true without waiting for the device's next poll. After the first (full) sweep it
 * only looks at devices a moment since the previous sweep can have changed.
 */
describe('lifecycle sweep: time-driven status changes', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function step(toOffsetMs: number): Promise<void> {
    t.clock.set(at(toOffsetMs));
    await sweep(t);
    await expectStatusesConsistent(t, migration.id);
  }

  it('moves each device as its moment passes, sweep after sweep', async () => {
    t.clock.set(at(-3 * HOUR));
    migration = await makeMigration(t.db, { cutoverAt: C });
    await sweep(t); // the first sweep of a process looks at everything

    // a: fails, its retry falls due while the PC is online and unlocked
    // b: profile ready, offline at C + 10 min
    // c: profile ready, online, defers the switch
    // d: creating its profile when its agent goes silent (lease runs out)
    const [a, b, c, d] = await Promise.all(
      [0, 1, 2, 3].map((i) => TestAgent.enroll(t, migration.enrollmentKey, { hostname: `PC-SW-${i}` })),
    );
    t.clock.set(at(-1 * HOUR));
    await a.fail((await a.next()).id);
    await b.succeed((await b.next()).id);
    await c.succeed((await c.next()).id);
    await step(-HOUR + MIN);
    expect((await a.device()).status).toBe('profile_failed');

    t.clock.set(at(-HOUR + 38 * MIN));
    await a.poll({ locked: false, userSignedIn: true }).catch(() => undefined);
    // (a's poll at 38 min got nothing: the retry is due at 39)
    await step(-HOUR + 39 * MIN);
    expect((await a.device()).status).toBe('creating_profile');

    t.clock.set(at(5 * MIN));
    await c.poll();
    const dCommand = await d.next();
    expect(dCommand.type).toBe('CREATE_PROFILE');
    await step(10 * MIN);
    expect((await b.device()).status).toBe('waiting_for_device');
    expect((await c.device()).status).toBe('profile_ready');

    t.clock.set(at(11 * MIN));
    await c.result((await c.next('SWITCH_PROFILE')).id, { status: 'deferred' }).expect(200);
    expect((await c.device()).status).toBe('deferred');
    await step(21 * MIN);
    expect((await c.device()).status).toBe('waiting_for_device');
    expect((await d.device()).status).toBe('waiting_for_device');
    expect(await d.events('lease_expired')).toHaveLength(1);
  });

  it('a device that stops polling while a command is due waits for the device', async () => {
    t.clock.set(at(-3 * HOUR));
    migration = await makeMigration(t.db, { cutoverAt: C });
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.succeed((await agent.next()).id);
    t.clock.set(at(10 * MIN));
    await sweep(t);
    t.clock.set(at(11 * MIN));
    await agent.poll({ locked: true });
    await agent.poll({ locked: false, userSignedIn: false });
    expect((await agent.device()).status).toBe('waiting_for_device');
    // the client part comes back unlocked, polls once (a switch starts), and goes
    const command = await agent.next('SWITCH_PROFILE');
    await agent.progress(command.id, 'transferring_data', 10).expect(204);
    await step(20 * MIN);
    expect((await agent.device()).status).toBe('switching');
    await step(26 * MIN);
    expect((await agent.device()).status).toBe('waiting_for_device');
  });

  it('the sweep never overwrites a status a poll wrote after it read the device', async () => {
    t.clock.set(at(-3 * HOUR));
    migration = await makeMigration(t.db, { cutoverAt: C });
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.poll({ locked: true });
    // read and write in parallel many times: the result is always the derived status
    for (let i = 0; i < 10; i++) {
      t.clock.advanceMinutes(1);
      await Promise.all([sweep(t), agent.poll({ locked: i % 2 === 0 })]);
      await expectStatusesConsistent(t, migration.id);
    }
  });
});
