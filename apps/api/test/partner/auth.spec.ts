import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, type TestApp } from '../test-app';
import { PASSWORD, signUp } from './factories';

// app start, scrypt hashes and 100k-row fixtures outlast jest's 5 s default (testTimeout is not a per-project option)
jest.setTimeout(60_000);

describe('partner auth: sign-up, sign-in, sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs up a partner, signs in and answers me', async () => {
    const agent = request.agent(t.server);
    const res = await agent
      .post('/api/auth/signup')
      .send({ partnerName: 'Northwind IT', email: ' Ops@Northwind.example ', password: PASSWORD })
      .expect(201);
    expect(res.body).toEqual({
      user: { id: expect.any(String), email: 'ops@northwind.example' },
      partner: { id: expect.any(String), name: 'Northwind IT' },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/cutover_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body).toEqual(res.body);
  });

  it('stores only a hash of the session token and a scrypt hash of the password', async () => {
    const p = await signUp(t);
    const [user] = await t.db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [p.userId]);
    expect(user.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(user.password_hash).not.toContain(PASSWORD);
    const sessions = await t.db.query(`SELECT token_hash FROM user_session WHERE user_id = $1`, [p.userId]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a short password and a malformed email with 400 and the fields', async () => {
    const res = await request(t.server)
      .post('/api/auth/signup')
      .send({ partnerName: 'X', email: 'not-an-email', password: 'short' })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'password',
    ]);
  });

  it('answers 409 when the email is taken, whatever its case', async () => {
    const p = await signUp(t);
    const res = await request(t.server)
      .post('/api/auth/signup')
      .send({ partnerName: 'Other', email: p.email.toUpperCase(), password: PASSWORD })
      .expect(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM partner WHERE name = 'Other'`);
    expect(n).toBe(0);
  });

  it('logs in with the right password; the wrong one and an unknown email get the same 401', async () => {
    const p = await signUp(t);
    const ok = await request(t.server)
      .post('/api/auth/login')
      .send({ email: p.email, password: PASSWORD })
      .expect(200);
    expect(ok.body).toEqual({
      user: { id: p.userId, email: p.email },
      partner: { id: p.partnerId, name: expect.any(String) },
    });
    expect(String(ok.headers['set-cookie'])).toMatch(/cutover_session=/);
    const wrong = await request(t.server)
      .post('/api/auth/login')
      .send({ email: p.email, password: 'wrong password!!' })
      .expect(401);
    const unknown = await request(t.server)
      .post('/api/auth/login')
      .send({ email: 'nobody@nowhere.example', password: 'wrong password!!' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('answers 401 on partner routes without a session, with a bad cookie, and after sign-out', async () => {
    await request(t.server).get('/api/auth/me').expect(401);
    await request(t.server).get('/api/auth/me').set('cookie', 'cutover_session=forged').expect(401);
    const p = await signUp(t);
    await p.agent.get('/api/auth/me').expect(200);
    const out = await p.agent.post('/api/auth/logout').set('content-type', 'application/json').expect(204);
    expect(String(out.headers['set-cookie'])).toMatch(/cutover_session=;/);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1`, [
      p.userId,
    ]);
    expect(n).toBe(0);
    const res = await p.agent.get('/api/auth/me').expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('keeps a stolen cookie useless after sign-out (the server forgets the session)', async () => {
    const login = await request(t.server)
      .post('/api/auth/login')
      .send({ email: (await signUp(t)).email, password: PASSWORD })
      .expect(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    await request(t.server).get('/api/auth/me').set('cookie', cookie).expect(200);
    await request(t.server)
      .post('/api/auth/logout')
      .set('cookie', cookie)
      .set('x-requested-with', 'fetch')
      .expect(204);
    await request(t.server).get('/api/auth/me').set('cookie', cookie).expect(401);
  });

  it('expires a session after SESSION_TTL_HOURS without activity, and slides while it is used', async () => {
    const p = await signUp(t);
    const ttlMs = t.config.sessionTtlHours * 3_600_000;
    const start = t.clock.now();
    // used every (ttl - 1 min): slides and stays valid well past the first expiry
    for (let i = 0; i < 3; i += 1) {
      t.clock.advance(ttlMs - 60_000);
      const res = await p.agent.get('/api/auth/me').expect(200);
      expect(String(res.headers['set-cookie'])).toMatch(/cutover_session=.*Max-Age=\d+/);
    }
    expect(t.clock.now().getTime() - start.getTime()).toBeGreaterThan(2 * ttlMs);
    t.clock.advance(ttlMs + 1000);
    await p.agent.get('/api/auth/me').expect(401);
    t.clock.set(start);
  });

  it('limits sign-ups per client address (10 per 15 minutes, 429 with Retry-After)', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < 10; i += 1) {
      await request(t.server)
        .post('/api/auth/signup')
        .set('x-forwarded-for', ip)
        .send({ partnerName: `Flood ${i}`, email: `flood${i}@flood.example`, password: PASSWORD })
        .expect(201);
    }
    const res = await request(t.server)
      .post('/api/auth/signup')
      .set('x-forwarded-for', ip)
      .send({ partnerName: 'Flood 10', email: 'flood10@flood.example', password: PASSWORD })
      .expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }, 120_000);

  describe('login rate limit', () => {
    it('locks an account for the address that failed 5 times in 15 minutes (429, Retry-After), even for the right password', async () => {
      const p = await signUp(t);
      for (let i = 0; i < 5; i += 1) {
        await request(t.server)
          .post('/api/auth/login')
          .set('x-forwarded-for', '192.0.2.1')
          .send({ email: p.email, password: 'wrong password!!' })
          .expect(401);
      }
      const blocked = await request(t.server)
        .post('/api/auth/login')
        .set('x-forwarded-for', '192.0.2.1')
        .send({ email: p.email, password: PASSWORD })
        .expect(429);
      expect(blocked.body.error.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      t.clock.advanceMinutes(16);
      await request(t.server)
        .post('/api/auth/login')
        .set('x-forwarded-for', '192.0.2.1')
        .send({ email: p.email, password: PASSWORD })
        .expect(200);
    });

    it('failures from one address do not lock the account out for the owner at another address', async () => {
      const p = await signUp(t);
      for (let i = 0; i < 6; i += 1) {
        await request(t.server)
          .post('/api/auth/login')
          .set('x-forwarded-for', '203.0.113.66')
          .send({ email: p.email, password: 'wrong password!!' })
          .expect(i < 5 ? 401 : 429);
      }
      await request(t.server)
        .post('/api/auth/login')
        .set('x-forwarded-for', '192.0.2.10')
        .send({ email: p.email, password: PASSWORD })
        .expect(200);
    });

    it('limits one address spraying many accounts (30 failures per 15 minutes)', async () => {
      for (let i = 0; i < 30; i += 1) {
        await request(t.server)
          .post('/api/auth/login')
          .set('x-forwarded-for', '198.51.100.7')
          .send({ email: `spray${i}@victims.example`, password: 'wrong password!!' })
          .expect(401);
      }
      const res = await request(t.server)
        .post('/api/auth/login')
        .set('x-forwarded-for', '198.51.100.7')
        .send({ email: 'spray-next@victims.example', password: 'wrong password!!' })
        .expect(429);
      expect(res.headers['retry-after']).toBeDefined();
      // another address is not affected
      await request(t.server)
        .post('/api/auth/login')
        .set('x-forwarded-for', '198.51.100.8')
        .send({ email: 'spray-next@victims.example', password: 'wrong password!!' })
        .expect(401);
    }, 120_000);

    it('a successful login resets the account counter', async () => {
      const p = await signUp(t);
      for (let i = 0; i < 4; i += 1) {
        await request(t.server)
          .post('/api/auth/login')
          .send({ email: p.email, password: 'wrong password!!' })
          .expect(401);
      }
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: p.email, password: PASSWORD })
        .expect(200);
      for (let i = 0; i < 4; i += 1) {
        await request(t.server)
          .post('/api/auth/login')
          .send({ email: p.email, password: 'wrong password!!' })
          .expect(401);
      }
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: p.email, password: PASSWORD })
        .expect(200);
    }, 60_000);
  });

  describe('CSRF and headers', () => {
    it('refuses a state-changing request that is neither JSON nor marked X-Requested-With (403)', async () => {
      const p = await signUp(t);
      const form = await p.agent
        .post('/api/migrations')
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('customerName=Evil&cutoverAt=2026-12-01T00:00:00Z&migrationType=exchange');
      // Fastify has no form parser (415); text/plain is parsed, so the guard refuses it (403)
      expect([403, 415]).toContain(form.status);
      const plain = await p.agent.post('/api/migrations').set('content-type', 'text/plain').send('{}');
      expect(plain.status).toBe(403);
      expect(plain.body.error.code).toBe('CSRF_REJECTED');
      const logout = await p.agent.post('/api/auth/logout').set('content-type', 'text/plain').send('x');
      expect(logout.status).toBe(403);
      // a page of another origin (a same-site sibling subdomain gets the SameSite=Lax cookie too)
      const sibling = await p.agent
        .post(`/api/migrations/${randomUUID()}/enrollment-key/rotate`)
        .set('origin', 'https://evil.partner.example')
        .set('content-type', 'text/plain')
        .send('');
      expect(sibling.status).toBe(403);
      // a body-less POST with neither header nor Origin (not a browser fetch of this page)
      const bare = await p.agent.post(`/api/migrations/${randomUUID()}/enrollment-key/rotate`);
      expect(bare.status).toBe(403);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM migration WHERE partner_id = $1`, [
        p.partnerId,
      ]);
      expect(n).toBe(0);
      await p.agent.get('/api/auth/me').expect(200);
    });

    it('accepts a body-less POST from the dashboard’s own origin (Origin header) or marked X-Requested-With', async () => {
      const p = await signUp(t);
      const m = await p.agent
        .post('/api/migrations')
        .send({ customerName: 'C', cutoverAt: '2026-12-01T00:00:00Z', migrationType: 'imap' })
        .expect(201);
      const rotate = () =>
        p.agent.post(`/api/migrations/${m.body.id}/enrollment-key/rotate`).set('host', 'cutover.test');
      await rotate().set('origin', 'http://cutover.test').expect(200);
      await rotate().set('origin', 'http://cutover.test.evil.example').expect(403);
      await rotate().set('origin', 'null').expect(403);
      await rotate().set('x-requested-with', 'XMLHttpRequest').expect(200);
      await p.agent
        .post('/api/auth/logout')
        .set('host', 'cutover.test')
        .set('origin', 'https://cutover.test')
        .expect(204);
    });

    it('sets security headers on every response, errors included', async () => {
      for (const res of [
        await request(t.server).get('/api/health'),
        await request(t.server).get('/api/auth/me'),
      ]) {
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
    });
  });
});
