import { makeMigration, type MigrationSeed } from '../factories';
import type { TestApp } from '../test-app';
import {
  commandsOf,
  createAgentTestApp,
  deviceEvents,
  expectStatusesConsistent,
  MIN,
  openAlerts,
  sweep,
  TestAgent,
} from './agent-client';

jest.setTimeout(60_000);

describe('agent protocol: POST /api/agent/v1/poll, leases and check-ins', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  beforeEach(async () => {
    t.clock.set('2026-11-25T12:00:00.000Z');
    // cutover three days ahead: only profile creation is due
    migration = await makeMigration(t.db, { cutoverAt: new Date('2026-11-28T22:00:00.000Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the contract request shape (client part with session and inventory) gets 200 with the interval and commands', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey, { userEmail: 'alice@contoso.com' });
    const res = await agent
      .post('/poll')
      .send({
        component: 'client',
        session: { locked: false, userSignedIn: true },
        inventory: {
          outlookVersion: '16.0.4266.1001',
          agentVersion: '1.4.2',
          freeDiskBytes: 52000000000,
          localDataBytes: 1800000000,
        },
      })
      .expect(200);
    expect(res.body).toEqual({
      pollIntervalSeconds: 120,
      commands: [
        {
          id: expect.any(String),
          type: 'CREATE_PROFILE',
          issuedAt: '2026-11-25T12:00:00.000Z',
          leaseExpiresAt: '2026-11-25T12:15:00.000Z',
          payload: { mailbox: 'alice@contoso.com' },
        },
      ],
    });
    const [row] = await t.db.query(
      `SELECT free_disk_bytes, local_data_bytes, agent_version FROM device WHERE id = $1`,
      [agent.deviceId],
    );
    expect(row).toEqual({
      free_disk_bytes: '52000000000',
      local_data_bytes: '1800000000',
      agent_version: '1.4.2',
    });
    expect((await agent.device()).status).toBe('creating_profile');
  });

  it('D4: CREATE_PROFILE goes out on the first eligible poll, with the mapped mailbox when one is known', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey, { userEmail: 'alice@contoso.com' });
    await t.db.query(`UPDATE device SET mailbox = 'alice@contoso.onmicrosoft.com' WHERE id = $1`, [
      agent.deviceId,
    ]);
    const command = await agent.next('CREATE_PROFILE');
    expect(command.payload).toEqual({ mailbox: 'alice@contoso.onmicrosoft.com' });
    const types = (await agent.events()).map((e) => e.type);
    expect(types).toEqual(['enrolled', 'command_queued', 'command_delivered', 'status_changed']);
  });

  it('without a userEmail, a Windows user in UPN form is the mailbox; with neither, D13 holds CREATE_PROFILE back (MAILBOX_UNKNOWN) until one is known', async () => {
    const upn = await TestAgent.enroll(t, migration.enrollmentKey, {
      userEmail: undefined,
      windowsUser: 'AzureAD\\bob@contoso.com',
    });
    expect((await upn.next('CREATE_PROFILE')).payload).toEqual({ mailbox: 'bob@contoso.com' });
    expect(await openAlerts(t, upn.deviceId)).toEqual([]);

    const unknown = await TestAgent.enroll(t, migration.enrollmentKey, {
      userEmail: undefined,
      windowsUser: 'CONTOSO\\carol',
    });
    // raised at enrollment, and nothing is handed out: no profile can be built without an address
    expect(await openAlerts(t, unknown.deviceId)).toEqual(['MAILBOX_UNKNOWN']);
    expect((await unknown.poll()).commands).toEqual([]);
    t.clock.advance(4 * 60 * MIN);
    expect((await unknown.poll()).commands).toEqual([]);
    expect(await unknown.device()).toMatchObject({ status: 'enrolled', error_code: null });
    expect(await commandsOf(t, unknown.deviceId)).toEqual([]);
    // an address arrives (the agent enrolls again with the user's email): the alert clears, the profile follows
    await TestAgent.enroll(t, migration.enrollmentKey, {
      userEmail: 'carol@contoso.com',
      windowsUser: 'CONTOSO\\carol',
      hostname: await hostnameOf(unknown),
    }).then((again) => (unknown.token = again.token));
    expect((await unknown.next('CREATE_PROFILE')).payload).toEqual({ mailbox: 'carol@contoso.com' });
    // (its service part has been silent for 4 h meanwhile: D1 SERVICE_UNREACHABLE, unrelated)
    expect(await openAlerts(t, unknown.deviceId)).not.toContain('MAILBOX_UNKNOWN');
  });

  it('lease: a delivered command is not delivered again while its lease runs, then again with the same id', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const command = await agent.next('CREATE_PROFILE');
    t.clock.advanceMinutes(14);
    expect((await agent.poll()).commands).toEqual([]);
    t.clock.advanceMinutes(1);
    const again = await agent.next('CREATE_PROFILE');
    expect(again.id).toBe(command.id);
    expect(again.leaseExpiresAt).toBe('2026-11-25T12:30:00.000Z');
    expect(again.issuedAt).toBe(command.issuedAt);
    const delivered = await agent.events('command_delivered');
    expect(delivered.map((e) => e.detail.deliveryCount)).toEqual([1, 2]);
    expect(await commandsOf(t, agent.deviceId)).toHaveLength(1);
  });

  it('lease: progress extends it by 15 minutes from the report', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const command = await agent.next();
    t.clock.advanceMinutes(10);
    await agent.progress(command.id, 'creating_profile', 50).expect(204);
    t.clock.advanceMinutes(14);
    expect((await agent.poll()).commands).toEqual([]);
    t.clock.advanceMinutes(1);
    expect((await agent.poll()).commands.map((c) => c.id)).toEqual([command.id]);
  });

  it('lease: the sweep queues a command whose lease ran out again and records it; status follows', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const command = await agent.next();
    t.clock.advanceMinutes(16);
    const report = await sweep(t);
    expect(report!.leasesExpired).toBeGreaterThanOrEqual(1);
    expect(await agent.events('lease_expired')).toEqual([
      expect.objectContaining({
        detail: { commandId: command.id, commandType: 'CREATE_PROFILE', deliveryCount: 1 },
      }),
    ]);
    // the client stopped polling 16 minutes ago: the due command waits for the device
    expect((await agent.device()).status).toBe('waiting_for_device');
    await expectStatusesConsistent(t, migration.id);
    expect((await agent.next()).id).toBe(command.id);
    expect((await agent.device()).status).toBe('creating_profile');
  });

  it('a device never has more than one CREATE_PROFILE or SWITCH_PROFILE outstanding', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.next();
    for (let i = 0; i < 3; i++) {
      t.clock.advanceMinutes(16);
      await agent.poll();
    }
    const outstanding = (await commandsOf(t, agent.deviceId)).filter((c) =>
      ['queued', 'delivered'].includes(c.state),
    );
    expect(outstanding).toHaveLength(1);
  });

  it('D9: a locked or signed-out client part gets nothing and the device waits for it; unlocked it gets the command', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    expect((await agent.poll({ locked: true })).commands).toEqual([]);
    expect(await agent.device()).toMatchObject({ status: 'waiting_for_device', locked: true });
    expect((await agent.poll({ userSignedIn: false })).commands).toEqual([]);
    expect(await agent.device()).toMatchObject({ status: 'waiting_for_device', user_signed_in: false });
    expect(await commandsOf(t, agent.deviceId)).toEqual([]);
    await agent.next('CREATE_PROFILE');
    expect((await agent.device()).status).toBe('creating_profile');
  });

  it('D9: a queued command stays queued while the device reports locked', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const command = await agent.next();
    await agent.fail(command.id);
    t.clock.advance(4 * 60 * MIN);
    expect((await agent.poll({ locked: true })).commands).toEqual([]);
    expect((await commandsOf(t, agent.deviceId)).map((c) => c.state).sort()).toEqual(['failed', 'queued']);
    expect((await agent.device()).status).toBe('waiting_for_device');
    expect((await agent.next()).type).toBe('CREATE_PROFILE');
  });

  it('D1: the service part records its check-in and gets no commands, even with one due', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    const res = await agent
      .post('/poll')
      .send({ component: 'service', inventory: { agentVersion: '1.4.3' } })
      .expect(200);
    expect(res.body).toEqual({ pollIntervalSeconds: 120, commands: [] });
    // session is ignored for the service part, whatever it says
    await agent.post('/poll').send({ component: 'service', session: 'garbage' }).expect(200);
    const device = await agent.device();
    expect(device.service_last_seen_at).toEqual(t.clock.now());
    expect(device.client_last_seen_at).toBeNull();
    expect(await commandsOf(t, agent.deviceId)).toEqual([]);
  });

  it('D1: SERVICE_UNREACHABLE when the client checks in but the service part has not for more than 3 intervals; cleared when it does', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.servicePoll();
    await agent.poll({ locked: true });
    t.clock.advanceMinutes(6);
    await agent.poll({ locked: true });
    expect(await openAlerts(t, agent.deviceId)).toEqual([]);
    t.clock.advance(1000);
    await agent.poll({ locked: true });
    expect(await openAlerts(t, agent.deviceId)).toEqual(['SERVICE_UNREACHABLE']);
    await agent.poll({ locked: true });
    expect((await agent.events('alert_raised')).map((e) => e.detail.code)).toEqual(['SERVICE_UNREACHABLE']);
    await agent.servicePoll();
    expect(await openAlerts(t, agent.deviceId)).toEqual([]);
    expect((await agent.events('alert_cleared')).map((e) => e.detail.code)).toEqual(['SERVICE_UNREACHABLE']);
  });

  it('D1: a service part that never checked in is measured from enrollment', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    t.clock.advanceMinutes(5);
    await agent.poll({ locked: true });
    expect(await openAlerts(t, agent.deviceId)).toEqual([]);
    t.clock.advanceMinutes(2);
    await agent.poll({ locked: true });
    expect(await openAlerts(t, agent.deviceId)).toEqual(['SERVICE_UNREACHABLE']);
  });

  it('D3: readiness alerts follow the Outlook build each poll reports; a good build clears them; they never block commands', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey, { outlookVersion: undefined });
    const first = await agent.poll({ inventory: { outlookVersion: '16.0.4266.1001' } });
    expect(await openAlerts(t, agent.deviceId)).toEqual(['OUTLOOK_OUTDATED']);
    expect(first.commands).toHaveLength(1);
    await agent.servicePoll({ outlookVersion: '13.0.1' });
    expect(await openAlerts(t, agent.deviceId)).toEqual(['OUTLOOK_UNSUPPORTED']);
    await agent.poll({ inventory: { outlookVersion: 'not a build' } });
    expect(await openAlerts(t, agent.deviceId)).toEqual(['OUTLOOK_UNSUPPORTED']);
    await agent.poll({ inventory: { outlookVersion: '16.0.4600.1000' } });
    expect(await openAlerts(t, agent.deviceId)).toEqual([]);
    const alertEvents = (await deviceEvents(t, agent.deviceId)).filter((e) => e.type.startsWith('alert_'));
    expect(alertEvents.map((e) => `${e.type}:${e.detail.code}`)).toEqual([
      'alert_raised:OUTLOOK_OUTDATED',
      'alert_cleared:OUTLOOK_OUTDATED',
      'alert_raised:OUTLOOK_UNSUPPORTED',
      'alert_cleared:OUTLOOK_UNSUPPORTED',
    ]);
    const inventory = await agent.events('inventory_changed');
    expect(inventory.map((e) => e.detail.to)).toEqual([
      '16.0.4266.1001',
      '13.0.1',
      'not a build',
      '16.0.4600.1000',
    ]);
  });

  it('D2: the reply carries the migration poll interval', async () => {
    const slow = await makeMigration(t.db, { pollIntervalSeconds: 300 });
    const agent = await TestAgent.enroll(t, slow.enrollmentKey);
    expect((await agent.poll({ locked: true })).pollIntervalSeconds).toBe(300);
  });
});

async function hostnameOf(agent: TestAgent): Promise<string> {
  const [row] = await agent.t.db.query(`SELECT hostname FROM device WHERE id = $1`, [agent.deviceId]);
  return row.hostname;
}
