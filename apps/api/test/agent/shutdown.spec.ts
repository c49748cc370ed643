import request from 'supertest';
import { makeMigration } from '../factories';
import { createAgentTestApp, TestAgent } from './agent-client';

jest.setTimeout(60_000);

describe('shutdown', () => {
  it('shutting the service down releases held long polls at once (200, no commands)', async () => {
    const t = await createAgentTestApp();
    try {
      const migration = await makeMigration(t.db);
      const agent = await TestAgent.enroll(t, migration.enrollmentKey);
      const started = performance.now();
      const held = request(t.server)
        .post('/api/agent/v1/poll?waitSeconds=30')
        .set('authorization', `Bearer ${agent.token}`)
        .send({ component: 'client', session: { locked: true, userSignedIn: true } })
        .then((res) => ({ res, ms: performance.now() - started }));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const closing = performance.now();
      await t.close();
      const { res, ms } = await held;
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ pollIntervalSeconds: 120, commands: [] });
      expect(ms).toBeLessThan(10_000);
      expect(performance.now() - closing).toBeLessThan(5000);
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
