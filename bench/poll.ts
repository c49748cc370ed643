/**
 * npm run bench:poll: the agent's no-op poll against a bare Fastify route, with the same load
 * generator in the same run, and (on PostgreSQL) a partner's click reaching a long-polling agent
 * through another API process.
 *
 * Starts, as child processes: a bare Fastify app with one GET route (bench/bare-route.ts) and the
 * BUILT API (apps/api/dist/main.js; build first: npx nx run-many -t build) on a fresh database: the
 * embedded PGlite in a temp DATA_DIR, or, with DATABASE_URL set, a database created (and dropped) on
 * that server. Over HTTP it signs a partner up, creates a migration whose cutover is a month away and
 * enrolls the devices, each of which creates its profile: every later poll is a real no-op (a client
 * part, unlocked and signed in, inventory reported, nothing to deliver).
 *
 * 1. Throughput: autocannon (BENCH_CONNECTIONS keep-alive connections) against GET /hello of the
 *    bare app and POST /api/agent/v1/poll of the API (rotating device tokens), alternated twice;
 *    prints req/s, p50, p99 of each and their ratio.
 * 2. Long poll (PostgreSQL only): a second API process; BENCH_LONG_POLL_DEVICES agents hold
 *    `?waitSeconds=30` polls on it while a partner clicks "Retry profile creation" for one device
 *    at a time through the first; prints the click → agent-receives latency over BENCH_CLICKS clicks.
 *
 * Environment: DATABASE_URL, BENCH_DEVICES (300), BENCH_CONNECTIONS (32), BENCH_SECONDS per
 * measurement (8), BENCH_CLICKS (1000), BENCH_LONG_POLL_DEVICES (4 agents clicked in parallel),
 * BENCH_PIN=0 (no core pinning), BENCH_NODE_ARGS (node flags for the API).
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import {
  type Reply,
  ROOT,
  closeConnections,
  expectStatus,
  freePort,
  machineLine,
  percentile,
  pinGenerator,
  pool,
  send,
  startApi,
  startProcess,
  stop,
  withDatabase,
} from './support';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLICKS = Number(process.env.BENCH_CLICKS ?? 1000);
const LONG_POLL_DEVICES = Number(process.env.BENCH_LONG_POLL_DEVICES ?? 4);
const RATIO_TARGET = 0.4;
const POLL_P99_TARGET_MS = 20;
const CLICK_P99_TARGET_MS = 100;
const HOST = '127.0.0.1';

interface Measurement {
  perSecond: number;
  p50: number;
  p99: number;
  requests: number;
  unexpected: number;
}

const POLL_BODY = JSON.stringify({
  component: 'client',
  session: { locked: false, userSignedIn: true },
  inventory: { outlookVersion: '16.0.17928.20114', agentVersion: '1.4.2', freeDiskBytes: 52_000_000_000 },
});

/**
 * One autocannon run. The poll requests are built once (one per device token) and sent in turn, so
 * the generator spends about as much per request as on the bare route; the replies' bodies are not
 * read during the run (the caller checks afterwards that every poll was a no-op).
 */
async function load(
  options: { url: string; method: 'GET' | 'POST'; tokens?: string[]; body?: boolean },
  seconds: number,
): Promise<Measurement> {
  const json = { 'content-type': 'application/json' };
  const requests = options.tokens?.map((token) => ({
    method: options.method,
    headers: { ...json, authorization: `Bearer ${token}` },
    body: POLL_BODY,
  })) ?? [
    options.body ? { method: options.method, headers: json, body: POLL_BODY } : { method: options.method },
  ];
  const result = await autocannon({
    url: options.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests,
  });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    unexpected: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * The previous bench:poll's generator (and, by its figures, the issue's): CONNECTIONS loops of Node
 * http.request on keep-alive sockets, one request after the other. Much slower than autocannon, so
 * a bare route is bound by the generator here; printed as the reference the issue measured with.
 */
async function loadWithHttpLoops(
  port: number,
  url: string,
  method: 'GET' | 'POST',
  tokens: string[] | null,
  seconds: number,
): Promise<number> {
  let done = 0;
  let next = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const token = tokens ? tokens[next++ % tokens.length] : null;
        const reply = await send(
          port,
          method,
          url,
          token ? JSON.parse(POLL_BODY) : undefined,
          token ? { authorization: `Bearer ${token}` } : {},
        );
        if (reply.status === 200) done += 1;
      }
    }),
  );
  return done / seconds;
}

function mean(runs: Measurement[]): Measurement {
  const avg = (pick: (m: Measurement) => number) => runs.reduce((sum, m) => sum + pick(m), 0) / runs.length;
  return {
    perSecond: avg((m) => m.perSecond),
    p50: avg((m) => m.p50),
    p99: Math.max(...runs.map((m) => m.p99)),
    requests: runs.reduce((sum, m) => sum + m.requests, 0),
    unexpected: runs.reduce((sum, m) => sum + m.unexpected, 0),
  };
}

