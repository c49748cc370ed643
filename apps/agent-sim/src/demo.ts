import type { CreateMigrationRequest, Migration, MigrationType } from '@cutover/domain';
import { formatProgress, planFleet, startFleet, type Fleet, type FleetPlanOptions } from './fleet';
import type { DevicePlan } from './plan';

/**
 * The live demo behind `npm start`: a demo partner, two customer migrations (one cutting over
 * in a few minutes, one that cut over an hour ago), a mailbox mapping for the first (D15) and
 * ~200 simulated PCs, all through the public APIs. Idempotent: a restart signs in again, finds its
 * migrations and their mapping, and re-enrolls the same PCs (same hostnames → same device ids).
 */
export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_PASSWORD = 'demo-password-123';

export interface DemoMigration {
  customerName: string;
  migrationType: MigrationType;
  /** Cutover relative to the first start, in minutes. */
  cutoverInMinutes: number;
  devices: number;
  hostnamePrefix: string;
  emailDomain: string;
  windowsDomain: string;
  /**
   * D15: the Office 365 tenant's domain when the new mailboxes are not at the users' current addresses:
   * the demo imports a mapping from each user's email to user@<mailboxDomain>, as a partner would. The
   * users without an email (D13) are left out of it, so they show MAILBOX_UNKNOWN. Null: no mapping.
   */
  mailboxDomain: string | null;
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
    mailboxDomain: 'northwindtraders.onmicrosoft.com',
  },
  {
    customerName: 'Contoso Dental',
    migrationType: 'pop3',
    cutoverInMinutes: -60,
    devices: 80,
    hostnamePrefix: 'CD-PC',
    emailDomain: 'contosodental.com',
    windowsDomain: 'CONTOSO',
    mailboxDomain: null,
  },
];

/** The PCs, scenario and seed of a demo migration's fleet (the mapping is built from the same plans). */
export function demoFleetOptions(demo: DemoMigration): FleetPlanOptions {
  return {
    scenario: 'demo',
    devices: demo.devices,
    seed: demo.customerName,
    hostnamePrefix: demo.hostnamePrefix,
    emailDomain: demo.emailDomain,
    windowsDomain: demo.windowsDomain,
    migrationType: demo.migrationType,
  };
}

/**
 * D15: the mapping a partner would export for the migration, as the CSV the endpoint takes: each user
 * with an email (the identity the agent reports) to the same name at the tenant's domain.
 */
export function mailboxMappingCsv(plans: readonly DevicePlan[], mailboxDomain: string): string {
  const lines = ['identity,mailbox'];
  for (const plan of plans) {
    if (plan.userEmail === null) continue; // D13: no identity to map by email; left to show MAILBOX_UNKNOWN
    const user = plan.userEmail.slice(0, plan.userEmail.lastIndexOf('@'));
    lines.push(`${plan.userEmail},${user}@${mailboxDomain}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** PUT /api/migrations/{id}/mailbox-mappings reply (partner-api.md, v1.1). */
export interface MailboxMappingImportResult {
  imported: number;
  matchedDevices: number;
  rejected: { line: number; reason: string }[];
}

class PartnerClient {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    return this.send<T>(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      'application/json',
    );
  }

  /** With the session cookie; X-Requested-With marks a non-JSON body as no cross-site form post (CSRF). */
  async send<T>(
    method: string,
    path: string,
    body: string | undefined,
    contentType: string,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': contentType,
        ...(contentType === 'application/json' ? {} : { 'x-requested-with': 'cutover-demo' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body,
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

/**
 * Signs in as the demo partner (signing up the first time), makes sure both demo migrations exist and
 * imports the mailbox mapping of those that have one (D15) unless they have a mapping already. A mapping
 * the server refuses is logged, not fatal: the rest of the demo works without it.
 */
export async function seedDemo(
  baseUrl: string,
  now: Date = new Date(),
  log: (line: string) => void = (line) => console.log(line),
  webhookUrl: string | null = process.env.DEMO_WEBHOOK_URL ?? null,
): Promise<Migration[]> {
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
  for (const [i, demo] of DEMO_MIGRATIONS.entries()) {
    if (demo.mailboxDomain === null) continue;
    const path = `/api/migrations/${migrations[i].id}/mailbox-mappings`;
    // a restart keeps the mapping there is: the partner may have added lines to it in the dashboard or a script
    const current = await client.call<{ total: number }>('GET', `${path}?limit=1`);
    if (current.status === 200 && current.body.total > 0) {
      log(`[demo ${demo.customerName}] mailbox mapping kept (${current.body.total} lines)`);
      continue;
    }
    const csv = mailboxMappingCsv(planFleet(demoFleetOptions(demo)).plans, demo.mailboxDomain);
    const reply = await client.send<MailboxMappingImportResult>('PUT', path, csv, 'text/csv');
    log(
      reply.status === 200
        ? `[demo ${demo.customerName}] mailbox mapping to ${demo.mailboxDomain}: ${reply.body.imported} imported, ${reply.body.matchedDevices} enrolled devices matched`
        : `[demo ${demo.customerName}] the mailbox mapping was not imported (${reply.status}): ${JSON.stringify(reply.body)}`,
    );
  }
  if (webhookUrl) await subscribeDemoWebhook(client, webhookUrl, log);
  return migrations;
}

/** D18 in the demo: the launcher's local receiver subscribed to every event (once; a restart keeps it). */
async function subscribeDemoWebhook(
  client: PartnerClient,
  url: string,
  log: (line: string) => void,
): Promise<void> {
  const existing = await client.call<{ items: { url: string }[] }>('GET', '/api/webhooks');
  if (existing.status === 200 && existing.body.items.some((w) => w.url === url)) return;
  const created = await client.call<{ id: string }>('POST', '/api/webhooks', {
    url,
    events: ['device.manual_retry_required', 'device.switch_failed', 'alert.raised', 'migration.summary'],
  });
  log(
    created.status === 201
      ? `[demo] webhook to the local receiver ${url} (Settings → Webhooks)`
      : `[demo] the demo webhook was not added (${created.status}): ${JSON.stringify(created.body)}`,
  );
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
  const migrations = await seedDemo(options.baseUrl, new Date(), log);
  return DEMO_MIGRATIONS.map((demo, i) => {
    const fleet = startFleet({
      ...demoFleetOptions(demo),
      baseUrl: options.baseUrl,
      enrollmentKey: migrations[i].enrollmentKey,
      speed: options.speed ?? 10,
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
