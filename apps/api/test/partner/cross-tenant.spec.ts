import { randomUUID } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import request from 'supertest';
import { listRoutes } from '../../src/auth/route-kind';
import { createTestApp, type TestApp } from '../test-app';
import { addEvent, createMigration, makeDevices, type Partner, raiseAlert, signUp } from './factories';

jest.setTimeout(120_000);

/**
 * Tenancy: partner B walks EVERY partner endpoint with partner A's ids and sees only 404s (the same
 * reply as for ids that never existed), `not_found` skips, and A's data unchanged.
 */
describe('tenancy: a second partner (by session or API token) cannot see or touch the first partner’s data', () => {
  let t: TestApp;
  let a: Partner;
  let b: Partner;
  let aMigration: { id: string; enrollmentKey: string };
  let aDevices: string[];
  let aActivityId: string;
  let bMigration: { id: string };
  let bDevices: string[];
  let aTokenId: string;
  let aWebhookId: string;
  /** B's API token: the walk runs again with it instead of B's session. */
  let bToken: string;

  /** Every row that belongs to partner A. */
  async function partnerARows(): Promise<Record<string, unknown[]>> {
    const q = (sql: string) => t.db.query(sql, [a.partnerId]);
    const inA = `migration_id IN (SELECT id FROM migration WHERE partner_id = $1)`;
    return {
      partner: await q(`SELECT * FROM partner WHERE id = $1`),
      app_user: await q(`SELECT * FROM app_user WHERE partner_id = $1 ORDER BY id`),
      user_session: await q(
        `SELECT id, token_hash, expires_at FROM user_session WHERE partner_id = $1 ORDER BY id`,
      ),
      migration: await q(`SELECT * FROM migration WHERE partner_id = $1 ORDER BY id`),
      device: await q(`SELECT * FROM device WHERE partner_id = $1 ORDER BY id`),
      command: await q(`SELECT * FROM command WHERE ${inA} ORDER BY id`),
      device_event: await q(`SELECT * FROM device_event WHERE ${inA} ORDER BY id`),
      alert: await q(`SELECT * FROM alert WHERE ${inA} ORDER BY id`),
      activity: await q(`SELECT * FROM activity WHERE partner_id = $1 ORDER BY id`),
      mailbox_mapping: await q(
        `SELECT * FROM mailbox_mapping WHERE ${inA} ORDER BY migration_id, identity_key`,
      ),
      api_token: await q(`SELECT * FROM api_token WHERE partner_id = $1 ORDER BY id`),
      webhook: await q(`SELECT * FROM webhook WHERE partner_id = $1 ORDER BY id`),
      webhook_delivery: await q(
        `SELECT * FROM webhook_delivery WHERE webhook_id IN (SELECT id FROM webhook WHERE partner_id = $1) ORDER BY id`,
      ),
    };
  }

  beforeAll(async () => {
    // webhooks to loopback allowed; nothing is sent (the dispatcher is off)
    t = await createTestApp({ env: { WEBHOOKS_ALLOW_HTTP: 'on', WEBHOOK_DISPATCH_MS: '0' } });
    a = await signUp(t, { partnerName: 'Alpha IT' });
    b = await signUp(t, { partnerName: 'Bravo IT' });
    aMigration = await createMigration(a, { customerName: 'Alpha Customer' });
    aDevices = await makeDevices(t.db, { id: aMigration.id, partnerId: a.partnerId }, [
      { hostname: 'ALPHA-1', status: 'profile_failed', errorCode: 'AUTODISCOVER_FAILED' },
      { hostname: 'ALPHA-2', status: 'enrolled' },
    ]);
    await raiseAlert(
      t.db,
      { id: aDevices[0], migrationId: aMigration.id },
      'OUTLOOK_OUTDATED',
      t.clock.now(),
    );
    await addEvent(t.db, { id: aDevices[0], migrationId: aMigration.id }, 'enrolled', t.clock.now(), {
      hostname: 'ALPHA-1',
    });
    await a.agent
      .patch(`/api/migrations/${aMigration.id}`)
      .send({ customerName: 'Alpha Customer Ltd' })
      .expect(200);
    aActivityId = (await a.agent.get(`/api/migrations/${aMigration.id}/activity`).expect(200)).body.items[0]
      .id;
    await a.agent
      .put(`/api/migrations/${aMigration.id}/mailbox-mappings`)
      .send({ items: [{ identity: 'CONTOSO\\user0', mailbox: 'alpha@alpha.example' }] })
      .expect(200);
    aTokenId = (await a.agent.post('/api/tokens').send({ name: 'alpha script' }).expect(201)).body.id;
    aWebhookId = (
      await a.agent
        .post('/api/webhooks')
        .send({ url: 'http://127.0.0.1:9/alpha', events: ['alert.raised'] })
        .expect(201)
    ).body.id;
    await a.agent.post(`/api/webhooks/${aWebhookId}/test`).send({}).expect(202);
    bToken = (await b.agent.post('/api/tokens').send({ name: 'bravo script' }).expect(201)).body.token;
    bMigration = await createMigration(b, { customerName: 'Bravo Customer' });
    bDevices = await makeDevices(t.db, { id: bMigration.id, partnerId: b.partnerId }, [
      { hostname: 'BRAVO-1', status: 'profile_failed', errorCode: 'DISK_FULL' },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A foreign id must get exactly the reply a never-existing id gets. */
  async function expectSameAsMissing(call: (id: string) => request.Test, foreignId: string): Promise<void> {
    const foreign = await call(foreignId);
    const missing = await call(randomUUID());
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.headers['content-type']).toBe(missing.headers['content-type']);
  }

  type Probe = () => Promise<void>;
  const probes: Record<string, Probe> = {
    'GET /api/auth/me': async () => {
      const res = await b.agent.get('/api/auth/me').expect(200);
      expect(res.body.partner).toEqual({ id: b.partnerId, name: 'Bravo IT' });
    },
    'GET /api/migrations': async () => {
      const res = await b.agent.get('/api/migrations').expect(200);
      const ids: string[] = res.body.items.map((m: { id: string }) => m.id);
      expect(ids).toContain(bMigration.id);
      expect(ids).not.toContain(aMigration.id);
      const owners = await t.db.query(
        `SELECT DISTINCT partner_id FROM migration WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      expect(owners).toEqual([{ partner_id: b.partnerId }]);
    },
    'POST /api/migrations': async () => {
      const res = await b.agent
        .post('/api/migrations')
        .send({
          customerName: 'Bravo Two',
          cutoverAt: '2026-12-01T00:00:00Z',
          migrationType: 'imap',
          partnerId: a.partnerId,
        })
        .expect(201);
      const [row] = await t.db.query(`SELECT partner_id FROM migration WHERE id = $1`, [res.body.id]);
      expect(row.partner_id).toBe(b.partnerId); // a partnerId in the body is ignored
      await b.agent.get(`/api/migrations/${res.body.id}`).expect(200);
    },
    'GET /api/migrations/:id': () =>
      expectSameAsMissing((id) => b.agent.get(`/api/migrations/${id}`), aMigration.id),
    'GET /api/migrations/:id/summary': () =>
      expectSameAsMissing((id) => b.agent.get(`/api/migrations/${id}/summary`), aMigration.id),
    'PATCH /api/migrations/:id': () =>
      expectSameAsMissing(
        (id) =>
          b.agent
            .patch(`/api/migrations/${id}`)
            .send({ customerName: 'Hijacked', cutoverAt: '2030-01-01T00:00:00Z', maxConcurrentTransfers: 1 }),
        aMigration.id,
      ),
    'POST /api/migrations/:id/enrollment-key/rotate': () =>
      expectSameAsMissing(
        (id) => b.agent.post(`/api/migrations/${id}/enrollment-key/rotate`).send({}),
        aMigration.id,
      ),
    'GET /api/migrations/:id/devices': async () => {
      await expectSameAsMissing((id) => b.agent.get(`/api/migrations/${id}/devices`), aMigration.id);
      await expectSameAsMissing(
        (id) => b.agent.get(`/api/migrations/${id}/devices`).query({ q: 'ALPHA', status: 'profile_failed' }),
        aMigration.id,
      );
      const own = await b.agent
        .get(`/api/migrations/${bMigration.id}/devices`)
        .query({ q: 'alpha' })
        .expect(200);
      expect(own.body).toEqual({ items: [], nextCursor: null, total: 0 });
    },
    'GET /api/migrations/:id/devices.csv': () =>
      expectSameAsMissing((id) => b.agent.get(`/api/migrations/${id}/devices.csv`), aMigration.id),
    'POST /api/migrations/:id/devices/actions/preview': async () => {
      for (const action of ['retry-profile-creation', 'retry-switch']) {
        await expectSameAsMissing(
          (id) =>
            b.agent
              .post(`/api/migrations/${id}/devices/actions/preview`)
              .send({ action, deviceIds: aDevices }),
          aMigration.id,
        );
        await expectSameAsMissing(
          (id) => b.agent.post(`/api/migrations/${id}/devices/actions/preview`).send({ action, filter: {} }),
          aMigration.id,
        );
      }
      // A's device ids inside B's own migration: counted as not_found, no hostname shown
      const res = await b.agent
        .post(`/api/migrations/${bMigration.id}/devices/actions/preview`)
        .send({ action: 'retry-profile-creation', deviceIds: aDevices })
        .expect(200);
      expect(res.body).toMatchObject({
        eligible: 0,
        skipped: [{ reason: 'not_found', count: aDevices.length }],
      });
      expect(res.body.skipped[0].sample.every((s: { hostname: unknown }) => s.hostname === null)).toBe(true);
    },
    'POST /api/migrations/:id/devices/actions': async () => {
      await expectSameAsMissing(
        (id) =>
          b.agent
            .post(`/api/migrations/${id}/devices/actions`)
            .send({ action: 'retry-profile-creation', deviceIds: aDevices }),
        aMigration.id,
      );
      await expectSameAsMissing(
        (id) =>
          b.agent
            .post(`/api/migrations/${id}/devices/actions`)
            .send({ action: 'retry-profile-creation', filter: {} }),
        aMigration.id,
      );
      // A's device ids inside B's own migration: skipped as not_found, exactly like unknown ids
      const unknown = randomUUID();
      const res = await b.agent
        .post(`/api/migrations/${bMigration.id}/devices/actions`)
        .send({ action: 'retry-profile-creation', deviceIds: [...aDevices, unknown] })
        .expect(202);
      expect(res.body.affected).toBe(0);
      expect(res.body.skipped).toEqual(
        expect.arrayContaining([...aDevices, unknown].map((deviceId) => ({ deviceId, reason: 'not_found' }))),
      );
      // "select all" in B's migration reaches B's devices only
      const all = await b.agent
        .post(`/api/migrations/${bMigration.id}/devices/actions`)
        .send({ action: 'retry-profile-creation', filter: {} })
        .expect(202);
      // (on the second walk, B's own retry from the first is already queued)
      const queued = all.body.skipped.filter((x: { reason: string }) => x.reason === 'retry_already_queued');
      expect(all.body.affected + queued.length).toBe(bDevices.length);
      expect(all.body.skipped.every((x: { deviceId: string }) => bDevices.includes(x.deviceId))).toBe(true);
    },
    'GET /api/devices/:id': async () => {
      for (const id of aDevices) await expectSameAsMissing((x) => b.agent.get(`/api/devices/${x}`), id);
    },
    'GET /api/migrations/:id/alerts': () =>
      expectSameAsMissing((id) => b.agent.get(`/api/migrations/${id}/alerts`), aMigration.id),
    'PUT /api/migrations/:id/mailbox-mappings': async () => {
      await expectSameAsMissing(
        (id) =>
          b.agent
            .put(`/api/migrations/${id}/mailbox-mappings`)
            .send({ items: [{ identity: 'CONTOSO\\alice', mailbox: 'bravo@bravo.example' }] }),
        aMigration.id,
      );
      await expectSameAsMissing(
        (id) =>
          b.agent
            .put(`/api/migrations/${id}/mailbox-mappings`)
            .set('content-type', 'text/csv')
            .set('x-requested-with', 'XMLHttpRequest')
            .send('identity,mailbox\nCONTOSO\\alice,bravo@bravo.example\n'),
        aMigration.id,
      );
    },
    'GET /api/migrations/:id/mailbox-mappings': () =>
      expectSameAsMissing((id) => b.agent.get(`/api/migrations/${id}/mailbox-mappings`), aMigration.id),
    'POST /api/tokens': async () => {
      const res = await b.agent.post('/api/tokens').send({ name: 'bravo probe' }).expect(201);
      const [row] = await t.db.query(`SELECT partner_id FROM api_token WHERE id = $1`, [res.body.id]);
      expect(row.partner_id).toBe(b.partnerId);
    },
    'GET /api/tokens': async () => {
      const res = await b.agent.get('/api/tokens').expect(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(aTokenId);
    },
    'DELETE /api/tokens/:id': () =>
      expectSameAsMissing(
        (id) => b.agent.delete(`/api/tokens/${id}`).set('x-requested-with', 'XMLHttpRequest'),
        aTokenId,
      ),
    'POST /api/webhooks': async () => {
      const res = await b.agent
        .post('/api/webhooks')
        .send({ url: 'http://127.0.0.1:9/bravo', events: ['alert.raised'] })
        .expect(201);
      const [row] = await t.db.query(`SELECT partner_id FROM webhook WHERE id = $1`, [res.body.id]);
      expect(row.partner_id).toBe(b.partnerId);
    },
    'GET /api/webhooks': async () => {
      const res = await b.agent.get('/api/webhooks').expect(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(aWebhookId);
    },
    'DELETE /api/webhooks/:id': () =>
      expectSameAsMissing(
        (id) => b.agent.delete(`/api/webhooks/${id}`).set('x-requested-with', 'XMLHttpRequest'),
        aWebhookId,
      ),
    'POST /api/webhooks/:id/test': () =>
      expectSameAsMissing((id) => b.agent.post(`/api/webhooks/${id}/test`).send({}), aWebhookId),
    'GET /api/webhooks/:id/deliveries': () =>
      expectSameAsMissing((id) => b.agent.get(`/api/webhooks/${id}/deliveries`), aWebhookId),
    'GET /api/migrations/:id/activity': () =>
      expectSameAsMissing((id) => b.agent.get(`/api/migrations/${id}/activity`), aMigration.id),
    'GET /api/migrations/:id/activity/:activityId': async () => {
      await expectSameAsMissing(
        (id) => b.agent.get(`/api/migrations/${id}/activity/${aActivityId}`),
        aMigration.id,
      );
      // A's entry id under B's own migration
      const foreign = await b.agent
        .get(`/api/migrations/${bMigration.id}/activity/${aActivityId}`)
        .expect(404);
      const missing = await b.agent.get(`/api/migrations/${bMigration.id}/activity/987654321`).expect(404);
      expect(foreign.body).toEqual(missing.body);
    },
  };

  it('has a probe for every partner route (a new route must be added here)', () => {
    const partnerRoutes = listRoutes(t.app, t.app.get(Reflector))
      .filter((r) => r.kind === 'partner')
      .map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(probes).sort()).toEqual(partnerRoutes.sort());
  });

  it('walks every partner endpoint as partner B with partner A’s ids: only 404s, not_found skips, and A’s data unchanged', async () => {
    const before = await partnerARows();
    expect(before.device).toHaveLength(2);
    expect(before.alert).toHaveLength(1);
    expect(before.mailbox_mapping).toHaveLength(1);
    for (const [route, probe] of Object.entries(probes)) {
      try {
        await probe();
      } catch (error) {
        throw new Error(`${route}: ${(error as Error).message}`);
      }
    }
    expect(await partnerARows()).toEqual(before);
    // again as B's partner script: the same walk with B's API token instead of the session cookie
    const session = b.agent;
    b.agent = request.agent(t.server).set('authorization', `Bearer ${bToken}`);
    try {
      for (const [route, probe] of Object.entries(probes)) {
        try {
          await probe();
        } catch (error) {
          throw new Error(`${route} (API token): ${(error as Error).message}`);
        }
      }
    } finally {
      b.agent = session;
    }
    expect(await partnerARows()).toEqual(before);
    // and A still sees all of it
    const mine = await a.agent.get(`/api/migrations/${aMigration.id}/devices`).expect(200);
    expect(mine.body.total).toBe(2);
    expect((await a.agent.get(`/api/migrations/${aMigration.id}`).expect(200)).body.enrollmentKey).toBe(
      aMigration.enrollmentKey,
    );
  });
});
