import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CommandState,
  type CommandType,
  type DeviceStatus,
  type MigrationType,
  type ProgressStage,
  defaultMaxConcurrentTransfers,
} from '@cutover/domain';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Data factories: partner, user, migration, device and command rows written by SQL, for tests that
 * need a state without walking the protocol to it. Every column has a sensible default; pass only
 * what the test is about.
 */

type Db = DataSource | EntityManager;

function unique(): string {
  return randomBytes(6).toString('hex');
}

export interface PartnerSeed {
  id: string;
  name: string;
}

export async function makePartner(db: Db, overrides: { name?: string } = {}): Promise<PartnerSeed> {
  const name = overrides.name ?? `Partner ${unique()}`;
  const [row] = await db.query(`INSERT INTO partner (name) VALUES ($1) RETURNING id`, [name]);
  return { id: row.id, name };
}

/** A partner user (for actor ids); its password hash is not a usable one. */
export async function makeUser(
  db: Db,
  partnerId: string,
  overrides: { email?: string } = {},
): Promise<{ id: string; email: string }> {
  const email = overrides.email ?? `user-${unique()}@partner.example`;
  const [row] = await db.query(
    `INSERT INTO app_user (partner_id, email, password_hash) VALUES ($1, $2, 'not-a-hash') RETURNING id`,
    [partnerId, email],
  );
  return { id: row.id, email };
}

export interface MigrationSeed {
  id: string;
  partnerId: string;
  enrollmentKey: string;
  cutoverAt: Date;
  migrationType: MigrationType;
  maxConcurrentTransfers: number | null;
  pollIntervalSeconds: number;
}

/**
 * A migration (and its partner unless partnerId is given). maxConcurrentTransfers defaults as the
 * partner API does on create (D11: a cap for POP3, none for the others).
 */
