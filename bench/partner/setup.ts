/**
 * The partner bench's ground: a scratch database of its own, the real API booted on it, a partner with a
 * session and its migrations, and the devices seeded with set-based SQL.
 *
 * Loads API sources: load it with `load('./partner/setup')` after useSwcForApiSources() (bench/partner.ts).
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type * as BootstrapModule from '../../apps/api/src/bootstrap';
import type * as ConfigModule from '../../apps/api/src/config/config';
import { DEVICES, RUNS, SERVER_URL, WARMUP, loadAverage, ms, type Inject } from './measure';

// loaded through the swc hook (a static import would be compiled by tsx's esbuild, without decorator metadata)
const load = createRequire(__filename);
const { createApp } = load('../../apps/api/src/bootstrap') as typeof BootstrapModule;
const { loadConfig } = load('../../apps/api/src/config/config') as typeof ConfigModule;

export interface Migration {
  id: string;
  partnerId: string;
}

/** What the measuring parts work with: the API, a plain SQL connection, the partner's session and migrations. */
export interface Bench {
  app: NestFastifyApplication;
  inject: Inject;
  sql: Client;
  headers: Record<string, string>;
  partnerId: string;
  /** the partner's user the session belongs to */
  userId: string;
  /** DEVICES devices, a realistic mix: the device list and the summary */
  listMigration: Migration;
  /** 10 000 devices, all profile_failed: the bulk actions */
  bulk10k: Migration;
  /** DEVICES devices, all profile_failed: the bulk actions */
  bulk100k: Migration;
}

