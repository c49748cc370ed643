import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';
import { createAgentTestApp, MIN, TestAgent } from '../agent/agent-client';
import { createMigration, type Partner, signUp } from '../partner/factories';
import type { TestApp } from '../test-app';

jest.setTimeout(120_000);

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver: records every request and answers with the next status of `replies` (then 200). */
async function receiver(): Promise<{
  url: string;
  received: Received[];
  replies: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const replies: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = replies.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    replies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const C = new Date('2026-11-27T22:00:00.000Z');
const at = (offsetMs: number) => new Date(C.getTime() + offsetMs);

describe('D18 webhooks: subscriptions, the outbox, signed at-least-once delivery', () => {
  let t: TestApp;
  let a: Partner;
  let b: Partner;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const dispatch = () => t.app.get(WebhookDispatcher).runOnce({ summaries: false });

  beforeAll(async () => {
    // the dispatcher is driven by hand here (WEBHOOK_DISPATCH_MS=0); loopback http allowed for the receiver
    t = await createAgentTestApp({ env: { WEBHOOKS_ALLOW_HTTP: 'on', WEBHOOK_DISPATCH_MS: '0' } });
    t.clock.set(at(-2 * 60 * MIN));
    a = await signUp(t, { partnerName: 'Alpha IT' });
    b = await signUp(t, { partnerName: 'Bravo IT' });
    rx = await receiver();
  });
  afterAll(async () => {
    await rx.close();
    await t.close();
  });
  beforeEach(() => {
    rx.received.length = 0;
    rx.replies.length = 0;
  });

  async function subscribe(partner: Partner, events: string[], url = rx.url) {
    const res = await partner.agent.post('/api/webhooks').send({ url, events }).expect(201);
    return res.body as { id: string; url: string; events: string[]; secret: string; createdAt: string };
  }

  it('ping: signed with the Standard Webhooks scheme (verified by the standardwebhooks package), listed as succeeded', async () => {
    const hook = await subscribe(a, ['alert.raised']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await a.agent.get('/api/webhooks').expect(200)).body.items).toEqual([
      { id: hook.id, url: hook.url, events: ['alert.raised'], createdAt: hook.createdAt },
    ]);
    await a.agent.post(`/api/webhooks/${hook.id}/test`).send({}).expect(202);
    const pending = (await a.agent.get(`/api/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    expect(pending).toEqual([expect.objectContaining({ event: 'ping', attempt: 1, status: 'pending' })]);

    expect(await dispatch()).toMatchObject({ sent: 1, succeeded: 1 });
    expect(rx.received).toHaveLength(1);
    const [got] = rx.received;
    // webhook-timestamp is the time of sending on the wall clock (receivers compare it with theirs)
    expect(Math.abs(Number(got.headers['webhook-timestamp']) * 1000 - Date.now())).toBeLessThan(60_000);
    const verified = new Webhook(hook.secret).verify(got.body, got.headers as Record<string, string>);
    expect(verified).toMatchObject({ type: 'ping', data: { webhookId: hook.id } });
    expect(JSON.parse(got.body)).toEqual({
      type: 'ping',
      timestamp: t.clock.now().toISOString(),
      data: { webhookId: hook.id, events: ['alert.raised'] },
      text: expect.stringContaining('test notification'),
    });
    // a wrong secret does not verify
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        got.body,
        got.headers as Record<string, string>,
      ),
    ).toThrow();
    const items = (await a.agent.get(`/api/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    expect(items).toEqual([
      {
        id: got.headers['webhook-id'],
        event: 'ping',
        attempt: 1,
        status: 'succeeded',
        responseStatus: 200,
        error: null,
        at: t.clock.now().toISOString(),
        nextAttemptAt: null,
      },
    ]);
    await a.agent.delete(`/api/webhooks/${hook.id}`).set('x-requested-with', 'fetch').expect(204);
  });

  it('a receiver answering 500 then 200 gets the same webhook-id twice and the delivery ends succeeded; every attempt is listed', async () => {
    const hook = await subscribe(a, ['alert.raised']);
    const metric = async (outcome: string) => {
      const text = (await request(t.server).get('/metrics').expect(200)).text;
      const line = new RegExp(
        `^cutover_webhook_deliveries_total\\{outcome="${outcome}"\\} (\\d+)$`,
        'm',
      ).exec(text);
      return Number(line?.[1] ?? 0);
    };
    const before = { succeeded: await metric('succeeded'), retrying: await metric('retrying') };
    rx.replies.push(500);
    await a.agent.post(`/api/webhooks/${hook.id}/test`).send({}).expect(202);
    expect(await dispatch()).toMatchObject({ sent: 1, retrying: 1 });
    let items = (await a.agent.get(`/api/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    expect(items).toEqual([expect.objectContaining({ attempt: 1, status: 'failed', responseStatus: 500 })]);
    const retryAt = new Date(items[0].nextAttemptAt).getTime() - t.clock.now().getTime();
    expect(retryAt).toBeGreaterThanOrEqual(5_000); // D18: first retry after 5–10 s
    expect(retryAt).toBeLessThan(10_000);
    expect(await dispatch()).toMatchObject({ sent: 0 }); // not due yet
    t.clock.advance(10_000);
    expect(await dispatch()).toMatchObject({ sent: 1, succeeded: 1 });
    expect(rx.received.map((r) => r.headers['webhook-id'])).toEqual([
      rx.received[0].headers['webhook-id'],
      rx.received[0].headers['webhook-id'],
    ]);
    expect(rx.received[1].body).toBe(rx.received[0].body);
    items = (await a.agent.get(`/api/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    expect(items.map((i: { attempt: number; status: string }) => [i.attempt, i.status])).toEqual([
      [2, 'succeeded'],
      [1, 'failed'],
    ]);
    expect(items[1].nextAttemptAt).toBeNull();
    // /metrics counts each attempt by outcome
    expect(await metric('retrying')).toBe(before.retrying + 1);
    expect(await metric('succeeded')).toBe(before.succeeded + 1);
    await a.agent.delete(`/api/webhooks/${hook.id}`).set('x-requested-with', 'fetch').expect(204);
  });

  it('refuses non-https, private, link-local and metadata targets (SSRF), and bad bodies, with the contract body', async () => {
    const refused = [
      'http://example.com/hook',
      'https://10.0.0.5/hook',
      'https://192.168.1.10/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00:ec2::254]/',
      'https://[::ffff:10.1.2.3]/',
      'https://user:pw@example.com/',
      'ftp://example.com/',
      'not a url',
    ];
    for (const url of refused) {
      const res = await a.agent.post('/api/webhooks').send({ url, events: ['alert.raised'] });
      expect([url, res.status]).toEqual([url, 400]);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details[0].field).toBe('url');
    }
    for (const body of [
      { url: rx.url, events: [] },
      { url: rx.url, events: ['device.exploded'] },
      { url: rx.url, events: null },
      { url: rx.url },
      { events: ['alert.raised'] },
    ]) {
      const res = await a.agent.post('/api/webhooks').send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await a.agent.get('/api/webhooks').expect(200)).body.items).toEqual([]);
  });

  it('tenancy: partner B (session or token) gets 404 for A’s webhook everywhere and never sees it', async () => {
    const hook = await subscribe(a, ['alert.raised']);
    const token = (await b.agent.post('/api/tokens').send({ name: 'b script' }).expect(201)).body.token;
    const viaToken = (method: 'get' | 'post' | 'delete', path: string) =>
      request(t.server)[method](path).set('authorization', `Bearer ${token}`);
    for (const call of [
      () => b.agent.get(`/api/webhooks/${hook.id}/deliveries`),
      () => b.agent.post(`/api/webhooks/${hook.id}/test`).send({}),
      () => b.agent.delete(`/api/webhooks/${hook.id}`).set('x-requested-with', 'fetch'),
      () => viaToken('get', `/api/webhooks/${hook.id}/deliveries`),
      () => viaToken('post', `/api/webhooks/${hook.id}/test`).send({}),
      () => viaToken('delete', `/api/webhooks/${hook.id}`),
    ]) {
      const res = await call();
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('WEBHOOK_NOT_FOUND');
    }
    expect((await b.agent.get('/api/webhooks').expect(200)).body.items).toEqual([]);
    expect((await viaToken('get', '/api/webhooks').expect(200)).body.items).toEqual([]);
    expect((await a.agent.get('/api/webhooks').expect(200)).body.items).toHaveLength(1);
    await a.agent.delete(`/api/webhooks/${hook.id}`).set('x-requested-with', 'fetch').expect(204);
  });

  it('device events: a failed switch and a raised alert notify the subscribed partner only, with the device named', async () => {
    const mine = await subscribe(a, ['device.switch_failed', 'alert.raised']);
    const onlyManual = await subscribe(a, ['device.manual_retry_required']);
    const theirs = await subscribe(b, ['device.switch_failed', 'alert.raised']);
    t.clock.set(at(-60 * MIN));
    const migration = await createMigration(a, {
      customerName: 'Contoso Dental',
      cutoverAt: C.toISOString(),
    });
    const agent = await TestAgent.enroll(t, migration.enrollmentKey, {
      hostname: 'CONTOSO-PC-7',
      outlookVersion: '16.0.4229.1002', // Outlook 2016 RTM: OUTLOOK_OUTDATED (D3)
    });
    await agent.succeed((await agent.next('CREATE_PROFILE')).id);
    t.clock.set(at(11 * MIN));
    await agent.fail((await agent.next('SWITCH_PROFILE')).id, 'DISK_FULL');
    expect(await dispatch()).toMatchObject({ failed: 0, retrying: 0 });
    const bodies = rx.received.map((r) => JSON.parse(r.body));
    // one notification per alert the timeline says was raised (OUTLOOK_OUTDATED among them), one for the switch
    const raised: { code: string }[] = (
      await t.db.query(
        `SELECT detail->>'code' AS code FROM device_event WHERE device_id = $1 AND type = 'alert_raised'`,
        [agent.deviceId],
      )
    ).map((r: { code: string }) => r);
    expect(raised.map((r) => r.code)).toContain('OUTLOOK_OUTDATED');
    expect(
      bodies
        .filter((body) => body.type === 'alert.raised')
        .map((body) => body.data.code)
        .sort(),
    ).toEqual(raised.map((r) => r.code).sort());
    expect(bodies.filter((body) => body.type === 'device.switch_failed')).toHaveLength(1);
    const failed = bodies.find((body) => body.type === 'device.switch_failed');
    expect(failed.data).toMatchObject({
      deviceId: agent.deviceId,
      hostname: 'CONTOSO-PC-7',
      migrationId: migration.id,
      customerName: 'Contoso Dental',
      errorCode: 'DISK_FULL',
      troubleshootingUrl: expect.stringContaining('DISK_FULL'),
    });
    expect(failed.text).toMatch(/^CONTOSO-PC-7 \(Contoso Dental\): SWITCH_PROFILE failed: DISK_FULL/);
    const webhookIds = new Set(rx.received.map((r) => r.headers['webhook-id']));
    expect(webhookIds.size).toBe(raised.length + 1);
    // B's subscription and A's other one got nothing
    for (const hook of [onlyManual]) {
      expect((await a.agent.get(`/api/webhooks/${hook.id}/deliveries`).expect(200)).body.items).toEqual([]);
    }
    expect((await b.agent.get(`/api/webhooks/${theirs.id}/deliveries`).expect(200)).body.items).toEqual([]);
    for (const hook of [mine, onlyManual])
      await a.agent.delete(`/api/webhooks/${hook.id}`).set('x-requested-with', 'fetch').expect(204);
    await b.agent.delete(`/api/webhooks/${theirs.id}`).set('x-requested-with', 'fetch').expect(204);
  });

  // last: it moves the clock past every session's expiry
  it('gives up after 24 h of retries: the delivery ends failed, with every attempt listed', async () => {
    const hook = await subscribe(a, ['alert.raised']);
    // the partner's script reads the outcome a day later (a session would have expired by then)
    const { token } = (await a.agent.post('/api/tokens').send({ name: 'monitor' }).expect(201)).body;
    const asScript = (method: 'get' | 'delete', path: string) =>
      request(t.server)[method](path).set('authorization', `Bearer ${token}`);
    await a.agent.post(`/api/webhooks/${hook.id}/test`).send({}).expect(202);
    const start = t.clock.now().getTime();
    let attempts = 0;
    for (; attempts < 100; attempts += 1) {
      rx.replies.push(503);
      const report = await dispatch();
      if (report.failed === 1) break;
      expect(report).toMatchObject({ sent: 1, retrying: 1 });
      t.clock.advance(60 * MIN);
    }
    expect(t.clock.now().getTime() - start).toBeLessThanOrEqual(25 * 60 * MIN);
    const items = (await asScript('get', `/api/webhooks/${hook.id}/deliveries`).expect(200)).body.items;
    expect(items[0]).toMatchObject({ status: 'failed', nextAttemptAt: null, attempt: attempts + 1 });
    expect(items).toHaveLength(attempts + 1);
    expect(items.every((i: { status: string }) => i.status === 'failed')).toBe(true);
    expect(await dispatch()).toMatchObject({ sent: 0 });
    await asScript('delete', `/api/webhooks/${hook.id}`).expect(204);
  });
});
