import type { DataSourceOptions } from 'typeorm';
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { MIGRATIONS } from './migrations';
import { serialPGliteDriver } from './pglite-driver';

/** One definition for the app, the tests and the migration CLI: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function dataSourceOptions(
  config: Pick<
    AppConfig,
    | 'databaseUrl'
    | 'dataDir'
    | 'databasePoolSize'
    | 'databaseAcquireTimeoutMs'
    | 'databaseStatementTimeoutMs'
    | 'databaseLockTimeoutMs'
  >,
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: [], // every query is explicit SQL in a repository: no ORM mappings
    migrations: MIGRATIONS,
    // run by runMigrations (migrations-lock.ts) under an advisory lock: replicas may start together
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    // ids default to the built-in gen_random_uuid(): PGlite has neither uuid-ossp nor pgcrypto
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: false, // failures surface as exceptions and are logged once by the error filter
  };
  if (config.databaseUrl) {
    return {
      ...common,
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      extra: {
        application_name: 'cutover-api',
        // node-postgres: how long a request waits for a pooled connection, then fails (503)
        connectionTimeoutMillis: config.databaseAcquireTimeoutMs,
        // set on each connection: no statement, lock wait or forgotten transaction holds one without bound
        statement_timeout: config.databaseStatementTimeoutMs,
        lock_timeout: config.databaseLockTimeoutMs,
        idle_in_transaction_session_timeout: Math.max(60_000, config.databaseStatementTimeoutMs * 2),
        // no JIT: our statements are short keyset pages and set-based writes, where compiling costs more
        // than it saves (a device-list page: ~20 ms of JIT for ~2 ms of work, because the queue-position
        // subquery's estimate crosses jit_above_cost). No parallel workers either: starting them costs more
        // than the scans they split (the D12 summary at 100 000 devices: ~57 ms serial, 150-250 ms with two
        // workers on this 2-core machine), and they would take cores from the API's own process. Both are
        // sent as startup options, so they cost no round trip.
        options: '-c jit=off -c max_parallel_workers_per_gather=0',
      },
    };
  }
  return {
    ...common,
    driver: serialPGliteDriver({
      dataDir: config.dataDir === null ? null : path.join(config.dataDir, 'pglite'),
    }),
  };
}
