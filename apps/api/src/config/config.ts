import * as path from 'node:path';

/** Everything the service reads from its environment, validated once at start. */
export interface AppConfig {
  port: number;
  host: string;
  /** Unset: embedded PGlite in dataDir. */
  databaseUrl: string | null;
  /** Where the embedded database keeps its files; null = in memory (DATA_DIR=memory://, for tests). */
  dataDir: string | null;
  /** Size of the pg connection pool per API process (PostgreSQL only). */
  databasePoolSize: number;
  /** Connections of the pool agent work may never take: partner requests and health checks get them during an agent flood. */
  databasePartnerReserve: number;
  /** A request waits at most this long for a pooled connection, then answers 503 (Retry-After). */
  databaseAcquireTimeoutMs: number;
  /** A statement running longer is cancelled (503): nothing holds a connection without bound. */
  databaseStatementTimeoutMs: number;
  /** A statement waiting longer for a row or table lock gives up (503) instead of queueing behind it. */
  databaseLockTimeoutMs: number;
  /** Agent requests queued for database work beyond this are answered 503 with Retry-After at once (load shedding). */
  agentMaxQueued: number;
  /** A command delivered this many times without a result is given up (the device shows NO_RESULT_FROM_AGENT). */
  commandMaxDeliveries: number;
  /** Directory of the built dashboard; null when it should not be served. */
  staticDir: string | null;
  logFormat: 'json' | 'pretty';
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** Public base URL, used for absolute links and the Secure cookie flag. */
  publicUrl: string | null;
  signupEnabled: boolean;
  cookieSecure: boolean;
  sessionTtlHours: number;
  /** Trust X-Forwarded-For (client address for login limits) only behind a proxy that sets it. */
  trustProxy: boolean;
  pollIntervalSeconds: number;
  /** How often the lifecycle sweep applies time-driven status changes (leases, due retries, C + 10 min); 0 = off. */
  lifecycleSweepSeconds: number;
  /** Device states the agent fast path keeps in memory per process (LRU). */
  agentCacheSize: number;
  /** The cache is trusted only while this process's notifications arrived within this many ms. */
  agentCacheMaxStalenessMs: number;
  /** No-op polls' check-ins are written together this often; 0 writes each at once. */
  checkInFlushMs: number;
  /** D18: webhooks may target http:// loopback addresses (tests, the demo's receiver); https:// only otherwise. */
  webhooksAllowHttp: boolean;
  /** How often each process sends due webhook deliveries; 0 = off (tests call the dispatcher by hand). */
  webhookDispatchMs: number;
  /** Deliveries in flight at once per webhook endpoint, per process (a burst never floods one receiver). */
  webhookConcurrency: number;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; null leaves it open (keep it off the public network). */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const repoRoot = path.resolve(__dirname, '../../../..');

/** Parses and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max} (default ${fallback}).`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'off', 'no'].includes(raw)) return false;
    problems.push(`${name}="${raw}" must be on/off (true/false, 1/0).`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}="${raw}" must be one of ${allowed.join(', ')}.`);
      return fallback;
    }
    return raw as T;
  };

  // a bearer secret: sent in a header as it is, long enough not to be guessed
  const token = (name: string): string | null => {
    const raw = read(name);
    if (raw === undefined) return null;
    if (!/^[\x21-\x7e]{16,512}$/.test(raw)) {
      problems.push(`${name} must be 16 to 512 printable ASCII characters without spaces (or unset).`);
      return null;
    }
    return raw;
  };

  const databaseUrl = read('DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must start with postgres:// or postgresql:// (unset it to use the embedded database).',
    );
  }
  const publicUrl = read('PUBLIC_URL') ?? null;
  if (publicUrl !== null && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    problems.push(
      `PUBLIC_URL="${publicUrl}" must be an absolute http(s) URL such as https://cutover.example.com.`,
    );
  }
  const staticRaw = read('STATIC_DIR');
  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: read('HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: read('DATA_DIR') === 'memory://' ? null : path.resolve(read('DATA_DIR') ?? '.data'),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 2, 200),
    databasePartnerReserve: int('DATABASE_PARTNER_RESERVE', 2, 1, 100),
    databaseAcquireTimeoutMs: int('DATABASE_ACQUIRE_TIMEOUT_MS', 5000, 100, 120_000),
    databaseStatementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000),
    databaseLockTimeoutMs: int('DATABASE_LOCK_TIMEOUT_MS', 5000, 100, 3_600_000),
    agentMaxQueued: int('AGENT_MAX_QUEUED', 200, 0, 100_000),
    commandMaxDeliveries: int('COMMAND_MAX_DELIVERIES', 5, 1, 1000),
    staticDir:
      staticRaw === 'off' ? null : path.resolve(staticRaw ?? path.join(repoRoot, 'apps/dashboard/dist')),
    logFormat: oneOf('LOG_FORMAT', ['json', 'pretty'] as const, 'json'),
    logLevel: oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    publicUrl,
    signupEnabled: bool('SIGNUP_ENABLED', true),
    cookieSecure: bool('COOKIE_SECURE', publicUrl?.startsWith('https://') ?? false),
    sessionTtlHours: int('SESSION_TTL_HOURS', 12, 1, 24 * 90),
    trustProxy: bool('TRUST_PROXY', false),
    pollIntervalSeconds: int('POLL_INTERVAL_SECONDS', 120, 5, 3600),
    lifecycleSweepSeconds: int('LIFECYCLE_SWEEP_SECONDS', 15, 0, 3600),
    agentCacheSize: int('AGENT_CACHE_SIZE', 50_000, 0, 10_000_000),
    agentCacheMaxStalenessMs: int('AGENT_CACHE_MAX_STALENESS_MS', 5000, 1000, 60_000),
    checkInFlushMs: int('CHECKIN_FLUSH_MS', 1000, 0, 60_000),
    metricsToken: token('METRICS_TOKEN'),
    webhooksAllowHttp: bool('WEBHOOKS_ALLOW_HTTP', false),
    webhookDispatchMs: int('WEBHOOK_DISPATCH_MS', 1000, 0, 60_000),
    webhookConcurrency: int('WEBHOOK_CONCURRENCY', 4, 1, 64),
  };
  if (config.databasePartnerReserve >= config.databasePoolSize) {
    problems.push(
      `DATABASE_PARTNER_RESERVE (${config.databasePartnerReserve}) must be smaller than DATABASE_POOL_SIZE (${config.databasePoolSize}): agent work needs a connection too.`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
