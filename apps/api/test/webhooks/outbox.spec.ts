import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { TestClock } from '../../src/common/clock';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';
import { WebhookOutbox } from '../../src/webhooks/webhook-outbox';
import { WebhooksRepository } from '../../src/webhooks/webhooks.repository';
import { createAgentTestApp, HOUR, MIN } from '../agent/agent-client';
import { createMigration, type Partner, signUp } from '../partner/factories';
import { createTestApp, type TestApp } from '../test-app';

jest.setTimeout(120_000);

const onPostgres = process.env.DATABASE_URL ? it : it.skip;
const C = new Date('2026-11-27T22:00:00.000Z');
const ENV = {
  WEBHOOKS_ALLOW_HTTP: 'on',
  WEBHOOK_DISPATCH_MS: '0',
  LIFECYCLE_SWEEP_SECONDS: '0',
  DEMO: 'off',
};

/** D18: the outbox is written with the change, survives the process, and the summary goes once at C + 12 h. */
describe('D18 webhook outbox', () => {
  let t: TestApp;
  let a: Partner;
  let hookId: string;
  const received: { id: string; body: Record<string, unknown> }[] = [];
  let server: http.Server;

  beforeAll(async () => {
    t = await createAgentTestApp({ clock: new TestClock(new Date(C.getTime() - 2 * HOUR)), env: ENV });
    a = await signUp(t);
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), body: JSON.parse(body) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    hookId = (
      await a.agent
        .post('/api/webhooks')
        .send({ url, events: ['migration.summary', 'alert.raised'] })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  const pending = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE status = 'pending'`))[0]
      .n as number;

  it('nothing is queued by a change that rolls back; everything by one that commits', async () => {
    const outbox = t.app.get(WebhookOutbox);
    const body = { type: 'alert.raised' as const, timestamp: C.toISOString(), data: {}, text: 'x' };
    const before = await pending();
    await expect(
      t.db.transaction(async (manager) => {
        expect(await outbox.emit(manager, { partnerId: a.partnerId }, body, t.clock.now())).toBe(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await pending()).toBe(before);
    await t.db.transaction((manager) =>
      outbox.emit(manager, { partnerId: a.partnerId }, body, t.clock.now()),
    );
    expect(await pending()).toBe(before + 1);
    await t.app.get(WebhookDispatcher).runOnce({ summaries: false });
    expect(received.map((r) => r.body.type)).toEqual(['alert.raised']);
    expect(await pending()).toBe(0);
  });

  onPostgres(
    'a process that dies between the change and the delivery (or mid-send) loses nothing: another one delivers it',
    async () => {
      // process 1 commits the change (and its outbox row), claims it for sending, and dies before sending
      const first = await createTestApp({ databaseUrl: t.config.databaseUrl, clock: t.clock, env: ENV });
      await a.agent.post(`/api/webhooks/${hookId}/test`).send({}).expect(202);
      const claimed = await first.app.get(WebhooksRepository).claimDue({
        now: t.clock.now(),
        claimedUntil: new Date(t.clock.now().getTime() + 30_000),
        limit: 10,
        perWebhook: 4,
        busy: new Map(),
      });
      expect(claimed).toHaveLength(1);
      await first.close();
      // process 2: the claim holds until its lease runs out, then it sends, once
      const dispatcher = t.app.get(WebhookDispatcher);
      expect(await dispatcher.runOnce({ summaries: false })).toMatchObject({ sent: 0 });
      t.clock.advance(30_000);
      expect(await dispatcher.runOnce({ summaries: false })).toMatchObject({ sent: 1, succeeded: 1 });
      expect(received.map((r) => [r.id, r.body.type])).toEqual([[claimed[0].id, 'ping']]);
      expect(await dispatcher.runOnce({ summaries: false })).toMatchObject({ sent: 0 });
    },
  );

  it('migration.summary: once at C + 12 h, with the D12 summary; again only if the cutover moves', async () => {
    t.clock.set(new Date(C.getTime() - HOUR));
    // the partner's script moves the cutover later (a dashboard session would have expired by then)
    const { token } = (await a.agent.post('/api/tokens').send({ name: 'planner' }).expect(201)).body;
    const migration = await createMigration(a, {
      customerName: 'Contoso Dental',
      cutoverAt: C.toISOString(),
    });
    const dispatcher = t.app.get(WebhookDispatcher);
    t.clock.set(new Date(C.getTime() + 12 * HOUR - 1));
    expect(await dispatcher.queueDueSummaries()).toBe(0);
    t.clock.set(new Date(C.getTime() + 12 * HOUR));
    expect(await dispatcher.queueDueSummaries()).toBe(1);
    expect(await dispatcher.queueDueSummaries()).toBe(0);
    await dispatcher.runOnce({ summaries: false });
    expect(received).toHaveLength(1);
    expect(received[0].body).toMatchObject({
      type: 'migration.summary',
      data: {
        migrationId: migration.id,
        customerName: 'Contoso Dental',
        summary: { devices: 0, completed: 0, neverSeen: 0 },
      },
      text: expect.stringMatching(/^Contoso Dental, 12 h after cutover: 0 of 0 PCs switched/),
    });
    // the cutover moves a day later: a new summary at the new C + 12 h
    const later = new Date(C.getTime() + 24 * HOUR);
    await request(t.server)
      .patch(`/api/migrations/${migration.id}`)
      .set('authorization', `Bearer ${token}`)
      .send({ cutoverAt: later.toISOString() })
      .expect(200);
    t.clock.set(new Date(later.getTime() + 12 * HOUR - MIN));
    expect(await dispatcher.queueDueSummaries()).toBe(0);
    t.clock.set(new Date(later.getTime() + 12 * HOUR));
    expect(await dispatcher.queueDueSummaries()).toBe(1);
  });
});
