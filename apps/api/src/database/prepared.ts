import type { EntityManager } from 'typeorm';
import { DatabaseUnavailableError } from '../common/database-errors';
import { onNodePostgres } from './driver';
import { queryRows } from './query-rows';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface QueryRunnerLike {
  connect(): Promise<unknown>;
  isReleased: boolean;
}

/**
 * A statement the service runs many times: on PostgreSQL a named prepared statement (parsed and
 * planned once per connection, not on every call), on the embedded PGlite a plain query. Inside a
 * transaction it runs on the transaction's connection.
 */
export async function preparedRows<T>(
  manager: EntityManager,
  statement: { name: string; text: string },
  values: unknown[],
): Promise<T[]> {
  // the embedded database has no node-postgres client underneath
  if (!onNodePostgres(manager)) return queryRows<T>(manager, statement.text, values);
  const driver = manager.connection.driver as { master?: unknown };
  const runner = manager.queryRunner as QueryRunnerLike | undefined;
  if (runner && !runner.isReleased) {
    const client = (await runner.connect()) as PgClient;
    return (await client.query({ ...statement, values })).rows as T[];
  }
  const pool = driver.master as PgClient | undefined;
  if (!pool) throw new DatabaseUnavailableError();
  return (await pool.query({ ...statement, values })).rows as T[];
}
