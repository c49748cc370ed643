import type { CreateMigrationRequest, Migration, MigrationType } from '@cutover/domain';
import { formatProgress, startFleet, type Fleet } from './fleet';

/**
 * The live demo behind `npm start`: a demo partner, two customer migrations (one cutting over
 * in a few minutes, one that cut over an hour ago) and ~200 simulated PCs, all through the
 * public APIs. Idempotent: a restart signs in again, finds its migrations and re-enrolls the
 * same PCs (same hostnames → same device ids).
 */
export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_PASSWORD = 'demo-password-123';

interface DemoMigration {
  customerName: string;
  migrationType: MigrationType;
  /** Cutover relative to the first start, in minutes. */
  cutoverInMinutes: number;
  devices: number;
  hostnamePrefix: string;
  emailDomain: string;
  windowsDomain: string;
}

export const DEMO_MIGRATIONS: DemoMigration[] = [
  {
    customerName: 'Northwind Traders',
    migrationType: 'exchange',
    cutoverInMinutes: 5,
    devices: 120,
    hostnamePrefix: 'NW-PC',
    emailDomain: 'northwindtraders.com',
    windowsDomain: 'NORTHWIND',
  },
  {
    customerName: 'Contoso Dental',
    migrationType: 'pop3',
    cutoverInMinutes: -60,
    devices: 80,
    hostnamePrefix: 'CD-PC',
    emailDomain: 'contosodental.com',
    windowsDomain: 'CONTOSO',
  },
];

class PartnerClient {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    if (setCookie.length > 0) this.cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}

export async function waitForServer(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`The API at ${baseUrl} did not become healthy within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Signs in as the demo partner (signing up the first time) and makes sure both demo migrations exist. */
export async function seedDemo(baseUrl: string, now: Date = new Date()): Promise<Migration[]> {
  const client = new PartnerClient(baseUrl);
  let login = await client.call('POST', '/api/auth/login', { email: DEMO_EMAIL, password: DEMO_PASSWORD });
  if (login.status === 401) {
    const signup = await client.call('POST', '/api/auth/signup', {
      partnerName: 'Demo IT Partner',
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
    });
    if (signup.status !== 201)
      throw new Error(`Demo sign-up failed (${signup.status}): ${JSON.stringify(signup.body)}`);
    login = { status: 200, body: null };
  }
  if (login.status !== 200)
    throw new Error(`Demo sign-in failed (${login.status}): ${JSON.stringify(login.body)}`);

  const existing = await client.call<{ items: Migration[] }>('GET', '/api/migrations');
  const migrations: Migration[] = [];
  for (const demo of DEMO_MIGRATIONS) {
    const found = existing.body.items.find((m) => m.customerName === demo.customerName);
    if (found) {
      migrations.push(found);
      continue;
    }
    const request: CreateMigrationRequest = {
      customerName: demo.customerName,
      cutoverAt: new Date(now.getTime() + demo.cutoverInMinutes * 60_000).toISOString(),
      migrationType: demo.migrationType,
    };
    const created = await client.call<Migration>('POST', '/api/migrations', request);
    if (created.status !== 201)
      throw new Error(
        `Creating the demo migration failed (${created.status}): ${JSON.stringify(created.body)}`,
      );
    migrations.push(created.body);
  }
  return migrations;
}

export interface DemoOptions {
  baseUrl: string;
  speed?: number;
  log?: (line: string) => void;
}

/** Seeds the demo and starts one simulated fleet per demo migration. */
export async function startDemo(options: DemoOptions): Promise<Fleet[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  await waitForServer(options.baseUrl);
  const migrations = await seedDemo(options.baseUrl);
  return DEMO_MIGRATIONS.map((demo, i) => {
    const fleet = startFleet({
      baseUrl: options.baseUrl,
      enrollmentKey: migrations[i].enrollmentKey,
      scenario: 'demo',
      devices: demo.devices,
      speed: options.speed ?? 10,
      seed: demo.customerName,
      hostnamePrefix: demo.hostnamePrefix,
      emailDomain: demo.emailDomain,
      windowsDomain: demo.windowsDomain,
      progressEveryMs: 30_000,
      onProgress: (summary) => log(`[demo ${demo.customerName}] ${formatProgress(summary)}`),
    });
    return fleet;
  });
}

if (require.main === module) {
  const baseUrl = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  startDemo({ baseUrl })
    .then((fleets) => {
      console.log(
        `Demo: ${fleets.reduce((n, f) => n + f.plans.length, 0)} simulated PCs are polling. Sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}`,
      );
      const stop = () => void Promise.all(fleets.map((f) => f.stop())).then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
      console.error('The service itself keeps running; start it with DEMO=off to skip the demo.');
      process.exit(1);
    });
}
