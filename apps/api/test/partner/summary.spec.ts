import { DEVICE_STATUSES, type DeviceStatus, describeError } from '@cutover/domain';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, makeDevices, type Partner, raiseAlert, signUp } from './factories';

jest.setTimeout(60_000);

const MIN = 60_000;
const GB = 1_000_000_000;

/** D12: the summary equals a brute-force count over the same fixture. */
describe('partner API: GET /api/migrations/{id}/summary (D12)', () => {
  let t: TestApp;
  let p: Partner;
  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts every device once, by status, failure, presence and alert, as a brute-force count does', async () => {
    const cutoverAt = new Date(t.clock.now().getTime() - 60 * MIN); // switch running since C + 10 min
    const m = await createMigration(p, { cutoverAt: cutoverAt.toISOString() });
    const migration = { id: m.id, partnerId: p.partnerId };
    const now = t.clock.now();
    const recent = new Date(now.getTime() - MIN);
    const stale = new Date(now.getTime() - 7 * MIN); // 3 × 120 s + 1 min: offline (D2)
    const statuses: DeviceStatus[] = [...DEVICE_STATUSES];
    const codes = ['AUTODISCOVER_FAILED', 'DISK_FULL', 'CREDENTIAL_PROMPT_TIMEOUT', 'DATA_TRANSFER_FAILED'];
    const seeds = Array.from({ length: 240 }, (_, i) => {
      const status = statuses[i % statuses.length];
      const failed = status === 'profile_failed' || status === 'switch_failed';
      const profileCreated = ![
        'enrolled',
        'creating_profile',
        'profile_failed',
        'waiting_for_device',
      ].includes(status);
      const presence = i % 3; // 0 never seen, 1 offline, 2 online
      return {
        hostname: `SUM-${String(i).padStart(3, '0')}`,
        status,
        errorCode: failed ? codes[i % codes.length] : null,
        manualRetryRequired: status === 'profile_failed' && i % 2 === 0,
        clientLastSeenAt: presence === 0 ? null : presence === 1 ? stale : recent,
        profileCreatedAt: profileCreated ? new Date(now.getTime() - 120 * MIN) : null,
        switchedAt:
          status === 'completed'
            ? new Date(now.getTime() - (Math.floor(i / 10) % 2 === 0 ? 10 : 45) * MIN)
            : null,
      };
    });
    const ids = await makeDevices(t.db, migration, seeds);
    // reported local data of every device: 1 GB each
    await t.db.query(`UPDATE device SET local_data_bytes = $2 WHERE migration_id = $1`, [m.id, GB]);
    for (let i = 0; i < 30; i += 1)
      await raiseAlert(
        t.db,
        { id: ids[i], migrationId: m.id },
        i % 3 === 0 ? 'SERVICE_UNREACHABLE' : 'OUTLOOK_OUTDATED',
        now,
      );

    const res = await p.agent.get(`/api/migrations/${m.id}/summary`).expect(200);

    // brute force over the seeds
    const count = (f: (s: (typeof seeds)[number]) => boolean) => seeds.filter(f).length;
    const byStatus = Object.fromEntries(statuses.map((s) => [s, count((d) => d.status === s)]));
    const failures = new Map<string, number>();
    for (const s of seeds) if (s.errorCode) failures.set(s.errorCode, (failures.get(s.errorCode) ?? 0) + 1);
    const online = (s: (typeof seeds)[number]) => s.clientLastSeenAt === recent;
    expect(res.body).toEqual({
      asOf: now.toISOString(),
      devices: 240,
      completed: byStatus.completed,
      neverSeen: count((s) => s.clientLastSeenAt === null),
      offline: count((s) => s.clientLastSeenAt === stale),
      manualRetryRequired: count((s) => s.manualRetryRequired),
      byStatus,
      failuresByCode: [...failures]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([code, n]) => ({
          code,
          message: describeError(code).message,
          troubleshootingUrl: `/troubleshooting/${code}`,
          count: n,
        })),
      alertsByCode: [
        { code: 'OUTLOOK_OUTDATED', count: 20 },
        { code: 'SERVICE_UNREACHABLE', count: 10 },
      ],
      switch: {
        done: byStatus.completed,
        inProgress: byStatus.switching,
        queued: byStatus.queued_for_bandwidth,
        // no bandwidth known: from the rate observed over the last 30 minutes
        etaAt: expect.any(String),
      },
    });
    const remaining = count(
      (s) =>
        online(s) && s.profileCreatedAt !== null && s.switchedAt === null && s.status !== 'switch_failed',
    );
    const completedRecently = count(
      (s) => s.switchedAt !== null && s.switchedAt.getTime() >= now.getTime() - 30 * MIN,
    );
    expect(new Date(res.body.switch.etaAt).getTime()).toBe(
      now.getTime() + Math.ceil((remaining * 30 * MIN) / completedRecently),
    );

    // with the customer's link known: the remaining local data through it
    await p.agent.patch(`/api/migrations/${m.id}`).send({ bandwidthMbps: 100 }).expect(200);
    const withLink = await p.agent.get(`/api/migrations/${m.id}/summary`).expect(200);
    expect(new Date(withLink.body.switch.etaAt).getTime()).toBe(
      now.getTime() + Math.ceil(((remaining * GB * 8) / 100_000_000) * 1000),
    );
    const migrationRes = await p.agent.get(`/api/migrations/${m.id}`).expect(200);
    expect(migrationRes.body).toMatchObject({ bandwidthMbps: 100, onlineDevices: count(online) });
  });

  it('manualRetryRequired leaves out the devices whose retry the partner has already asked for (D5)', async () => {
    const m = await createMigration(p);
    const failed = {
      status: 'profile_failed' as const,
      errorCode: 'AUTODISCOVER_FAILED',
      manualRetryRequired: true,
    };
    const ids = await makeDevices(t.db, { id: m.id, partnerId: p.partnerId }, [
      { ...failed, hostname: 'MAN-1' },
      { ...failed, hostname: 'MAN-2' },
      { ...failed, hostname: 'MAN-3' },
    ]);
    const manual = async () =>
      (await p.agent.get(`/api/migrations/${m.id}/summary`).expect(200)).body.manualRetryRequired as number;
    expect(await manual()).toBe(3);

    const res = await p.agent
      .post(`/api/migrations/${m.id}/devices/actions`)
      .send({ action: 'retry-profile-creation', deviceIds: [ids[1]] })
      .expect(202);
    expect(res.body.affected).toBe(1);
    expect(await manual()).toBe(2);
  });

  it('an empty migration: zeros, no ETA; before C + 10 min no ETA either', async () => {
    const m = await createMigration(p, {
      cutoverAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    const res = await p.agent.get(`/api/migrations/${m.id}/summary`).expect(200);
    expect(res.body).toMatchObject({
      devices: 0,
      completed: 0,
      failuresByCode: [],
      alertsByCode: [],
      switch: { done: 0, inProgress: 0, queued: 0, etaAt: null },
    });
  });

  it('bandwidthMbps: set on create, cleared with null, refused when not a positive number', async () => {
    const created = await p.agent
      .post('/api/migrations')
      .send({
        customerName: 'Link',
        cutoverAt: '2026-12-24T22:00:00Z',
        migrationType: 'imap',
        bandwidthMbps: 50.5,
      })
      .expect(201);
    expect(created.body.bandwidthMbps).toBe(50.5);
    const cleared = await p.agent
      .patch(`/api/migrations/${created.body.id}`)
      .send({ bandwidthMbps: null })
      .expect(200);
    expect(cleared.body.bandwidthMbps).toBeNull();
    for (const bad of [0, -1, 'fast', 1e9]) {
      const res = await p.agent
        .patch(`/api/migrations/${created.body.id}`)
        .send({ bandwidthMbps: bad })
        .expect(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain('bandwidthMbps');
    }
  });
});
