import { randomUUID } from 'node:crypto';
import { BULK_PREVIEW_SAMPLE } from '@cutover/domain';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, makeDevices, type Partner, signUp, snapshot } from './factories';

jest.setTimeout(120_000);

const MIN = 60_000;

/** D16, D17: the preview of a bulk action, and what the action then does, on both databases. */
describe('partner API: bulk action preview (D16, D17) and consistency', () => {
  let t: TestApp;
  let p: Partner;
  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const preview = (migrationId: string, body: object) =>
    p.agent.post(`/api/migrations/${migrationId}/devices/actions/preview`).send(body);
  const act = (migrationId: string, body: object) =>
    p.agent.post(`/api/migrations/${migrationId}/devices/actions`).send(body);

  /** A fleet with every kind of device: eligible online, eligible holding a poll, offline, and each skip. */
  const migration = async () => ({ ...(await createMigration(p)), partnerId: p.partnerId });

  async function fleet() {
    const m = await migration();
    const now = t.clock.now();
    const recent = new Date(now.getTime() - MIN);
    const failed = {
      status: 'profile_failed' as const,
      errorCode: 'AUTODISCOVER_FAILED',
      manualRetryRequired: true,
    };
    const ids = await makeDevices(t.db, m, [
      { ...failed, hostname: 'A-ONLINE-1', clientLastSeenAt: recent, locked: false },
      { ...failed, hostname: 'A-ONLINE-2', clientLastSeenAt: recent, locked: false },
      { ...failed, hostname: 'A-HELD', clientLastSeenAt: recent, locked: false },
      { ...failed, hostname: 'A-OFFLINE', clientLastSeenAt: new Date(now.getTime() - 60 * MIN) },
      { ...failed, hostname: 'A-NEVER' },
      ...Array.from({ length: 12 }, (_, i) => ({
        hostname: `B-CREATED-${String(i).padStart(2, '0')}`,
        status: 'profile_ready' as const,
        profileCreatedAt: now,
      })),
      { hostname: 'C-DONE', status: 'completed', profileCreatedAt: now, switchedAt: now },
    ]);
    // A-HELD holds a long poll right now (written by the check-in flush of the poll that holds)
    await t.db.query(`UPDATE device SET client_poll_held_until = $2 WHERE id = $1`, [
      ids[2],
      new Date(now.getTime() + 25_000),
    ]);
    return { m, ids, eligible: ids.slice(0, 5), created: ids.slice(5, 17), done: ids[17] };
  }

  it('D16: the preview counts what the action then does, by reason, with samples; D17: pickup', async () => {
    const { m, ids, eligible, created, done } = await fleet();
    const unknown = randomUUID();
    const body = { action: 'retry-profile-creation', deviceIds: [...ids, unknown] };
    const res = await preview(m.id, body).expect(200);
    expect(res.body).toEqual({
      action: 'retry-profile-creation',
      eligible: 5,
      skipped: [
        { reason: 'not_found', count: 1, sample: [{ deviceId: unknown, hostname: null }] },
        { reason: 'already_completed', count: 1, sample: [{ deviceId: done, hostname: 'C-DONE' }] },
        {
          reason: 'profile_already_created',
          count: 12,
          // at most 10, by hostname
          sample: created
            .slice(0, BULK_PREVIEW_SAMPLE)
            .map((deviceId, i) => ({ deviceId, hostname: `B-CREATED-${String(i).padStart(2, '0')}` })),
        },
      ],
      pickup: { now: 1, withinPollInterval: 2, whenOnline: 2 },
    });
    const done202 = await act(m.id, body).expect(202);
    expect(done202.body.affected).toBe(res.body.eligible);
    const reasons = (r: string) =>
      done202.body.skipped.filter((s: { reason: string }) => s.reason === r).length;
    for (const group of res.body.skipped) expect(reasons(group.reason)).toBe(group.count);
    const requested = await t.db.query(`SELECT device_id FROM retry_request WHERE migration_id = $1`, [m.id]);
    expect(requested.map((r: { device_id: string }) => r.device_id).sort()).toEqual([...eligible].sort());
    // and after it, the preview says a retry is already queued for them
    const after = await preview(m.id, body).expect(200);
    expect(after.body.eligible).toBe(0);
    expect(after.body.skipped).toContainEqual(
      expect.objectContaining({ reason: 'retry_already_queued', count: 5 }),
    );
  });

  it('D16: a preview changes nothing, by ids or by filter (every table, row for row)', async () => {
    const { m, ids } = await fleet();
    const before = await snapshot(t.db);
    await preview(m.id, { action: 'retry-profile-creation', deviceIds: ids }).expect(200);
    await preview(m.id, { action: 'retry-switch', filter: {} }).expect(200);
    await preview(m.id, {
      action: 'retry-profile-creation',
      filter: { status: ['profile_failed'], q: 'a-' },
    }).expect(200);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('D16: by filter, the preview and the action read the list filter the same way', async () => {
    const { m } = await fleet();
    const body = { action: 'retry-profile-creation', filter: { status: ['profile_failed'], q: 'a-online' } };
    const res = await preview(m.id, body).expect(200);
    expect(res.body).toMatchObject({
      eligible: 2,
      skipped: [],
      pickup: { now: 0, withinPollInterval: 2, whenOnline: 0 },
    });
    expect((await act(m.id, body).expect(202)).body).toMatchObject({ affected: 2, skipped: [] });
  });

  it('D16: the action affects exactly the devices still eligible when it runs', async () => {
    const { m, ids } = await fleet();
    const body = { action: 'retry-profile-creation', deviceIds: ids };
    expect((await preview(m.id, body).expect(200)).body.eligible).toBe(5);
    // between preview and click: one profile gets created, another device gets a request from elsewhere
    await t.db.query(`UPDATE device SET profile_created_at = $2, status = 'profile_ready' WHERE id = $1`, [
      ids[0],
      t.clock.now(),
    ]);
    await act(m.id, { action: 'retry-profile-creation', deviceIds: [ids[1]] }).expect(202);
    const res = await act(m.id, body).expect(202);
    expect(res.body.affected).toBe(3);
    expect(res.body.skipped).toEqual(
      expect.arrayContaining([
        { deviceId: ids[0], reason: 'profile_already_created' },
        { deviceId: ids[1], reason: 'retry_already_queued' },
      ]),
    );
  });

  it('the preview is tenant-tight and validated like the action', async () => {
    const { m, ids } = await fleet();
    const other = await signUp(t);
    const foreign = await other.agent
      .post(`/api/migrations/${m.id}/devices/actions/preview`)
      .send({ action: 'retry-profile-creation', deviceIds: ids });
    expect(foreign.status).toBe(404);
    const res = await preview(m.id, { action: 'retry-profile-creation', deviceIds: null }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    await preview(m.id, { action: 'nope', deviceIds: ids }).expect(400);
  });

  // concurrent transactions need a server: PGlite runs one statement at a time
  (process.env.DATABASE_URL ? it : it.skip)(
    'two clicks at once on overlapping sets never take a device twice (PostgreSQL, parallel requests)',
    async () => {
      const m = await migration();
      const ids = await makeDevices(
        t.db,
        m,
        Array.from({ length: 600 }, () => ({ status: 'profile_failed' as const, errorCode: 'DISK_FULL' })),
      );
      // five clicks over overlapping windows of 300 (every device is in two or three of them)
      const windows = [0, 75, 150, 225, 300].map((start) => ids.slice(start, start + 300));
      const replies = await Promise.all(
        windows.map((deviceIds) => act(m.id, { action: 'retry-profile-creation', deviceIds })),
      );
      expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
      const affected = replies.reduce((sum, r) => sum + r.body.affected, 0);
      expect(affected).toBe(600);
      for (const r of replies) for (const s of r.body.skipped) expect(s.reason).toBe('retry_already_queued');
      const [{ n, distinct }] = await t.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT device_id)::int AS distinct FROM retry_request WHERE migration_id = $1`,
        [m.id],
      );
      expect({ n, distinct }).toEqual({ n: 600, distinct: 600 });
    },
  );
});
