import { DataSource, type DataSourceOptions } from 'typeorm';

/** Advisory lock key (pg_advisory_lock(bigint)) under which one process at a time migrates the schema. */
const MIGRATIONS_LOCK = 720_000_001;

/**
 * Opens the data source and brings the schema up to date. On PostgreSQL the migrations run under a
 * session advisory lock, so replicas starting together on an empty database take turns: the first
 * migrates, the others find nothing left to run. The embedded PGlite serves one process.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
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
