import { DEVICE_STATUSES, POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS } from '@cutover/domain';
import request from 'supertest';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, enroll, fail, makeDevices, type Partner, poll, signUp } from './factories';

jest.setTimeout(60_000);

describe('partner API: migrations', () => {
  let t: TestApp;
  let p: Partner;
  beforeAll(async () => {
    t = await createTestApp();
    p = await signUp(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a migration with a random URL-safe enrollment key of at least 128 bits', async () => {
    const res = await p.agent
      .post('/api/migrations')
      .send({
        customerName: '  Contoso Ltd ',
        cutoverAt: '2026-11-28T23:00:00+01:00',
        migrationType: 'exchange',
      })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      customerName: 'Contoso Ltd',
      cutoverAt: '2026-11-28T22:00:00.000Z',
      migrationType: 'exchange',
      maxConcurrentTransfers: null,
      enrollmentKey: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      deviceCounts: Object.fromEntries(DEVICE_STATUSES.map((s) => [s, 0])),
      totalDevices: 0,
      openAlerts: 0,
      onlineDevices: 0,
      bandwidthMbps: null,
      pollIntervalSeconds: 120,
      createdAt: t.clock.now().toISOString(),
      updatedAt: t.clock.now().toISOString(),
    });
    const other = await createMigration(p);
    expect(other.enrollmentKey).not.toBe(res.body.enrollmentKey);
    const [row] = await t.db.query(`SELECT partner_id FROM migration WHERE id = $1`, [res.body.id]);
    expect(row.partner_id).toBe(p.partnerId);
  });

  it('D11: a POP3 migration gets a transfer cap by default; null means no cap; a number is kept', async () => {
    expect((await createMigration(p, { migrationType: 'pop3' })).maxConcurrentTransfers).toBe(
      POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS,
    );
    expect(
      (await createMigration(p, { migrationType: 'pop3', maxConcurrentTransfers: null }))
        .maxConcurrentTransfers,
    ).toBeNull();
    expect(
      (await createMigration(p, { migrationType: 'pop3', maxConcurrentTransfers: 3 })).maxConcurrentTransfers,
    ).toBe(3);
    expect((await createMigration(p, { migrationType: 'imap' })).maxConcurrentTransfers).toBeNull();
    expect(
      (await createMigration(p, { migrationType: 'google', maxConcurrentTransfers: 25 }))
        .maxConcurrentTransfers,
    ).toBe(25);
  });

  it('accepts a cutover in the past (a migration that already cut over is still managed)', async () => {
    const m = await createMigration(p, { cutoverAt: '2020-01-01T00:00:00Z' });
    expect(m.cutoverAt).toBe('2020-01-01T00:00:00.000Z');
  });

  it.each([
    [{ cutoverAt: '2026-11-28T22:00:00Z', migrationType: 'exchange' }, 'customerName'],
    [{ customerName: '', cutoverAt: '2026-11-28T22:00:00Z', migrationType: 'exchange' }, 'customerName'],
    [{ customerName: 'C', cutoverAt: 'tomorrow', migrationType: 'exchange' }, 'cutoverAt'],
    [{ customerName: 'C', cutoverAt: '2026-11-28T22:00:00', migrationType: 'exchange' }, 'cutoverAt'],
    [{ customerName: 'C', cutoverAt: '2026-11-28', migrationType: 'exchange' }, 'cutoverAt'],
    [{ customerName: 'C', cutoverAt: '2026-11-28T22:00:00Z', migrationType: 'lotus' }, 'migrationType'],
    [
      {
        customerName: 'C',
        cutoverAt: '2026-11-28T22:00:00Z',
        migrationType: 'pop3',
        maxConcurrentTransfers: 0,
      },
      'maxConcurrentTransfers',
    ],
    [
      {
        customerName: 'C',
        cutoverAt: '2026-11-28T22:00:00Z',
        migrationType: 'pop3',
        maxConcurrentTransfers: 2.5,
      },
      'maxConcurrentTransfers',
    ],
    [
      {
        customerName: 'C',
        cutoverAt: '2026-11-28T22:00:00Z',
        migrationType: 'pop3',
        maxConcurrentTransfers: '5',
      },
      'maxConcurrentTransfers',
    ],
  ])('rejects %j with 400 on %s', async (body, field) => {
    const res = await p.agent.post('/api/migrations').send(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([field]);
  });

  it('lists only the partner’s migrations, newest cutover first, with device counts and open alerts', async () => {
    const q = await signUp(t);
    const early = await createMigration(q, { customerName: 'Early', cutoverAt: '2026-12-01T00:00:00Z' });
    const late = await createMigration(q, { customerName: 'Late', cutoverAt: '2026-12-24T00:00:00Z' });
    const ids = await makeDevices(t.db, { id: late.id, partnerId: q.partnerId }, [
      { status: 'completed' },
      { status: 'completed' },
      { status: 'profile_failed' },
    ]);
    await t.db.query(
      `INSERT INTO alert (device_id, migration_id, code, raised_at) VALUES ($1, $2, 'OUTLOOK_OUTDATED', now())`,
      [ids[2], late.id],
    );
    const res = await q.agent.get('/api/migrations').expect(200);
    expect(res.body.items.map((m: { customerName: string }) => m.customerName)).toEqual(['Late', 'Early']);
    expect(res.body.items[0]).toMatchObject({
      totalDevices: 3,
      openAlerts: 1,
      deviceCounts: { completed: 2, profile_failed: 1, enrolled: 0 },
    });
    expect(res.body.items[1]).toMatchObject({ id: early.id, totalDevices: 0, openAlerts: 0 });
    const one = await q.agent.get(`/api/migrations/${late.id}`).expect(200);
    expect(one.body).toEqual(res.body.items[0]);
  });

  it('404s an unknown or malformed migration id', async () => {
    const res = await p.agent.get('/api/migrations/7d8c7a3e-0000-4000-8000-000000000000').expect(404);
    expect(res.body).toEqual({
      error: { code: 'MIGRATION_NOT_FOUND', message: expect.any(String), details: null },
    });
    await p.agent.get('/api/migrations/nope').expect(404);
    await p.agent.patch('/api/migrations/nope').send({ customerName: 'x' }).expect(404);
  });

  describe('PATCH', () => {
    it('changes name, cap and poll interval, and records who changed what', async () => {
      const m = await createMigration(p, { migrationType: 'pop3' });
      t.clock.advanceMinutes(5);
      const res = await p.agent
        .patch(`/api/migrations/${m.id}`)
        .send({ customerName: 'Contoso GmbH', maxConcurrentTransfers: null, pollIntervalSeconds: 60 })
        .expect(200);
      expect(res.body).toMatchObject({
        customerName: 'Contoso GmbH',
        maxConcurrentTransfers: null,
        pollIntervalSeconds: 60,
        migrationType: 'pop3',
        cutoverAt: m.cutoverAt,
        updatedAt: t.clock.now().toISOString(),
      });
      const log = await p.agent.get(`/api/migrations/${m.id}/activity`).expect(200);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
        'migration.updated',
        'migration.created',
      ]);
      expect(log.body.items[0]).toMatchObject({
        actor: { userId: p.userId, email: p.email },
        at: t.clock.now().toISOString(),
        detail: expect.stringContaining('customer name from Contoso to Contoso GmbH'),
        data: {
          changes: {
            customerName: { from: 'Contoso', to: 'Contoso GmbH' },
            maxConcurrentTransfers: { from: POP3_DEFAULT_MAX_CONCURRENT_TRANSFERS, to: null },
            pollIntervalSeconds: { from: 120, to: 60 },
          },
        },
      });
    });

    it('records nothing when nothing changes, and validates like create', async () => {
      const m = await createMigration(p);
      await p.agent
        .patch(`/api/migrations/${m.id}`)
        .send({ customerName: 'Contoso', cutoverAt: m.cutoverAt })
        .expect(200);
      const log = await p.agent.get(`/api/migrations/${m.id}/activity`).expect(200);
      expect(log.body.items).toHaveLength(1);
      await p.agent.patch(`/api/migrations/${m.id}`).send({ cutoverAt: 'soon' }).expect(400);
      await p.agent.patch(`/api/migrations/${m.id}`).send({ maxConcurrentTransfers: -1 }).expect(400);
      // migrationType is not changeable: stripped, not applied
      const res = await p.agent.patch(`/api/migrations/${m.id}`).send({ migrationType: 'pop3' }).expect(200);
      expect(res.body.migrationType).toBe('exchange');
    });

    it('D4: a new cutover recomputes the scheduled retries, in the same request', async () => {
      // cutover in 2 days: a failure now is "far" from C → retry 4 h later
      const cutover = new Date(t.clock.now().getTime() + 48 * 3_600_000);
      const m = await createMigration(p, { cutoverAt: cutover.toISOString() });
      const device = await enroll(t, m.enrollmentKey, { hostname: 'PC-D4', windowsUser: 'CONTOSO\\d4' });
      const [command] = await poll(t, device.token);
      expect(command.type).toBe('CREATE_PROFILE');
      await fail(t, device.token, command.id, 'AUTODISCOVER_FAILED');
      const failedAt = t.clock.now().getTime();
      const before = await p.agent.get(`/api/devices/${device.deviceId}`).expect(200);
      expect(before.body.nextRetryAt).toBe(new Date(failedAt + 4 * 3_600_000).toISOString());
      // cutover moved to 1 hour from now: the failure is now within 6 h of C → retry 39 min after it
      const newCutover = new Date(failedAt + 3_600_000);
      await p.agent
        .patch(`/api/migrations/${m.id}`)
        .send({ cutoverAt: newCutover.toISOString() })
        .expect(200);
      const after = await p.agent.get(`/api/devices/${device.deviceId}`).expect(200);
      expect(after.body.nextRetryAt).toBe(new Date(failedAt + 39 * 60_000).toISOString());
      const log = await p.agent.get(`/api/migrations/${m.id}/activity`).expect(200);
      expect(log.body.items[0].data.changes.cutoverAt).toEqual({
        from: cutover.toISOString(),
        to: newCutover.toISOString(),
      });
    });
  });

  describe('enrollment key rotation', () => {
    it('replaces the key: the old one stops enrolling, enrolled devices keep working, and it is audited', async () => {
      const m = await createMigration(p);
      const device = await enroll(t, m.enrollmentKey, { hostname: 'PC-R1', windowsUser: 'CONTOSO\\r1' });
      const res = await p.agent
        .post(`/api/migrations/${m.id}/enrollment-key/rotate`)
        .set('content-type', 'application/json')
        .expect(200);
      expect(res.body).toEqual({ enrollmentKey: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
      expect(res.body.enrollmentKey).not.toBe(m.enrollmentKey);
      const old = await request(t.server)
        .post('/api/agent/v1/enroll')
        .send({ enrollmentKey: m.enrollmentKey, hostname: 'PC-R2', windowsUser: 'CONTOSO\\r2' })
        .expect(401);
      expect(old.body.error.code).toBe('INVALID_ENROLLMENT_KEY');
      await enroll(t, res.body.enrollmentKey, { hostname: 'PC-R2', windowsUser: 'CONTOSO\\r2' });
      await poll(t, device.token);
      expect((await p.agent.get(`/api/migrations/${m.id}`).expect(200)).body.enrollmentKey).toBe(
        res.body.enrollmentKey,
      );
      const log = await p.agent.get(`/api/migrations/${m.id}/activity`).expect(200);
      expect(log.body.items[0]).toMatchObject({
        action: 'enrollment_key.rotated',
        actor: { userId: p.userId, email: p.email },
      });
      expect(JSON.stringify(log.body)).not.toContain(res.body.enrollmentKey);
    });
  });

  describe('activity log', () => {
    it('pages newest first with a cursor and shows a single entry', async () => {
      const m = await createMigration(p);
      for (let i = 0; i < 5; i += 1) {
        t.clock.advanceMinutes(1);
        await p.agent
          .patch(`/api/migrations/${m.id}`)
          .send({ customerName: `Name ${i}` })
          .expect(200);
      }
      const first = await p.agent.get(`/api/migrations/${m.id}/activity`).query({ limit: 4 }).expect(200);
      expect(first.body.items).toHaveLength(4);
      expect(first.body.items[0].detail).toContain('to Name 4');
      const second = await p.agent
        .get(`/api/migrations/${m.id}/activity`)
        .query({ limit: 4, cursor: first.body.nextCursor })
        .expect(200);
      expect(second.body.items.map((e: { action: string }) => e.action)).toEqual([
        'migration.updated',
        'migration.created',
      ]);
      expect(second.body.nextCursor).toBeNull();
      const entry = await p.agent
        .get(`/api/migrations/${m.id}/activity/${second.body.items[1].id}`)
        .expect(200);
      expect(entry.body).toMatchObject({ action: 'migration.created', deviceCount: 0, deviceIds: [] });
      await p.agent.get(`/api/migrations/${m.id}/activity/999999`).expect(404);
      await p.agent.get(`/api/migrations/${m.id}/activity`).query({ cursor: 'zzz' }).expect(400);
    });
  });
});
