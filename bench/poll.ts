/**
 * npm run bench:poll: throughput of no-op agent polls against a bare endpoint of the same server.
 *
 * Starts the BUILT API (node apps/api/dist/main.js; build first: npx nx run-many -t build) as a child
 * process on a free port of 127.0.0.1, with DEMO=off and either a fresh embedded database in a temp
 * DATA_DIR, or, with DATABASE_URL set, a fresh database created (and dropped) on that server. Over
 * HTTP it signs a partner up, creates a migration whose cutover is a month away, enrolls the devices
 * and lets each create its profile, so that every later poll is a real no-op: a client part,
 * unlocked and signed in, with nothing to deliver (check-in, D1/D3 checks, the claim decision).
 * Then, with a bounded number of concurrent keep-alive connections, it measures requests per second
 * of those polls and of GET /api/health (one `SELECT 1`), and prints both and their ratio.
 *
 * Environment: BENCH_DEVICES (300), BENCH_CONCURRENCY (32), BENCH_SECONDS per measurement (8),
 * DATABASE_URL (unset: embedded PGlite), BENCH_NODE_ARGS (extra node flags for the API, e.g. --cpu-prof).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'apps/api/dist/main.js');
const DEVICES = Number(process.env.BENCH_DEVICES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = 2;
const HOST = '127.0.0.1';

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(
  port: number,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: HOST,
        port,
        method,
        path: url,
        agent,
        headers: {
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function expectStatus(
  reply: Promise<Reply>,
  status: number,
  what: string,
): Promise<Record<string, unknown>> {
  const res = await reply;
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${res.body.slice(0, 300)}`);
  return res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(workers);
}

interface Measurement {
  requests: number;
  perSecond: number;
  errors: number;
  p50: number;
  p99: number;
}

/** `CONCURRENCY` loops each sending one request after the other for `seconds`. */
async function measure(
  seconds: number,
  request: (i: number) => Promise<Reply>,
  ok: (reply: Reply) => boolean,
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const reply = await request(counter++).catch(() => null);
        latencies.push(performance.now() - sent);
        if (!reply || !ok(reply)) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    errors,
    p50: at(0.5),
    p99: at(0.99),
  };
}

async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API while it serves the bench
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST,
      DEMO: 'off',
      STATIC_DIR: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} while starting`);
    const health = await send(port, 'GET', '/api/health').catch(() => null);
    if (health?.status === 200) return child;
    if (Date.now() > until) throw new Error('the API did not answer /api/health within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function withDatabase<T>(work: (env: Record<string, string>, where: string) => Promise<T>): Promise<T> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cutover-bench-poll-'));
    try {
      return await work({ DATA_DIR: dataDir, DATABASE_URL: '' }, `embedded PGlite in ${dataDir}`);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const name = `cutover_bench_poll_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work({ DATABASE_URL: url.toString() }, `PostgreSQL database ${name}`);
  } finally {
    const drop = new Client({ connectionString: serverUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  if (!fs.existsSync(MAIN)) {
    console.error(`${path.relative(ROOT, MAIN)} is missing: build first with  npx nx run-many -t build`);
    process.exit(1);
  }
  await withDatabase(async (env, where) => {
    const port = await freePort();
    const child = await startServer(env, port);
    try {
      console.log(
        `bench:poll on ${where}, http://${HOST}:${port}, ${DEVICES} devices, ${CONCURRENCY} concurrent keep-alive requests`,
      );

      // a partner, and a migration whose cutover is a month away: nothing but profile creation is due
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

      // enroll; each device's first poll gets CREATE_PROFILE, which it reports as created
      const setupStarted = performance.now();
      const tokens: string[] = [];
      await pool(
        Array.from({ length: DEVICES }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const enrolled = await expectStatus(
            send(port, 'POST', '/api/agent/v1/enroll', {
              enrollmentKey: migration.enrollmentKey,
              hostname: `BENCH-${String(i).padStart(6, '0')}`,
              windowsUser: `BENCH\\user${i}`,
              userEmail: `user${i}@bench.example`,
              outlookVersion: '16.0.17928.20114',
              agentVersion: '1.4.2',
            }),
            201,
            'enroll',
          );
          const token = String(enrolled.deviceToken);
          const auth = { authorization: `Bearer ${token}` };
          const first = await expectStatus(
            send(port, 'POST', '/api/agent/v1/poll', { component: 'service' }, auth),
            200,
            'service poll',
          );
          void first;
          const polled = await expectStatus(
            send(
              port,
              'POST',
              '/api/agent/v1/poll',
              { component: 'client', session: { locked: false, userSignedIn: true } },
              auth,
            ),
            200,
            'first poll',
          );
          const [command] = polled.commands as { id: string }[];
          if (!command) throw new Error('the first poll of a new device should get CREATE_PROFILE');
          await expectStatus(
            send(port, 'POST', `/api/agent/v1/commands/${command.id}/result`, { status: 'succeeded' }, auth),
            200,
            'result',
          );
          tokens.push(token);
        },
      );
      console.log(
        `setup: ${DEVICES} devices enrolled, profiles created in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
      );

      const pollBody = {
        component: 'client',
        session: { locked: false, userSignedIn: true },
        inventory: { outlookVersion: '16.0.17928.20114', agentVersion: '1.4.2' },
      };
      const poll = (i: number) =>
        send(port, 'POST', '/api/agent/v1/poll', pollBody, {
          authorization: `Bearer ${tokens[i % tokens.length]}`,
        });
      const noOp = (reply: Reply) => reply.status === 200 && reply.body.includes('"commands":[]');
      const health = () => send(port, 'GET', '/api/health');
      const healthy = (reply: Reply) => reply.status === 200;

      await measure(WARMUP_SECONDS, poll, noOp);
      await measure(WARMUP_SECONDS, health, healthy);
      const polls = await measure(SECONDS, poll, noOp);
      const bare = await measure(SECONDS, health, healthy);

      const line = (name: string, m: Measurement) =>
        `${name.padEnd(34)} ${m.perSecond.toFixed(0).padStart(7)} req/s   p50 ${m.p50.toFixed(1)} ms   p99 ${m.p99.toFixed(1)} ms   ` +
        `(${m.requests} requests, ${m.errors} not as expected)`;
      console.log('');
      console.log(line('no-op poll  POST /api/agent/v1/poll', polls));
      console.log(line('bare        GET /api/health', bare));
      console.log(`ratio (no-op poll / bare endpoint): ${(polls.perSecond / bare.perSecond).toFixed(2)}`);
      if (polls.errors > 0 || bare.errors > 0) process.exitCode = 1;
    } finally {
      await stop(child);
      agent.destroy();
    }
  });
}

main().catch((error: unknown) => {
  console.error('bench:poll failed:', error);
  process.exit(1);
});
