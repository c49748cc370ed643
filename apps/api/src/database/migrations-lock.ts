import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';

interface PgClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgPool {
  on(event: 'connect', listener: (client: PgClient) => void): unknown;
  _clients?: PgClient[];
}

const logger = new Logger('Database');

/**
 * A pooled connection that the server drops while it is checked out but between statements (a
 * restart, pg_terminate_backend) emits 'error' with nobody listening, which would crash the process:
 * every connection gets a listener (the statement that next uses it fails, and is answered 503).
 */
function guardConnections(pool: PgPool | undefined): void {
  if (!pool || typeof pool.on !== 'function') return;
  const guard = (client: PgClient) =>
    client.on('error', (error) =>
      logger.warn({ msg: 'a database connection was lost; the pool replaces it', error: error.message }),
    );
  pool.on('connect', guard);
  for (const client of pool._clients ?? []) guard(client);
}

/** Advisory lock key (pg_advisory_lock(bigint)) under which one process at a time migrates the schema. */
const MIGRATIONS_LOCK = 720_000_001;

/**
 * Opens the data source and brings the schema up to date. On PostgreSQL the migrations run under a
 * session advisory lock, so replicas starting together on an empty database take turns: the first
 * migrates, the others find nothing left to run. The embedded PGlite serves one process.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  guardConnections((dataSource.driver as unknown as { master?: PgPool }).master);
  // the embedded database comes with its own driver (pglite-driver.ts); PostgreSQL with a url
  const embedded = (options as { driver?: unknown }).driver !== undefined;
  if (embedded) {
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]);
    }
  } finally {
    await lock.release();
  }
  return dataSource;
}
