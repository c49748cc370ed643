import { randomUUID } from 'node:crypto';
import { MAX_BULK_DEVICE_IDS } from '@cutover/domain';
import { createTestApp, type TestApp } from '../test-app';
import {
  createMigration,
  enroll,
  fail,
  makeDevices,
  PASSWORD,
  type Partner,
  poll,
  signUp,
} from './factories';

jest.setTimeout(120_000);

describe('partner API: bulk actions (D5 retry profile creation)', () => {
  let t: TestApp;
  let p: Partner;
  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function freshMigration(): Promise<{ id: string; partnerId: string; enrollmentKey: string }> {
    const m = await createMigration(p);
    return { id: m.id, partnerId: p.partnerId, enrollmentKey: m.enrollmentKey };
  }
  const act = (migrationId: string, body: unknown) =>
    p.agent.post(`/api/migrations/${migrationId}/devices/actions`).send(body as object);
  /** Devices with a pending partner request (the poll that takes it creates the command) and who asked. */
  const queuedCreates = async (deviceIds: string[]) =>
    (
      await t.db.query(
        `SELECT device_id, requested_by AS created_by FROM retry_request WHERE device_id = ANY($1::uuid[])`,
        [deviceIds],
      )
    ).map((r: { device_id: string; created_by: string }) => r);

  it('D5: queues one CREATE_PROFILE per selected device and tells which were skipped and why', async () => {
    const m = await freshMigration();
    const now = t.clock.now();
    const [failed, enrolled, ready, done] = await makeDevices(t.db, m, [
      {
        hostname: 'PC-1',
        status: 'profile_failed',
        errorCode: 'AUTODISCOVER_FAILED',
        manualRetryRequired: true,
      },
      { hostname: 'PC-2', status: 'enrolled' },
      { hostname: 'PC-3', status: 'profile_ready', profileCreatedAt: now },
      { hostname: 'PC-4', status: 'completed', profileCreatedAt: now, switchedAt: now },
    ]);
    const unknown = randomUUID();
    const res = await act(m.id, {
      action: 'retry-profile-creation',
      deviceIds: [failed, enrolled, ready, done, unknown, failed],
    }).expect(202);
    expect(res.body.affected).toBe(2);
    expect(res.body.skipped).toEqual(
      expect.arrayContaining([
        { deviceId: ready, reason: 'profile_already_created' },
        { deviceId: done, reason: 'already_completed' },
        { deviceId: unknown, reason: 'not_found' },
      ]),
    );
    expect(res.body.skipped).toHaveLength(3);
    expect(res.body.activityId).toEqual(expect.any(String));
    const queued = await queuedCreates([failed, enrolled, ready, done]);
    expect(queued.map((q: { device_id: string }) => q.device_id).sort()).toEqual([failed, enrolled].sort());
    expect(queued.every((q: { created_by: string }) => q.created_by === p.userId)).toBe(true);
    // no command row until the device's poll takes the request
    expect(
      await t.db.query(`SELECT id FROM command WHERE device_id = ANY($1::uuid[])`, [[failed, enrolled]]),
    ).toEqual([]);
    const device = await p.agent.get(`/api/devices/${failed}`).expect(200);
    expect(device.body.manualRetryRequired).toBe(false);
    const requested = device.body.events.find((e: { type: string }) => e.type === 'retry_requested');
    expect(requested).toMatchObject({
      at: t.clock.now().toISOString(),
      actor: { userId: p.userId, email: p.email },
      data: { pending: true, commandType: 'CREATE_PROFILE' },
    });
  });

  it('ids in upper case, or repeated in another case, name one device each; skipped ones come back in lower case', async () => {
    const m = await freshMigration();
    const now = t.clock.now();
    const [failed, ready] = await makeDevices(t.db, m, [
      { status: 'profile_failed', errorCode: 'DISK_FULL' },
      { status: 'profile_ready', profileCreatedAt: now },
    ]);
    const unknown = randomUUID();
    const res = await act(m.id, {
      action: 'retry-profile-creation',
      deviceIds: [unknown.toUpperCase(), failed.toUpperCase(), ready.toUpperCase(), failed, ready, unknown],
    }).expect(202);
    expect(res.body.affected).toBe(1);
    expect(res.body.skipped).toHaveLength(2);
    expect(res.body.skipped).toEqual(
      expect.arrayContaining([
        { deviceId: unknown, reason: 'not_found' },
        { deviceId: ready, reason: 'profile_already_created' },
      ]),
    );
  });

  it('D5: clicking again while a retry is still queued queues no second one', async () => {
    const m = await freshMigration();
    const ids = await makeDevices(t.db, m, [
      { status: 'profile_failed', errorCode: 'DISK_FULL' },
      { status: 'profile_failed', errorCode: 'DISK_FULL' },
    ]);
    await act(m.id, { action: 'retry-profile-creation', deviceIds: ids }).expect(202);
    const again = await act(m.id, { action: 'retry-profile-creation', deviceIds: ids }).expect(202);
    expect(again.body.affected).toBe(0);
    expect(again.body.skipped).toEqual(
      expect.arrayContaining(ids.map((id) => ({ deviceId: id, reason: 'retry_already_queued' }))),
    );
    expect(await queuedCreates(ids)).toHaveLength(2);
  });

  it('D5: replaces a scheduled automatic retry and works more than 24 h after cutover', async () => {
    const m = await createMigration(p, {
      cutoverAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    const device = await enroll(t, m.enrollmentKey, { hostname: 'PC-LATE', windowsUser: 'CONTOSO\\late' });
    const [command] = await poll(t, device.token);
    await fail(t, device.token, command.id, 'CREDENTIAL_PROMPT_TIMEOUT');
    const start = t.clock.now();
    t.clock.advance(30 * 3_600_000); // past C + 24 h (and past the session's lifetime: sign in again)
    try {
      await p.agent.post('/api/auth/login').send({ email: p.email, password: PASSWORD }).expect(200);
      const device1 = await p.agent.get(`/api/devices/${device.deviceId}`).expect(200);
      expect(device1.body.manualRetryRequired).toBe(true);
      const res = await act(m.id, { action: 'retry-profile-creation', deviceIds: [device.deviceId] }).expect(
        202,
      );
      expect(res.body).toMatchObject({ affected: 1, skipped: [] });
      const [next] = await poll(t, device.token);
      expect(next).toMatchObject({ type: 'CREATE_PROFILE' });
      expect(next.id).not.toBe(command.id);
    } finally {
      t.clock.set(start);
    }
  });

  it('by filter ("select all N matching"): every device that matches the list filter, nothing else', async () => {
    const m = await freshMigration();
    const ids = await makeDevices(t.db, m, [
      { hostname: 'NY-1', status: 'profile_failed', errorCode: 'DISK_FULL' },
      { hostname: 'NY-2', status: 'profile_failed', errorCode: 'AUTODISCOVER_FAILED' },
      { hostname: 'LA-1', status: 'profile_failed', errorCode: 'DISK_FULL' },
      { hostname: 'NY-3', status: 'enrolled' },
    ]);
    const listed = await p.agent
      .get(`/api/migrations/${m.id}/devices`)
      .query({ status: 'profile_failed', q: 'ny' })
      .expect(200);
    expect(listed.body.total).toBe(2);
    const res = await act(m.id, {
      action: 'retry-profile-creation',
      filter: { status: ['profile_failed'], q: 'ny', hasError: true },
    }).expect(202);
    expect(res.body).toEqual({ affected: 2, skipped: [], activityId: expect.any(String) });
    expect((await queuedCreates(ids)).map((q: { device_id: string }) => q.device_id).sort()).toEqual(
      [ids[0], ids[1]].sort(),
    );
    // the comma-separated form of the list's query string is accepted in a body too
    const csv = await act(m.id, {
      action: 'retry-profile-creation',
      filter: { status: 'profile_failed,enrolled' },
    }).expect(202);
    // NY-1/NY-2 left profile_failed when their retry was queued, so the filter now matches LA-1 and NY-3
    expect(csv.body).toMatchObject({ affected: 2, skipped: [] });
  });

  it('records who did it, when and to which devices in the migration’s audit log', async () => {
    const m = await freshMigration();
    const ids = await makeDevices(t.db, m, [
      { status: 'profile_failed', errorCode: 'DISK_FULL' },
      { status: 'enrolled' },
      { status: 'completed', switchedAt: t.clock.now(), profileCreatedAt: t.clock.now() },
    ]);
    const res = await act(m.id, { action: 'retry-profile-creation', filter: {} }).expect(202);
    const log = await p.agent.get(`/api/migrations/${m.id}/activity`).expect(200);
    const entry = log.body.items[0];
    expect(entry).toMatchObject({
      id: res.body.activityId,
      action: 'devices.retry_profile_creation',
      at: t.clock.now().toISOString(),
      actor: { userId: p.userId, email: p.email },
      deviceCount: 2,
      data: { selection: 'filter', requested: 3, affected: 2, skipped: { already_completed: 1 } },
    });
    expect([...entry.deviceIds].sort()).toEqual([ids[0], ids[1]].sort());
    expect(entry.detail).toBe(
      'Retry profile creation for all devices matching the migration: 2 devices queued, skipped 1 already switched to the new profile',
    );
    const full = await p.agent.get(`/api/migrations/${m.id}/activity/${res.body.activityId}`).expect(200);
    expect(full.body.deviceIds).toHaveLength(2);
  });

  it('is set-based: thousands of devices in one request, by ids and by filter', async () => {
    const m = await freshMigration();
    const ids = await makeDevices(
      t.db,
      m,
      Array.from({ length: 3000 }, (_, i) => ({
        hostname: `BULK-${i}`,
        status: 'profile_failed' as const,
        errorCode: 'DISK_FULL',
      })),
    );
    const byIds = await act(m.id, { action: 'retry-profile-creation', deviceIds: ids.slice(0, 2000) }).expect(
      202,
    );
    expect(byIds.body.affected).toBe(2000);
    const byFilter = await act(m.id, {
      action: 'retry-profile-creation',
      filter: { status: ['profile_failed'] },
    }).expect(202);
    // the 2000 already queued are no longer profile_failed: the filter reaches the other 1000
    expect(byFilter.body).toMatchObject({ affected: 1000, skipped: [] });
    expect(await queuedCreates(ids)).toHaveLength(3000);
  });

  it.each([
    [{ action: 'retry-profile-creation' }, 'deviceIds'],
    [{ action: 'retry-profile-creation', deviceIds: [randomUUID()], filter: {} }, 'filter'],
    [{ action: 'explode', deviceIds: [randomUUID()] }, 'action'],
    [{ action: 'retry-profile-creation', deviceIds: [] }, 'deviceIds'],
    [{ action: 'retry-profile-creation', deviceIds: ['not-a-uuid'] }, 'deviceIds'],
    [{ action: 'retry-profile-creation', deviceIds: 'all' }, 'deviceIds'],
    [{ action: 'retry-profile-creation', filter: { status: ['nope'] } }, 'filter.status'],
    [{ action: 'retry-profile-creation', filter: 'everything' }, 'filter'],
  ])('rejects %j with 400 on %s', async (body, field) => {
    const m = await freshMigration();
    const res = await act(m.id, body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it.each([
    ['"deviceIds": null', { deviceIds: null }, ['deviceIds']],
    ['"filter": null', { filter: null }, ['filter']],
    ['"deviceIds": []', { deviceIds: [] }, ['deviceIds']],
    ['"deviceIds": null with a filter', { deviceIds: null, filter: {} }, ['deviceIds', 'filter']],
    ['both', { deviceIds: [randomUUID()], filter: {} }, ['deviceIds', 'filter']],
    ['neither', {}, ['deviceIds', 'filter']],
  ])(
    'a bulk action must name its set: %s is a 400 and touches no device',
    async (_name, selection, fields) => {
      const m = await freshMigration();
      const ids = await makeDevices(t.db, m, [
        { status: 'profile_failed', errorCode: 'AUTODISCOVER_FAILED', manualRetryRequired: true },
        { status: 'enrolled' },
      ]);
      const before = await t.db.query(`SELECT count(*)::int AS n FROM activity WHERE migration_id = $1`, [
        m.id,
      ]);
      const res = await act(m.id, { action: 'retry-profile-creation', ...selection }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(fields);
      expect(await queuedCreates(ids)).toEqual([]);
      const after = await t.db.query(`SELECT count(*)::int AS n FROM activity WHERE migration_id = $1`, [
        m.id,
      ]);
      expect(after[0].n).toBe(before[0].n);
    },
  );

  it(`rejects more than ${MAX_BULK_DEVICE_IDS} ids (select by filter instead)`, async () => {
    const m = await freshMigration();
    const ids = Array.from({ length: MAX_BULK_DEVICE_IDS + 1 }, () => randomUUID());
    const res = await act(m.id, { action: 'retry-profile-creation', deviceIds: ids }).expect(400);
    expect(res.body.error.details[0].problems.join(' ')).toContain('filter');
  });

  it('404s a migration that does not exist, and changes nothing', async () => {
    await act(randomUUID(), { action: 'retry-profile-creation', filter: {} }).expect(404);
  });
});
