import request from 'supertest';
import { createTestApp } from '../test-app';
import { PASSWORD } from './factories';

// app start, scrypt hashes and 100k-row fixtures outlast jest's 5 s default (testTimeout is not a per-project option)
jest.setTimeout(60_000);

// Each app here is created and closed in turn: on PGlite one process holds one embedded database at a time.
describe('partner auth: deployment settings', () => {
  it('turns sign-up off by configuration (403 SIGNUP_DISABLED) while login keeps answering', async () => {
    const t = await createTestApp({ env: { SIGNUP_ENABLED: 'off' } });
    try {
      const res = await request(t.server)
        .post('/api/auth/signup')
        .send({ partnerName: 'X', email: 'x@example.com', password: PASSWORD })
        .expect(403);
      expect(res.body.error.code).toBe('SIGNUP_DISABLED');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM partner`);
      expect(n).toBe(0);
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: 'x@example.com', password: PASSWORD })
        .expect(401);
    } finally {
      await t.close();
    }
  });

  it('marks the cookie Secure and sends HSTS when configured for HTTPS', async () => {
    const t = await createTestApp({ env: { PUBLIC_URL: 'https://cutover.example.com' } });
    try {
      const res = await request(t.server)
        .post('/api/auth/signup')
        .send({ partnerName: 'S', email: 's@example.com', password: PASSWORD })
        .expect(201);
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await t.close();
    }
  });

  it('uses SESSION_TTL_HOURS for the session lifetime', async () => {
    const t = await createTestApp({ env: { SESSION_TTL_HOURS: '1' } });
    try {
      const agent = request.agent(t.server);
      const res = await agent
        .post('/api/auth/signup')
        .send({ partnerName: 'T', email: 't@example.com', password: PASSWORD })
        .expect(201);
      expect(String(res.headers['set-cookie'])).toMatch(/Max-Age=3600/);
      t.clock.advanceMinutes(59);
      await agent.get('/api/auth/me').expect(200);
      t.clock.advanceMinutes(61);
      await agent.get('/api/auth/me').expect(401);
    } finally {
      await t.close();
    }
  });
});
