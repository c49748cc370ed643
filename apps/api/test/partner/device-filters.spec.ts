import { createTestApp, type TestApp } from '../test-app';
import { createMigration, makeDevices, type Partner, raiseAlert, signUp } from './factories';

jest.setTimeout(60_000);

const MIN = 60_000;

/** #15: the Devices tab's filters by error code, alert and presence, shared by the list, the CSV and bulk actions. */
describe('partner API: device list filters errorCode, alert, online (D2, D6, D13)', () => {
  let t: TestApp;
  let p: Partner;
  let migrationId: string;
  let ids: string[];
  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
    const m = await createMigration(p);
    migrationId = m.id;
    const now = t.clock.now();
    ids = await makeDevices(t.db, { id: m.id, partnerId: p.partnerId }, [
      { hostname: 'F-1', status: 'profile_failed', errorCode: 'AUTODISCOVER_FAILED', clientLastSeenAt: now },
      {
        hostname: 'F-2',
        status: 'profile_failed',
        errorCode: 'DISK_FULL',
        clientLastSeenAt: new Date(now.getTime() - 7 * MIN),
      },
      { hostname: 'F-3', status: 'switch_failed', errorCode: 'DATA_TRANSFER_FAILED', serviceLastSeenAt: now },
      // exactly at the D2 edge: 3 × 120 s ago is still online, 1 ms more is not
      { hostname: 'F-4', status: 'profile_ready', clientLastSeenAt: new Date(now.getTime() - 6 * MIN) },
      { hostname: 'F-5', status: 'profile_ready', clientLastSeenAt: new Date(now.getTime() - 6 * MIN - 1) },
      { hostname: 'F-6', status: 'enrolled' },
    ]);
    await raiseAlert(t.db, { id: ids[0], migrationId }, 'OUTLOOK_OUTDATED', now);
    await raiseAlert(t.db, { id: ids[3], migrationId }, 'OUTLOOK_OUTDATED', now);
    await raiseAlert(t.db, { id: ids[3], migrationId }, 'SERVICE_UNREACHABLE', now);
  });
  afterAll(async () => {
    await t.close();
  });

  const hostnames = async (query: string) => {
    const res = await p.agent.get(`/api/migrations/${migrationId}/devices?${query}`).expect(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map((d: { hostname: string }) => d.hostname);
  };

  it.each([
    ['errorCode=AUTODISCOVER_FAILED', ['F-1']],
    ['errorCode=AUTODISCOVER_FAILED,DATA_TRANSFER_FAILED', ['F-1', 'F-3']],
    ['errorCode=NO_SUCH_CODE', []],
    ['alert=OUTLOOK_OUTDATED', ['F-1', 'F-4']],
    ['alert=SERVICE_UNREACHABLE', ['F-4']],
    ['online=true', ['F-1', 'F-3', 'F-4']],
    ['online=false', ['F-2', 'F-5', 'F-6']],
    ['online=true&alert=OUTLOOK_OUTDATED&errorCode=AUTODISCOVER_FAILED', ['F-1']],
    ['status=profile_failed&online=false', ['F-2']],
  ])('%s', async (query, expected) => {
    expect(await hostnames(query)).toEqual(expected);
  });

  it.each([
    ['online=maybe', 'online'],
    ['alert=NOT_AN_ALERT', 'alert'],
    ['errorCode=lower_case', 'errorCode'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const res = await p.agent.get(`/api/migrations/${migrationId}/devices?${query}`).expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('the CSV export and the bulk preview read the same filter ("select these devices")', async () => {
    const csv = await p.agent
      .get(`/api/migrations/${migrationId}/devices.csv?errorCode=DISK_FULL`)
      .expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(2); // header + F-2
    const preview = await p.agent
      .post(`/api/migrations/${migrationId}/devices/actions/preview`)
      .send({ action: 'retry-profile-creation', filter: { errorCode: ['AUTODISCOVER_FAILED', 'DISK_FULL'] } })
      .expect(200);
    expect(preview.body).toMatchObject({ eligible: 2, pickup: { withinPollInterval: 1, whenOnline: 1 } });
  });
});

describe('partner API: a device says what waits for it and when it should take it (D11, D17)', () => {
  let t: TestApp;
  let p: Partner;
  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('pendingCommand after a retry: expected at the last check-in + interval online, now when holding, null offline', async () => {
    const m = await createMigration(p);
    const now = t.clock.now();
    const failed = { status: 'profile_failed' as const, errorCode: 'DISK_FULL', manualRetryRequired: true };
    const [online, held, offline] = await makeDevices(t.db, { id: m.id, partnerId: p.partnerId }, [
      { ...failed, hostname: 'P-ONLINE', clientLastSeenAt: new Date(now.getTime() - MIN) },
      { ...failed, hostname: 'P-HELD', clientLastSeenAt: new Date(now.getTime() - 1000) },
      { ...failed, hostname: 'P-OFFLINE', clientLastSeenAt: new Date(now.getTime() - 60 * MIN) },
    ]);
    await t.db.query(`UPDATE device SET client_poll_held_until = $2 WHERE id = $1`, [
      held,
      new Date(now.getTime() + 20_000),
    ]);
    const before = await p.agent.get(`/api/devices/${online}`).expect(200);
    expect(before.body.pendingCommand).toBeNull();
    await p.agent
      .post(`/api/migrations/${m.id}/devices/actions`)
      .send({ action: 'retry-profile-creation', deviceIds: [online, held, offline] })
      .expect(202);
    const pending = async (id: string) =>
      (await p.agent.get(`/api/devices/${id}`).expect(200)).body.pendingCommand;
    expect(await pending(online)).toEqual({
      type: 'CREATE_PROFILE',
      queuedAt: now.toISOString(),
      deliveredAt: null,
      expectedPickupAt: new Date(now.getTime() - MIN + 120_000).toISOString(),
    });
    expect((await pending(held)).expectedPickupAt).toBe(now.toISOString());
    expect((await pending(offline)).expectedPickupAt).toBeNull();
  });

  it('queuePosition: the place in the D11 transfer queue, longest waiting first; null otherwise', async () => {
    const m = await createMigration(p, { maxConcurrentTransfers: 1 });
    const now = t.clock.now();
    const ids = await makeDevices(t.db, { id: m.id, partnerId: p.partnerId }, [
      { hostname: 'Q-1', status: 'queued_for_bandwidth', profileCreatedAt: now },
      { hostname: 'Q-2', status: 'queued_for_bandwidth', profileCreatedAt: now },
      { hostname: 'Q-3', status: 'switching', profileCreatedAt: now },
    ]);
    await t.db.query(
      `UPDATE device SET waiting_for_slot_since = CASE id WHEN $1::uuid THEN $3::timestamptz ELSE $4::timestamptz END
        WHERE id = ANY($2::uuid[])`,
      [ids[0], [ids[0], ids[1]], new Date(now.getTime() - 5 * MIN), new Date(now.getTime() - 9 * MIN)],
    );
    const res = await p.agent.get(`/api/migrations/${m.id}/devices`).expect(200);
    const position = Object.fromEntries(
      res.body.items.map((d: { hostname: string; queuePosition: number | null }) => [
        d.hostname,
        d.queuePosition,
      ]),
    );
    expect(position).toEqual({ 'Q-1': 2, 'Q-2': 1, 'Q-3': null });
  });
});
