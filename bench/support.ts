import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export const ROOT = path.resolve(__dirname, '..');
export const API_MAIN = path.join(ROOT, 'apps/api/dist/main.js');
export const HOST = '127.0.0.1';

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP request (keep-alive), for setup and for the long-poll run. */
export function send(
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

export async function expectStatus(
  reply: Promise<Reply>,
  status: number,
  what: string,
): Promise<Record<string, unknown>> {
  const res = await reply;
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${res.body.slice(0, 300)}`);
  return res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
}

export function closeConnections(): void {
  agent.destroy();
}

export function freePort(): Promise<number> {
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

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(workers);
}

/**
 * Core pinning (Linux `taskset`, 2 cores or more, BENCH_PIN not 0): servers run on core 1, this
 * process (the load generator) on core 0, so that generator and server never take each other's CPU
 * and a server's throughput is what one core of its own gives.
 */
export const PINNED = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2 && hasTaskset();

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process (the load generator) to core 0 when PINNED. */
export function pinGenerator(): void {
  if (PINNED) execFileSync('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });
}

/** Starts a process (on core 1 when PINNED) and waits until GET `ready` answers 200. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  port: number,
  ready: string,
  options: { pin?: boolean } = {},
): Promise<ChildProcess> {
  const [command, commandArgs] =
    PINNED && options.pin !== false
      ? ['taskset', ['-c', '1', process.execPath, ...args]]
      : [process.execPath, args];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${args.join(' ')} exited with code ${child.exitCode} while starting`);
    const res = await send(port, 'GET', ready).catch(() => null);
    if (res?.status === 200) return child;
    if (Date.now() > until) throw new Error(`${args.join(' ')} did not answer ${ready} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The BUILT API (node apps/api/dist/main.js) on `port`, quiet, without demo or dashboard. */
export function startApi(
  env: Record<string, string>,
  port: number,
  options: { pin?: boolean } = {},
): Promise<ChildProcess> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API while it serves the bench
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return startProcess(
    [...nodeArgs, API_MAIN],
    { ...env, PORT: String(port), HOST, DEMO: 'off', STATIC_DIR: 'off', LOG_LEVEL: 'warn' },
    port,
    '/api/health',
    options,
  );
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A fresh database for the run: on the server of DATABASE_URL (created and dropped here), or, without
 * it, the embedded PGlite in a temp DATA_DIR. `work` gets the API's environment for it.
 */
export async function withDatabase<T>(
  prefix: string,
  work: (env: Record<string, string>, where: string, postgres: boolean) => Promise<T>,
): Promise<T> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    try {
      return await work({ DATA_DIR: dataDir, DATABASE_URL: '' }, `embedded PGlite in ${dataDir}`, false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const name = `${prefix.replace(/\W/g, '_')}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work({ DATABASE_URL: url.toString() }, `PostgreSQL database ${name}`, true);
  } finally {
    const drop = new Client({ connectionString: serverUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export function machineLine(): string {
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  const pinning = PINNED ? '; servers pinned to core 1, the load generator to core 0' : '';
  return `machine: ${os.cpus().length} cores, load average ${load}${pinning}`;
}