/** A partner with a migration whose cutover is a month away; returns its session cookie and the migration. */
async function partner(
  port: number,
): Promise<{ cookie: string; migrationId: string; enrollmentKey: string }> {
  const signup = await send(port, 'POST', '/api/auth/signup', {
    partnerName: 'Bench partner',
    email: `bench-${randomBytes(4).toString('hex')}@bench.example`,
    password: 'bench password 123',
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${signup.body}`);
  const cookie = (signup.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const cutoverAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  const migration = await expectStatus(
    send(
      port,
      'POST',
      '/api/migrations',
      { customerName: 'Bench', cutoverAt, migrationType: 'exchange' },
      { cookie },
    ),
    201,
    'create migration',
  );
  return { cookie, migrationId: String(migration.id), enrollmentKey: String(migration.enrollmentKey) };
}

/** Enrolls a device; its first client poll gets CREATE_PROFILE, which it reports as `outcome`. */
async function enrolled(
  port: number,
  enrollmentKey: string,
  i: number,
  outcome: 'succeeded' | 'failed',
): Promise<{ id: string; token: string }> {
  const device = await expectStatus(
    send(port, 'POST', '/api/agent/v1/enroll', {
      enrollmentKey,
      hostname: `BENCH-${String(i).padStart(6, '0')}`,
      windowsUser: `BENCH\\user${i}`,
      userEmail: `user${i}@bench.example`,
      outlookVersion: '16.0.17928.20114',
      agentVersion: '1.4.2',
    }),
    201,
    'enroll',
  );
  const token = String(device.deviceToken);
  const auth = { authorization: `Bearer ${token}` };
  await expectStatus(
    send(port, 'POST', '/api/agent/v1/poll', { component: 'service' }, auth),
    200,
    'service poll',
  );
  const polled = await expectStatus(
    send(port, 'POST', '/api/agent/v1/poll', JSON.parse(POLL_BODY), auth),
    200,
    'first poll',
  );
  const [command] = polled.commands as { id: string }[];
  if (!command) throw new Error('the first poll of a new device should get CREATE_PROFILE');
  const result =
    outcome === 'succeeded'
      ? { status: 'succeeded' }
      : { status: 'failed', errorCode: 'AUTODISCOVER_FAILED' };
  await expectStatus(
    send(port, 'POST', `/api/agent/v1/commands/${command.id}/result`, result, auth),
    200,
    'result',
  );
  return { id: String(device.deviceId), token };
}

const line = (name: string, m: Measurement) =>
  `${name.padEnd(36)} ${m.perSecond.toFixed(0).padStart(7)} req/s   p50 ${m.p50.toFixed(1)} ms   p99 ${m.p99.toFixed(1)} ms   ` +
  `(${m.requests} requests, ${m.unexpected} not as expected)`;

async function throughput(
  barePort: number,
  apiPort: number,
  tokens: string[],
  session: { cookie: string; migrationId: string },
): Promise<boolean> {
  const bare = { url: `http://${HOST}:${barePort}/hello`, method: 'GET' as const };
  const barePost = { url: `http://${HOST}:${barePort}/hello`, method: 'POST' as const, body: true };
  const poll = { url: `http://${HOST}:${apiPort}/api/agent/v1/poll`, method: 'POST' as const, tokens };
  await load(bare, 2);
  await load(poll, 2);
  const bareRuns: Measurement[] = [];
  const pollRuns: Measurement[] = [];
  for (let round = 0; round < 2; round++) {
    bareRuns.push(await load(bare, SECONDS));
    pollRuns.push(await load(poll, SECONDS));
  }
  const post = await load(barePost, SECONDS);
  const b = mean(bareRuns);
  const p = mean(pollRuns);
  // every poll was a no-op: no device was handed a command (a delivered one would change its status)
  const migration = await expectStatus(
    send(apiPort, 'GET', `/api/migrations/${session.migrationId}`, undefined, { cookie: session.cookie }),
    200,
    'migration',
  );
  const counts = migration.deviceCounts as Record<string, number>;
  if (counts.profile_ready !== tokens.length) {
    p.unexpected += 1;
    console.log(`not every poll was a no-op: device counts ${JSON.stringify(counts)}`);
  }
  const ratio = p.perSecond / b.perSecond;
  console.log('');
  console.log(line('no-op poll  POST /api/agent/v1/poll', p));
  console.log(line('bare        GET /hello (plain Fastify)', b));
  console.log(line('context     POST /hello, same JSON body', post));
  console.log(
    `ratio (no-op poll / bare route): ${ratio.toFixed(2)}   target ≥ ${RATIO_TARGET.toFixed(2)}: ${ratio >= RATIO_TARGET ? 'met' : 'MISSED'}; ` +
      `poll p99 ${p.p99.toFixed(1)} ms, target < ${POLL_P99_TARGET_MS} ms: ${p.p99 < POLL_P99_TARGET_MS ? 'met' : 'MISSED'}`,
  );
  console.log(
    `context: no-op poll / bare POST with the same body: ${(p.perSecond / post.perSecond).toFixed(2)}`,
  );
  // the reference generator (the previous bench:poll's): bound by itself well below autocannon
  const refBare = await loadWithHttpLoops(barePort, '/hello', 'GET', null, SECONDS);
  const refPoll = await loadWithHttpLoops(apiPort, '/api/agent/v1/poll', 'POST', tokens, SECONDS);
  console.log(
    `reference generator (Node http loops, as the previous bench:poll): bare GET /hello ${refBare.toFixed(0)} req/s, ` +
      `no-op poll ${refPoll.toFixed(0)} req/s, ratio ${(refPoll / refBare).toFixed(2)}`,
  );
  return p.unexpected === 0 && b.unexpected === 0;
}

/** Click → agent receives, through two API processes: agents hold long polls on B, the partner clicks on A. */
async function clickToAgent(
  a: number,
  b: number,
  session: { cookie: string; migrationId: string; enrollmentKey: string },
): Promise<boolean> {
  const devices = await Promise.all(
    Array.from({ length: LONG_POLL_DEVICES }, (_, i) =>
      enrolled(b, session.enrollmentKey, 900_000 + i, 'failed'),
    ),
  );
  const latencies: number[] = [];
  let wrong = 0;
  let clicks = 0;
  await Promise.all(
    devices.map(async (device) => {
      const auth = { authorization: `Bearer ${device.token}` };
      while (clicks < CLICKS) {
        clicks += 1;
        const held = send(b, 'POST', '/api/agent/v1/poll?waitSeconds=30', JSON.parse(POLL_BODY), auth);
        await new Promise((resolve) => setTimeout(resolve, 25)); // the hold is registered
        const started = performance.now();
        const click = await send(
          a,
          'POST',
          `/api/migrations/${session.migrationId}/devices/actions`,
          { action: 'retry-profile-creation', deviceIds: [device.id] },
          { cookie: session.cookie },
        );
        const reply: Reply = await held;
        latencies.push(performance.now() - started);
        const commands = reply.status === 200 ? (JSON.parse(reply.body).commands as { id: string }[]) : [];
        if (click.status !== 202 || commands.length !== 1) {
          wrong += 1;
          continue;
        }
        const result = { status: 'failed', errorCode: 'AUTODISCOVER_FAILED' };
        await expectStatus(
          send(b, 'POST', `/api/agent/v1/commands/${commands[0].id}/result`, result, auth),
          200,
          'result',
        );
      }
    }),
  );
  latencies.sort((x, y) => x - y);
  const p99 = percentile(latencies, 99);
  console.log('');
  console.log(
    `long poll: click on API process A → agent held on process B receives CREATE_PROFILE, ${latencies.length} clicks, ` +
      `${LONG_POLL_DEVICES} agents: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ` +
      `max ${latencies[latencies.length - 1].toFixed(1)} ms (${wrong} not as expected); ` +
      `target p99 < ${CLICK_P99_TARGET_MS} ms: ${p99 < CLICK_P99_TARGET_MS ? 'met' : 'MISSED'}`,
  );
  return wrong === 0;
}

async function main(): Promise<void> {
  pinGenerator();
  console.log(machineLine());
  const barePort = await freePort();
  const bare = await startProcess(
    ['--import', 'tsx', path.join(ROOT, 'bench/bare-route.ts'), String(barePort)],
    {},
    barePort,
    '/hello',
  );
  try {
    await withDatabase('cutover_bench_poll', async (env, where, postgres) => {
      const apiPort = await freePort();
      const api = await startApi(env, apiPort);
      try {
        console.log(
          `bench:poll on ${where}, ${DEVICES} devices, ${CONNECTIONS} keep-alive connections (autocannon), ${SECONDS} s per run`,
        );
        const session = await partner(apiPort);
        const started = performance.now();
        const tokens: string[] = [];
        await pool(
          Array.from({ length: DEVICES }, (_, i) => i),
          CONNECTIONS,
          async (i) =>
            void tokens.push((await enrolled(apiPort, session.enrollmentKey, i, 'succeeded')).token),
        );
        console.log(
          `setup: ${DEVICES} devices enrolled, profiles created in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        let ok = await throughput(barePort, apiPort, tokens, session);
        if (postgres && LONG_POLL_DEVICES > 0 && CLICKS > 0) {
          const secondPort = await freePort();
          // the second process is not pinned: each process has its own core here, as in production
          const second = await startApi(env, secondPort, { pin: false });
          try {
            ok = (await clickToAgent(apiPort, secondPort, session)) && ok;
          } finally {
            await stop(second);
          }
        } else {
          console.log('\nlong poll across two API processes: skipped (needs PostgreSQL: set DATABASE_URL)');
        }
        console.log(machineLine());
        if (!ok) process.exitCode = 1;
      } finally {
        await stop(api);
      }
    });
  } finally {
    await stop(bare);
    closeConnections();
  }
}

main().catch((error: unknown) => {
  console.error('bench:poll failed:', error);
  process.exit(1);
});
