import { randomBytes, randomUUID } from 'node:crypto';
import type { DeviceStatus, MigrationType } from '@cutover/domain';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { lastCheckIn } from '../factories';
import type { TestApp } from '../test-app';

export const PASSWORD = 'correct horse battery';

export interface Partner {
  /** A supertest agent that keeps the session cookie; sends JSON. */
  agent: ReturnType<typeof request.agent>;
  partnerId: string;
  userId: string;
  email: string;
}

let counter = 0;
function unique(): string {
  counter += 1;
  return `${process.pid}-${counter}-${randomBytes(3).toString('hex')}`;
}

/** Signs a new partner up (from its own client address, so sign-up limits do not interfere) and keeps its cookie. */
export async function signUp(
  t: TestApp,
  overrides: { email?: string; partnerName?: string } = {},
): Promise<Partner> {
  const agent = request.agent(t.server);
  const email = overrides.email ?? `user-${unique()}@partner.example`;
  const res = await agent
    .post('/api/auth/signup')
    .set(
      'x-forwarded-for',
      `10.${counter % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    )
    .send({ partnerName: overrides.partnerName ?? `Partner ${unique()}`, email, password: PASSWORD })
    .expect(201);
  return { agent, partnerId: res.body.partner.id, userId: res.body.user.id, email };
}

export async function createMigration(
  partner: Partner,
  body: {
    customerName?: string;
    cutoverAt?: string;
    migrationType?: MigrationType;
    maxConcurrentTransfers?: number | null;
  } = {},
): Promise<{ id: string; enrollmentKey: string; [key: string]: unknown }> {
  const res = await partner.agent
    .post('/api/migrations')
    .send({
      customerName: 'Contoso',
      cutoverAt: '2026-11-28T22:00:00.000Z',
      migrationType: 'exchange',
      ...body,
    })
    .expect(201);
  return res.body;
}

export interface DeviceSeed {
  hostname?: string;
  windowsUser?: string;
  userEmail?: string | null;
  status?: DeviceStatus;
  errorCode?: string | null;
  errorMessage?: string | null;
  nextRetryAt?: Date | null;
  manualRetryRequired?: boolean;
  lastSeenAt?: Date | null;
  clientLastSeenAt?: Date | null;
  serviceLastSeenAt?: Date | null;
  locked?: boolean | null;
  outlookVersion?: string | null;
  progressStage?: string | null;
  progressPercent?: number | null;
  profileCreatedAt?: Date | null;
  switchedAt?: Date | null;
}

/** Inserts devices directly (enrolment is the agent protocol's job); one statement for all of them. */
export async function makeDevices(
  db: DataSource,
  migration: { id: string; partnerId: string },
  seeds: DeviceSeed[],
): Promise<string[]> {
  if (seeds.length === 0) return [];
  const col = <K extends keyof DeviceSeed>(key: K, fallback: (i: number) => unknown) =>
    seeds.map((s, i) => (s[key] === undefined ? fallback(i) : s[key]));
  const rows: { id: string }[] = await db.query(
    `INSERT INTO device (migration_id, partner_id, hostname, windows_user, user_email, status, error_code, error_message,
                         next_retry_at, manual_retry_required, last_seen_at, client_last_seen_at, service_last_seen_at,
                         locked, outlook_version, progress_stage, progress_percent, profile_created_at, switched_at, token_hash)
     SELECT $1, $2, h, w, e, s, ec, em, nr, mr, ls, cls, sls, lk, ov, ps, pp, pc, sw, t
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::boolean[],
                   $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::boolean[], $15::text[], $16::text[],
                   $17::int[], $18::timestamptz[], $19::timestamptz[], $20::text[])
            WITH ORDINALITY AS x(h, w, e, s, ec, em, nr, mr, ls, cls, sls, lk, ov, ps, pp, pc, sw, t, n)
      ORDER BY n
     RETURNING id`,
    [
      migration.id,
      migration.partnerId,
      col('hostname', (i) => `PC-${String(i).padStart(4, '0')}`),
      col('windowsUser', (i) => `CONTOSO\\user${i}`),
      col('userEmail', (i) => `user${i}@contoso.example`),
      col('status', () => 'enrolled'),
      col('errorCode', () => null),
      col('errorMessage', () => null),
      col('nextRetryAt', () => null),
      col('manualRetryRequired', () => false),
      col('lastSeenAt', (i) => lastCheckIn(seeds[i])),
      col('clientLastSeenAt', () => null),
      col('serviceLastSeenAt', () => null),
      col('locked', () => null),
      col('outlookVersion', () => null),
      col('progressStage', () => null),
      col('progressPercent', () => null),
      col('profileCreatedAt', () => null),
      col('switchedAt', () => null),
      seeds.map(() => `test-${randomUUID()}`),
    ],
  );
  return rows.map((r) => r.id);
}

export async function raiseAlert(
  db: DataSource,
  device: { id: string; migrationId: string },
  code: string,
  raisedAt: Date,
  detail: string | null = null,
): Promise<void> {
  await db.query(
    `INSERT INTO alert (device_id, migration_id, code, detail, raised_at) VALUES ($1, $2, $3, $4, $5)`,
    [device.id, device.migrationId, code, detail, raisedAt],
  );
}

export async function addEvent(
  db: DataSource,
  device: { id: string; migrationId: string },
  type: string,
  at: Date,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    `INSERT INTO device_event (device_id, migration_id, at, type, detail) VALUES ($1, $2, $3, $4, $5)`,
    [device.id, device.migrationId, at, type, JSON.stringify(detail)],
  );
}

/** A simulated Outlook Assistant speaking the agent protocol (contract/agent-protocol.md). */
export async function enroll(
  t: TestApp,
  enrollmentKey: string,
  device: { hostname: string; windowsUser: string; userEmail?: string },
): Promise<{ deviceId: string; token: string }> {
  const res = await request(t.server)
    .post('/api/agent/v1/enroll')
    .send({ enrollmentKey, userEmail: `${device.windowsUser.split('\\').pop()}@contoso.example`, ...device })
    .expect(201);
  return { deviceId: res.body.deviceId, token: res.body.deviceToken };
}

export async function poll(t: TestApp, token: string): Promise<{ id: string; type: string }[]> {
  const res = await request(t.server)
    .post('/api/agent/v1/poll')
    .set('authorization', `Bearer ${token}`)
    .send({ component: 'client', session: { locked: false, userSignedIn: true } })
    .expect(200);
  return res.body.commands;
}

export async function fail(t: TestApp, token: string, commandId: string, errorCode: string): Promise<void> {
  await request(t.server)
    .post(`/api/agent/v1/commands/${commandId}/result`)
    .set('authorization', `Bearer ${token}`)
    .send({ status: 'failed', errorCode })
    .expect(200);
}

/** Rows of the tables a partner can change, to prove a request changed nothing. */
export async function snapshot(db: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of [
    'partner',
    'app_user',
    'migration',
    'device',
    'command',
    'device_event',
    'alert',
    'activity',
    'retry_request',
  ]) {
    out[table] = await db.query(`SELECT * FROM ${table} ORDER BY 1`);
  }
  return out;
}

/** PUT a mailbox mapping as CSV (D15), with the CSRF header a browser's form would send. */
export function putMappingCsv(who: Partner, migrationId: string, csv: string | Buffer) {
  return who.agent
    .put(`/api/migrations/${migrationId}/mailbox-mappings`)
    .set('content-type', 'text/csv; charset=utf-8')
    .set('x-requested-with', 'XMLHttpRequest')
    .send(typeof csv === 'string' ? csv : csv.toString('utf8'));
}

/** PUT a mailbox mapping as JSON (D15). */
export function putMappingJson(who: Partner, migrationId: string, items: unknown[]) {
  return who.agent.put(`/api/migrations/${migrationId}/mailbox-mappings`).send({ items });
}