export async function makeMigration(
  db: Db,
  overrides: Partial<Omit<MigrationSeed, 'id'>> & { customerName?: string } = {},
): Promise<MigrationSeed> {
  const partnerId = overrides.partnerId ?? (await makePartner(db)).id;
  const migrationType = overrides.migrationType ?? 'exchange';
  const seed = {
    partnerId,
    enrollmentKey: overrides.enrollmentKey ?? `key-${unique()}`,
    cutoverAt: overrides.cutoverAt ?? new Date('2026-11-28T22:00:00.000Z'),
    migrationType,
    maxConcurrentTransfers:
      overrides.maxConcurrentTransfers === undefined
        ? defaultMaxConcurrentTransfers(migrationType)
        : overrides.maxConcurrentTransfers,
    pollIntervalSeconds: overrides.pollIntervalSeconds ?? 120,
  };
  const [row] = await db.query(
    `INSERT INTO migration (partner_id, customer_name, cutover_at, migration_type, max_concurrent_transfers,
                            poll_interval_seconds, enrollment_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      partnerId,
      overrides.customerName ?? 'Contoso',
      seed.cutoverAt,
      migrationType,
      seed.maxConcurrentTransfers,
      seed.pollIntervalSeconds,
      seed.enrollmentKey,
    ],
  );
  return { id: row.id, ...seed };
}

export interface DeviceSeed {
  hostname?: string;
  windowsUser?: string;
  userEmail?: string | null;
  mailbox?: string | null;
  status?: DeviceStatus;
  outlookVersion?: string | null;
  locked?: boolean | null;
  userSignedIn?: boolean | null;
  enrolledAt?: Date;
  lastSeenAt?: Date | null;
  clientLastSeenAt?: Date | null;
  serviceLastSeenAt?: Date | null;
  profileCreatedAt?: Date | null;
  switchedAt?: Date | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  errorAt?: Date | null;
  nextRetryAt?: Date | null;
  manualRetryRequired?: boolean;
  switchNotBefore?: Date | null;
  progressStage?: ProgressStage | null;
  progressPercent?: number | null;
  /** Store this token's hash (hashDeviceToken) to act as the device over HTTP. */
  tokenHash?: string;
}

const DEVICE_COLUMNS: [keyof DeviceSeed, string, string][] = [
  ['hostname', 'hostname', 'text'],
  ['windowsUser', 'windows_user', 'text'],
  ['userEmail', 'user_email', 'text'],
  ['mailbox', 'mailbox', 'text'],
  ['status', 'status', 'text'],
  ['outlookVersion', 'outlook_version', 'text'],
  ['locked', 'locked', 'boolean'],
  ['userSignedIn', 'user_signed_in', 'boolean'],
  ['enrolledAt', 'enrolled_at', 'timestamptz'],
  ['lastSeenAt', 'last_seen_at', 'timestamptz'],
  ['clientLastSeenAt', 'client_last_seen_at', 'timestamptz'],
  ['serviceLastSeenAt', 'service_last_seen_at', 'timestamptz'],
  ['profileCreatedAt', 'profile_created_at', 'timestamptz'],
  ['switchedAt', 'switched_at', 'timestamptz'],
  ['errorCode', 'error_code', 'text'],
  ['errorMessage', 'error_message', 'text'],
  ['errorAt', 'error_at', 'timestamptz'],
  ['nextRetryAt', 'next_retry_at', 'timestamptz'],
  ['manualRetryRequired', 'manual_retry_required', 'boolean'],
  ['switchNotBefore', 'switch_not_before', 'timestamptz'],
  ['progressStage', 'progress_stage', 'text'],
  ['progressPercent', 'progress_percent', 'int'],
  ['tokenHash', 'token_hash', 'text'],
];

/** last_seen_at as check-ins keep it (the later of the client's and the service's): D2's online reads it. */
export function lastCheckIn(seed: {
  clientLastSeenAt?: Date | null;
  serviceLastSeenAt?: Date | null;
}): Date | null {
  const times = [seed.clientLastSeenAt, seed.serviceLastSeenAt].filter((t): t is Date => t instanceof Date);
  return times.length === 0 ? null : new Date(Math.max(...times.map((t) => t.getTime())));
}

/** Devices of one migration in one INSERT (unnest), in the order given; returns their ids. */
export async function makeDevices(
  db: Db,
  migration: Pick<MigrationSeed, 'id' | 'partnerId'>,
  seeds: DeviceSeed[],
): Promise<string[]> {
  if (seeds.length === 0) return [];
  const tag = unique();
  const defaults: Partial<Record<keyof DeviceSeed, (i: number) => unknown>> = {
    hostname: (i) => `PC-${tag}-${String(i).padStart(5, '0')}`,
    windowsUser: (i) => `CONTOSO\\user${i}`,
    userEmail: (i) => `user${i}-${tag}@contoso.example`,
    status: () => 'enrolled',
    enrolledAt: () => new Date('2026-11-20T09:00:00.000Z'),
    manualRetryRequired: () => false,
    lastSeenAt: (i) => lastCheckIn(seeds[i]),
    tokenHash: () => `test-${randomUUID()}`,
  };
  const values = DEVICE_COLUMNS.map(([field]) =>
    seeds.map((seed, i) => (seed[field] !== undefined ? seed[field] : (defaults[field]?.(i) ?? null))),
  );
  const names = DEVICE_COLUMNS.map(([, column]) => column);
  const rows: { id: string }[] = await db.query(
    `INSERT INTO device (migration_id, partner_id, ${names.join(', ')})
     SELECT $1, $2, ${names.map((n) => `x.${n}`).join(', ')}
     FROM unnest(${DEVICE_COLUMNS.map(([, , type], i) => `$${i + 3}::${type}[]`).join(', ')})
       WITH ORDINALITY AS x(${names.join(', ')}, n)
     ORDER BY x.n
     RETURNING id`,
    [migration.id, migration.partnerId, ...values],
  );
  return rows.map((r) => r.id);
}

export async function makeDevice(
  db: Db,
  migration: Pick<MigrationSeed, 'id' | 'partnerId'>,
  seed: DeviceSeed = {},
): Promise<string> {
  const [id] = await makeDevices(db, migration, [seed]);
  return id;
}

export interface CommandSeed {
  deviceId: string;
  migrationId: string;
  type?: CommandType;
  state?: CommandState;
  source?: 'auto' | 'retry' | 'manual';
  payload?: Record<string, unknown>;
  availableAt?: Date;
  createdAt?: Date;
  issuedAt?: Date | null;
  leaseExpiresAt?: Date | null;
  deliveryCount?: number;
}

/** A command row; its defaults are a CREATE_PROFILE queued and available at createdAt. */
export async function makeCommand(db: Db, seed: CommandSeed): Promise<string> {
  const createdAt = seed.createdAt ?? new Date('2026-11-20T09:00:00.000Z');
  const [row] = await db.query(
    `INSERT INTO command (device_id, migration_id, type, state, source, payload, available_at, created_at, issued_at,
                          lease_expires_at, delivery_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [
      seed.deviceId,
      seed.migrationId,
      seed.type ?? 'CREATE_PROFILE',
      seed.state ?? 'queued',
      seed.source ?? 'auto',
      JSON.stringify(seed.payload ?? {}),
      seed.availableAt ?? createdAt,
      createdAt,
      seed.issuedAt ?? null,
      seed.leaseExpiresAt ?? null,
      seed.deliveryCount ?? 0,
    ],
  );
  return row.id;
}
