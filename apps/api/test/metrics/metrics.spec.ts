import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/config';
import { MetricsService } from '../../src/metrics/metrics.service';
import { createAgentTestApp, TestAgent } from '../agent/agent-client';
import { makeMigration, type MigrationSeed } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { type MetricFamily, parsePrometheusText, sumOf, valueOf } from './prometheus-text';

jest.setTimeout(60_000);

const POLL = '/api/agent/v1/poll';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(t: TestApp): Promise<Map<string, MetricFamily>> {
  const res = await request(t.server).get('/metrics').expect(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(res.text);
}

/** What each series moved by between two scrapes. */
function moved(
  before: Map<string, MetricFamily>,
  after: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  return sumOf(after, name, labels) - sumOf(before, name, labels);
}

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  let migration: MigrationSeed;

  beforeAll(async () => {
    t = await createAgentTestApp();
  });
  beforeEach(async () => {
    t.clock.set('2026-11-25T12:00:00.000Z');
    // cutover three days ahead: only profile creation is due
    migration = await makeMigration(t.db, { cutoverAt: new Date('2026-11-28T22:00:00.000Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is the text format, strictly, with process metrics and every cutover_ family named by the conventions', async () => {
    const families = await scrape(t);
    expect([...families.keys()]).toEqual(
      expect.arrayContaining([
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
        'cutover_http_request_duration_seconds',
        'cutover_agent_polls_total',
        'cutover_commands_delivered_total',
        'cutover_command_results_total',
        'cutover_agent_long_polls_held',
        'cutover_webhook_deliveries_total',
        'cutover_webhook_outbox_backlog',
      ]),
    );
    for (const family of families.values()) {
      if (!family.name.startsWith('cutover_')) continue;
      expect({ name: family.name, help: Boolean(family.help) }).toEqual({ name: family.name, help: true });
      if (family.type === 'counter') expect(family.name).toMatch(/_total$/);
      if (family.type === 'histogram') expect(family.name).toMatch(/_seconds$/);
    }
    // every series exists from the start, at 0
    expect(valueOf(families, 'cutover_agent_polls_total', { component: 'service', outcome: 'held' })).toBe(0);
    expect(
      families
        .get('cutover_agent_polls_total')!
        .samples.map((s) => `${s.labels.component}/${s.labels.outcome}`),
    ).toHaveLength(8);
  });

  it('counts exactly the polls made, by component and outcome, and the commands delivered by type', async () => {
    const before = await scrape(t);
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.next('CREATE_PROFILE'); // delivered
    for (let i = 0; i < 5; i++) expect((await agent.poll()).commands).toEqual([]); // nothing due
    await agent.poll({ locked: true }); // D9: a locked session gets nothing
    await agent.servicePoll(); // the service part never gets commands
    await agent.servicePoll();
    const after = await scrape(t);

    expect(moved(before, after, 'cutover_agent_polls_total')).toBe(9);
    const polls = (component: string, outcome: string) =>
      moved(before, after, 'cutover_agent_polls_total', { component, outcome });
    expect({
      delivered: polls('client', 'delivered'),
      nothing: polls('client', 'nothing'),
      held: polls('client', 'held'),
      ineligible: polls('client', 'ineligible'),
      service: polls('service', 'ineligible'),
    }).toEqual({ delivered: 1, nothing: 5, held: 0, ineligible: 1, service: 2 });
    expect(moved(before, after, 'cutover_commands_delivered_total', { type: 'CREATE_PROFILE' })).toBe(1);
    expect(moved(before, after, 'cutover_commands_delivered_total', { type: 'SWITCH_PROFILE' })).toBe(0);
    // the poll's HTTP duration, by its route
    const route = { method: 'POST', route: POLL, status_code: '200' };
    expect(moved(before, after, 'cutover_http_request_duration_seconds_count', route)).toBe(9);
  });

  it('counts a long poll that waited for nothing as held, and shows it in the gauge while held', async () => {
    const agent = await TestAgent.enroll(t, migration.enrollmentKey);
    await agent.next('CREATE_PROFILE');
    const before = await scrape(t);
    const held = agent.poll({ waitSeconds: 2 });
    let gauge = 0;
    for (let i = 0; i < 40 && gauge === 0; i++) {
      gauge = valueOf(await scrape(t), 'cutover_agent_long_polls_held');
      if (gauge === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(gauge).toBe(1);
    expect((await held).commands).toEqual([]);
    const after = await scrape(t);
    expect(moved(before, after, 'cutover_agent_polls_total', { component: 'client', outcome: 'held' })).toBe(
      1,
    );
    expect(moved(before, after, 'cutover_agent_polls_total')).toBe(1);
    expect(valueOf(after, 'cutover_agent_long_polls_held')).toBe(0);
  });

  it('counts a newly recorded result by type, status and error code (unknown codes as UNKNOWN_ERROR), once', async () => {
    const first = await TestAgent.enroll(t, migration.enrollmentKey);
    const second = await TestAgent.enroll(t, migration.enrollmentKey);
    const succeeded = await first.next('CREATE_PROFILE');
    const failed = await second.next('CREATE_PROFILE');
    const before = await scrape(t);
    await first.succeed(succeeded.id);
    await first.succeed(succeeded.id); // the same result again records nothing
    await second.fail(failed.id, 'SOMETHING_NEW');
    const after = await scrape(t);
    const results = (status: string, code: string) =>
      moved(before, after, 'cutover_command_results_total', {
        type: 'CREATE_PROFILE',
        status,
        error_code: code,
      });
    expect(results('succeeded', '')).toBe(1);
    expect(results('failed', 'UNKNOWN_ERROR')).toBe(1);
    expect(moved(before, after, 'cutover_command_results_total')).toBe(2);
  });

  it('labels HTTP durations by route template and status, never by URL, and does not count itself', async () => {
    const id = randomUUID();
    const before = await scrape(t);
    await request(t.server).get(`/api/devices/${id}`).expect(401);
    await request(t.server).get('/api/health').expect(200);
    const after = await scrape(t);
    expect(
      moved(before, after, 'cutover_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/devices/:id',
        status_code: '401',
      }),
    ).toBe(1);
    expect(
      moved(before, after, 'cutover_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/health',
        status_code: '200',
      }),
    ).toBe(1);
    const routes = after.get('cutover_http_request_duration_seconds')!.samples.map((s) => s.labels.route);
    expect(routes.some((route) => route.includes(id))).toBe(false);
    expect(routes).not.toContain('/metrics');
  });

  it('has the two hooks the webhooks module calls: deliveries by outcome and the outbox backlog', async () => {
    const metrics = t.app.get(MetricsService);
    const before = await scrape(t);
    metrics.webhookDelivery('succeeded');
    metrics.webhookDelivery('retrying');
    metrics.webhookDelivery('retrying');
    metrics.setOutboxBacklogProvider(async () => 42);
    const after = await scrape(t);
    expect(moved(before, after, 'cutover_webhook_deliveries_total', { outcome: 'succeeded' })).toBe(1);
    expect(moved(before, after, 'cutover_webhook_deliveries_total', { outcome: 'retrying' })).toBe(2);
    expect(moved(before, after, 'cutover_webhook_deliveries_total', { outcome: 'failed' })).toBe(0);
    expect(valueOf(after, 'cutover_webhook_outbox_backlog')).toBe(42);
    // an outbox that cannot be read makes the gauge NaN, not the scrape fail
    metrics.setOutboxBacklogProvider(() => {
      throw new Error('database down');
    });
    expect(valueOf(await scrape(t), 'cutover_webhook_outbox_backlog')).toBeNaN();
    metrics.setOutboxBacklogProvider(() => 0);
  });

  it('is open without METRICS_TOKEN, public in the route walk and documented in the OpenAPI document', async () => {
    const res = await request(t.server).get('/metrics').set('authorization', 'Bearer anything').expect(200);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    const doc = await request(t.server).get('/api/docs-json').expect(200);
    expect(doc.body.paths['/metrics'].get).toMatchObject({
      operationId: 'Metrics_get',
      security: [],
      responses: { '200': expect.any(Object), '401': expect.any(Object) },
    });
    // unstorable query text is refused here as on every other route
    const bad = await request(t.server).get('/metrics?%00=1').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong bearer token', `Bearer ${METRICS_TOKEN.slice(0, -1)}x`],
    ['a longer bearer token', `Bearer ${METRICS_TOKEN}x`],
    ['the token without "Bearer"', METRICS_TOKEN],
    ['the token as Basic', `Basic ${METRICS_TOKEN}`],
  ])('answers 401 with the contract error body to %s', async (_case, header) => {
    const req = request(t.server).get('/metrics');
    const res = await (header === null ? req : req.set('authorization', header)).expect(401);
    expect(res.body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: expect.any(String), details: null },
    });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(res.text).not.toContain('cutover_');
  });

  it('answers 200 with the metrics to its bearer token', async () => {
    const res = await request(t.server)
      .get('/metrics')
      .set('authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(parsePrometheusText(res.text).has('cutover_agent_polls_total')).toBe(true);
    // the token is checked before anything else is looked at
    await request(t.server).get('/metrics?%00=1').expect(401);
  });

  it('refuses a token too short to be a secret at start, naming the variable', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({}).metricsToken).toBeNull();
  });
});

describe('the strict text parser the tests read /metrics with', () => {
  it.each([
    ['a sample without a value', 'a_total\n'],
    ['a bad label escape', 'a_total{x="\\q"} 1\n'],
    ['an unquoted label value', 'a_total{x=1} 1\n'],
    ['a duplicate series', 'a_total{x="1"} 1\na_total{x="1"} 2\n'],
    ['a second TYPE', '# TYPE a gauge\n# TYPE a gauge\na 1\n'],
    ['a missing final line feed', 'a 1'],
    [
      'buckets that are not cumulative',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
    ['a +Inf bucket that is not _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'],
  ])('refuses %s', (_case, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });

  it('reads labels with escapes, NaN and Inf', () => {
    const families = parsePrometheusText('# TYPE g gauge\ng{a="x\\"y\\\\z\\n"} Nan\ng{a="b"} +Inf\n');
    expect(valueOf(families, 'g', { a: 'x"y\\z\n' })).toBeNaN();
    expect(valueOf(families, 'g', { a: 'b' })).toBe(Number.POSITIVE_INFINITY);
  });
});
