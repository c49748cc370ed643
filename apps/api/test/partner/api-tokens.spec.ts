import request from 'supertest';
import { TOKEN_TOUCH_INTERVAL_MS } from '../../src/auth/api-tokens.service';
import { createTestApp, type TestApp } from '../test-app';
import { createMigration, makeDevices, type Partner, signUp } from './factories';

jest.setTimeout(120_000);

describe('API tokens (issue #16): Authorization: Bearer on partner routes', () => {
  let t: TestApp;
  let a: Partner;
  let b: Partner;

  beforeAll(async () => {
    t = await createTestApp();
    a = await signUp(t, { partnerName: 'Alpha IT' });
    b = await signUp(t, { partnerName: 'Bravo IT' });
  });
  afterAll(async () => {
    await t.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('is shown once, stored as a hash, listed without it, and works on a partner route with no cookie or CSRF header', async () => {
    const created = await a.agent
      .post('/api/tokens')
      .send({ name: '  PSA sync ', expiresInDays: 30 })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'PSA sync',
      token: expect.stringMatching(/^cut_[A-Za-z0-9_-]{43}$/),
      createdAt: t.clock.now().toISOString(),
      expiresAt: new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    });
    const [row] = await t.db.query(`SELECT token_hash FROM api_token WHERE id = $1`, [created.body.id]);
    expect(row.token_hash).not.toContain(created.body.token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const list = await a.agent.get('/api/tokens').expect(200);
    expect(list.body.items).toEqual([
      {
        id: created.body.id,
        name: 'PSA sync',
        createdAt: created.body.createdAt,
        expiresAt: created.body.expiresAt,
        lastUsedAt: null,
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const migration = await createMigration(a, { customerName: 'By script' });
    // a plain client: no cookie jar, a form content type (a session would need the CSRF header for it)
    const patched = await request(t.server)
      .patch(`/api/migrations/${migration.id}`)
      .set(bearer(created.body.token))
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ customerName: 'x' }));
    expect(patched.status).not.toBe(403); // not a CSRF refusal: a bearer request has no cookie to abuse
    expect(patched.body.error.code).toBe('VALIDATION_FAILED'); // (the body must still be JSON)
    await request(t.server)
      .patch(`/api/migrations/${migration.id}`)
      .set(bearer(created.body.token))
      .send({ customerName: 'Renamed by script' })
      .expect(200);

    // the audit log names the token (and its creator)
    const activity = await a.agent.get(`/api/migrations/${migration.id}/activity`).expect(200);
    expect(activity.body.items[0].actor).toEqual({
      userId: a.userId,
      email: a.email,
      token: { id: created.body.id, name: 'PSA sync' },
    });
    expect(activity.body.items[1].actor.token).toBeNull();
  });

  it('updates lastUsedAt at most once a minute, not on every request', async () => {
    const { body } = await a.agent.post('/api/tokens').send({ name: 'monitor' }).expect(201);
    expect(body.expiresAt).toBeNull();
    const lastUsed = async () =>
      (await t.db.query(`SELECT last_used_at FROM api_token WHERE id = $1`, [body.id]))[0]
        .last_used_at as Date;
    const first = t.clock.now();
    await request(t.server).get('/api/migrations').set(bearer(body.token)).expect(200);
    expect(await lastUsed()).toEqual(first);
    t.clock.advance(TOKEN_TOUCH_INTERVAL_MS - 1);
    await request(t.server).get('/api/migrations').set(bearer(body.token)).expect(200);
    expect(await lastUsed()).toEqual(first);
    t.clock.advance(1);
    await request(t.server).get('/api/migrations').set(bearer(body.token)).expect(200);
    expect(await lastUsed()).toEqual(t.clock.now());
  });

  it("tenancy: partner B's token sees B's data only, A's ids are 404s; B cannot revoke A's token", async () => {
    const aMigration = await createMigration(a, { customerName: 'Alpha only' });
    const [aDevice] = await makeDevices(t.db, { id: aMigration.id, partnerId: a.partnerId }, [
      { hostname: 'ALPHA-1', status: 'profile_failed', errorCode: 'DISK_FULL' },
    ]);
    const aToken = (await a.agent.post('/api/tokens').send({ name: 'alpha' }).expect(201)).body;
    const bToken = (await b.agent.post('/api/tokens').send({ name: 'bravo' }).expect(201)).body.token;
    const asB = (path: string) => request(t.server).get(path).set(bearer(bToken));
    await asB(`/api/migrations/${aMigration.id}`).expect(404);
    await asB(`/api/devices/${aDevice}`).expect(404);
    await asB(`/api/migrations/${aMigration.id}/devices`).expect(404);
    expect((await asB('/api/migrations').expect(200)).body.items).toEqual([]);
    expect((await asB('/api/tokens').expect(200)).body.items.map((i: { name: string }) => i.name)).toEqual([
      'bravo',
    ]);
    await request(t.server).delete(`/api/tokens/${aToken.id}`).set(bearer(bToken)).expect(404);
    await request(t.server).get('/api/migrations').set(bearer(aToken.token)).expect(200);
  });

  it('refuses bad input with the contract body', async () => {
    for (const body of [
      {},
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'ok', expiresInDays: 0 },
      { name: 'ok', expiresInDays: 1.5 },
      { name: 'ok', expiresInDays: null },
      { name: null },
    ]) {
      const res = await a.agent.post('/api/tokens').send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    await a.agent.delete('/api/tokens/not-a-uuid').set('x-requested-with', 'XMLHttpRequest').expect(404);
    await request(t.server).get('/api/tokens').expect(401);
  });
  // last: it moves the clock past every session's expiry
  it('a revoked token is a 401 on its very next request; an expired one too; a wrong one too', async () => {
    const { body } = await a.agent
      .post('/api/tokens')
      .send({ name: 'to revoke', expiresInDays: 1 })
      .expect(201);
    await request(t.server).get('/api/migrations').set(bearer(body.token)).expect(200);
    await a.agent.delete(`/api/tokens/${body.id}`).set('x-requested-with', 'XMLHttpRequest').expect(204);
    const revoked = await request(t.server).get('/api/migrations').set(bearer(body.token)).expect(401);
    expect(revoked.body.error.code).toBe('UNAUTHENTICATED');
    expect(revoked.body.error.message).toMatch(/Settings → API tokens/);
    expect(
      (await a.agent.get('/api/tokens').expect(200)).body.items.map((i: { id: string }) => i.id),
    ).not.toContain(body.id);
    await a.agent.delete(`/api/tokens/${body.id}`).set('x-requested-with', 'XMLHttpRequest').expect(404);

    const expiring = await a.agent
      .post('/api/tokens')
      .send({ name: 'expiring', expiresInDays: 1 })
      .expect(201);
    t.clock.advance(86_400_000 - 1);
    await request(t.server).get('/api/migrations').set(bearer(expiring.body.token)).expect(200);
    t.clock.advance(1);
    await request(t.server).get('/api/migrations').set(bearer(expiring.body.token)).expect(401);

    for (const header of ['Bearer cut_nope', 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(5000)}`]) {
      const res = await request(t.server).get('/api/migrations').set('authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    // a bad bearer is not rescued by a valid cookie: the request says who it is, and it is wrong
    await a.agent.get('/api/migrations').set('authorization', 'Bearer cut_nope').expect(401);
  });
});
