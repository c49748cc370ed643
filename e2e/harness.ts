/**
 * What every step of the browser test shares: paths and timeouts, `check`, the built server as a child process,
 * the partner's and the agents' HTTP clients, the browser, screenshots, and the context the steps pass along.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EnrollResponse, Migration, PollRequest, PollResponse, ResultRequest } from '@cutover/domain';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AxeScreen } from './axe';

export const ROOT = resolve(__dirname, '..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');
export const SERVER_ENTRY = join(ROOT, 'apps/api/dist/main.js');
export const DASHBOARD_INDEX = join(ROOT, 'apps/dashboard/dist/index.html');
const STEP_TIMEOUT_MS = 15_000;

export interface Agent {
  hostname: string;
  deviceId: string;
  token: string;
}

export const log = (message: string) => console.log(`[e2e] ${message}`);

export class StepError extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepError(message);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Server {
  baseUrl: string;
  child: ChildProcess;
  output: string[];
  dataDir: string;
}

/** The built API (serving the built dashboard) as a child process with a fresh embedded database. */
export async function startServer(): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: 'off',
    // the webhook step's receiver listens on loopback http
    WEBHOOKS_ALLOW_HTTP: 'on',
    WEBHOOK_DISPATCH_MS: '250',
    DATA_DIR: dataDir,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    STATIC_DIR: join(ROOT, 'apps/dashboard/dist'),
  };
  delete env.DATABASE_URL; // its own fresh database, whatever the shell points at
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new StepError(`the server exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return { baseUrl, child, output, dataDir };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new StepError('the server did not answer /api/health within 60 s');
}

export async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  rmSync(server.dataDir, { recursive: true, force: true });
}

/** A partner's HTTP session for setting up data (cookie kept by hand, like a script would). */
export function partnerClient(baseUrl: string) {
  let cookie = '';
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    if (setCookie.length > 0) cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await res.text();
    check(res.ok, `${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export type PartnerClient = ReturnType<typeof partnerClient>;

export function agentClient(baseUrl: string) {
  const post = async <T>(
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${baseUrl}/api/agent/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    async enroll(
      enrollmentKey: string,
      hostname: string,
      user: string,
      outlookVersion?: string,
    ): Promise<Agent> {
      const res = await post<EnrollResponse>('/enroll', {
        enrollmentKey,
        hostname,
        windowsUser: `NORTHWIND\\${user}`,
        userEmail: `${user}@northwind.example`,
        osVersion: '10.0.19045',
        outlookVersion,
        agentVersion: '1.4.2',
      });
      check(res.status === 201, `enroll ${hostname} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return { hostname, deviceId: res.body.deviceId, token: res.body.deviceToken };
    },
    async pollClient(agent: Agent, outlookVersion?: string): Promise<PollResponse> {
      const body: PollRequest = {
        component: 'client',
        session: { locked: false, userSignedIn: true },
        ...(outlookVersion ? { inventory: { outlookVersion, agentVersion: '1.4.2' } } : {}),
      };
      const res = await post<PollResponse>('/poll', body, agent.token);
      check(
        res.status === 200,
        `poll of ${agent.hostname} answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
      return res.body;
    },
    async pollService(agent: Agent): Promise<void> {
      const res = await post<PollResponse>('/poll', { component: 'service' }, agent.token);
      check(res.status === 200, `service poll of ${agent.hostname} answered ${res.status}`);
    },
    async result(agent: Agent, commandId: string, result: ResultRequest): Promise<void> {
      const res = await post(`/commands/${commandId}/result`, result, agent.token);
      check(
        res.status === 200,
        `result of ${agent.hostname} answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    },
  };
}

export type AgentClient = ReturnType<typeof agentClient>;

export function createProfileOf(reply: PollResponse, hostname: string): string {
  const command = reply.commands.find((c) => c.type === 'CREATE_PROFILE');
  check(command, `${hostname} should receive CREATE_PROFILE, got ${JSON.stringify(reply.commands)}`);
  return command.id;
}

/** Headless chromium with one page; the page's console errors are collected in `consoleErrors`. */
export async function launchBrowser(): Promise<{ browser: Browser; page: Page; consoleErrors: string[] }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  return { browser, page, consoleErrors };
}

export async function screenshot(page: Page, name: string, description: string): Promise<void> {
  const path = join(SCREENSHOTS, name);
  await page.waitForTimeout(300); // let panel and button transitions settle
  await page.screenshot({ path, fullPage: false });
  log(`screenshot ${name}: ${description}`);
}

/** What the screen steps share: the page, the server, the clients, the axe audits and the data seeded so far. */
export interface ScreenContext {
  page: Page;
  baseUrl: string;
  agents: AgentClient;
  audits: AxeScreen[];
  /** errors the page logged, cleared once signed in (see the sign-in step) */
  consoleErrors: string[];
  migration: Migration;
  /** the three PCs whose profile creation fails at first */
  failing: Agent[];
  /** the PCs that fail later, for the morning report, by hostname (filled before Cutover night) */
  morningFailing: Map<string, Agent>;
}