export async function withDatabase<T>(work: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `cutover_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  // BENCH_LOG_SLOW_MS=20: statements slower than that go to the server log (to profile)
  if (process.env.BENCH_LOG_SLOW_MS)
    await admin.query(
      `ALTER DATABASE ${name} SET log_min_duration_statement = ${Number(process.env.BENCH_LOG_SLOW_MS)}`,
    );
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    if (process.env.BENCH_KEEP_DB !== '1') {
      const drop = new Client({ connectionString: SERVER_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    } else {
      console.log(`kept database ${url.toString()}`);
    }
  }
}

/** The real API (createApp) on `databaseUrl`, and its Fastify inject (in-process HTTP). */
export async function boot(databaseUrl: string): Promise<{ app: NestFastifyApplication; inject: Inject }> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    STATIC_DIR: 'off',
    LOG_LEVEL: 'error',
    DEMO: 'off',
    LIFECYCLE_SWEEP_SECONDS: '0',
  });
  const app = await createApp(config, { logger: ['error'] as never });
  const inject: Inject = (options) => app.getHttpAdapter().getInstance().inject(options);
  return { app, inject };
}

/** Set-based seed: `count` devices of one migration with a realistic mix of sites, statuses, errors and alerts. */
export async function seedDevices(
  sql: Client,
  migration: Migration,
  count: number,
  mix: 'realistic' | 'all-failed',
): Promise<void> {
  await sql.query(
    `INSERT INTO device (migration_id, partner_id, hostname, windows_user, user_email, token_hash, status, error_code, error_message,
                         profile_created_at, switched_at, last_seen_at, client_last_seen_at, service_last_seen_at, locked,
                         user_signed_in, outlook_version, enrolled_at, progress_stage, progress_percent)
     SELECT $1, $2,
            site || '-' || lpad(n::text, 6, '0'),
            'CONTOSO\\' || 'user' || n,
            CASE WHEN n % 50 = 0 THEN NULL ELSE 'user' || n || '@contoso.com' END,
            md5($5 || n::text),
            s.status,
            CASE WHEN s.status IN ('profile_failed', 'switch_failed')
                 THEN (ARRAY['AUTODISCOVER_FAILED','CREDENTIAL_PROMPT_TIMEOUT','DISK_FULL','PROFILE_CREATION_FAILED'])[1 + n % 4] END,
            CASE WHEN s.status IN ('profile_failed', 'switch_failed') THEN 'seeded failure' END,
            CASE WHEN s.status IN ('profile_ready', 'queued_for_bandwidth', 'switching', 'switch_failed', 'completed', 'deferred')
                 THEN now() - interval '1 day' END,
            CASE WHEN s.status = 'completed' THEN now() - interval '1 hour' END,
            now() - (n % 3600) * interval '1 second',
            now() - (n % 3600) * interval '1 second',
            now() - (n % 7200) * interval '1 second',
            n % 10 = 0, true, '16.0.' || (4000 + n % 900) || '.1000',
            now() - interval '3 days',
            CASE WHEN s.status = 'switching' THEN 'transferring_data' END,
            CASE WHEN s.status = 'switching' THEN n % 100 END
       FROM generate_series(1, $3::int) AS n
       CROSS JOIN LATERAL (SELECT (ARRAY['NYC','LON','BER','PAR','TYO','SYD','SFO','AMS'])[1 + (n * 7919) % 8] AS site) AS h
       CROSS JOIN LATERAL (SELECT CASE WHEN $4 = 'all-failed' THEN 'profile_failed'
                                  ELSE (ARRAY['profile_ready','profile_ready','profile_ready','profile_ready','profile_ready',
                                              'enrolled','enrolled','profile_failed','completed','waiting_for_device',
                                              'switching','switch_failed','creating_profile','queued_for_bandwidth',
                                              'profile_ready','enrolled','completed','deferred','profile_ready','profile_ready'])[1 + (n * 31) % 20]
                                  END AS status) AS s`,
    [migration.id, migration.partnerId, count, mix, randomBytes(4).toString('hex')],
  );
  if (mix === 'realistic') {
    await sql.query(
      `INSERT INTO alert (device_id, migration_id, code, detail, raised_at)
       SELECT id, migration_id, 'OUTLOOK_OUTDATED', outlook_version, now() - interval '2 hours'
         FROM device WHERE migration_id = $1 AND outlook_version < '16.0.4050'`,
      [migration.id],
    );
  }
}

/**
 * Prints the machine and the run's settings, signs up a partner (and another one), creates the
 * migrations and seeds their devices: the context the measuring parts share.
 */
export async function setUp(app: NestFastifyApplication, inject: Inject, sql: Client): Promise<Bench> {
  console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()} at start`);
  console.log(
    `Cutover partner API bench — PostgreSQL ${(await sql.query('SHOW server_version')).rows[0].server_version}, ${DEVICES} devices per migration, ${RUNS} runs per page type (+${WARMUP} warm-up)\n`,
  );

  // a partner with a session, and its migrations
  const signup = await inject({
    method: 'POST',
    url: '/api/auth/signup',
    headers: { 'content-type': 'application/json' },
    payload: { partnerName: 'Bench IT', email: 'bench@bench.example', password: 'bench password 1234' },
  });
  const cookie = String(signup.headers['set-cookie']).split(';')[0];
  const signedUp = JSON.parse(signup.body) as { partner: { id: string }; user: { id: string } };
  const partnerId = signedUp.partner.id;
  const userId = signedUp.user.id;
  const headers = { cookie, 'content-type': 'application/json' };
  const createMigration = async (customerName: string) => {
    const res = await inject({
      method: 'POST',
      url: '/api/migrations',
      headers,
      payload: {
        customerName,
        cutoverAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        migrationType: 'exchange',
      },
    });
    return { id: JSON.parse(res.body).id as string, partnerId };
  };
  const listMigration = await createMigration('List 100k');
  const bulk10k = await createMigration('Bulk 10k');
  const bulk100k = await createMigration('Bulk 100k');
  // another partner's devices in the same table, so every index must tell migrations apart
  const other = await inject({
    method: 'POST',
    url: '/api/auth/signup',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' },
    payload: { partnerName: 'Other IT', email: 'other@bench.example', password: 'bench password 1234' },
  });
  const otherPartner = JSON.parse(other.body).partner.id as string;
  const otherMigration = (
    await sql.query(
      `INSERT INTO migration (partner_id, customer_name, cutover_at, migration_type, enrollment_key) VALUES ($1, 'Other', now(), 'imap', 'bench-other') RETURNING id`,
      [otherPartner],
    )
  ).rows[0].id as string;

  const start = performance.now();
  await seedDevices(sql, listMigration, DEVICES, 'realistic');
  await seedDevices(sql, bulk10k, 10_000, 'all-failed');
  await seedDevices(sql, bulk100k, DEVICES, 'all-failed');
  await seedDevices(sql, { id: otherMigration, partnerId: otherPartner }, DEVICES / 2, 'realistic');
  await sql.query('VACUUM ANALYZE');
  const seeded = (await sql.query(`SELECT count(*)::int AS n FROM device`)).rows[0].n as number;
  const alerts = (await sql.query(`SELECT count(*)::int AS n FROM alert`)).rows[0].n as number;
  console.log(
    `seeded ${seeded} devices and ${alerts} alerts in ${ms(performance.now() - start)} (set-based INSERT … SELECT generate_series)\n`,
  );

  return { app, inject, sql, headers, partnerId, userId, listMigration, bulk10k, bulk100k };
}
