import type { EntityManager } from 'typeorm';

/**
 * The rows of a query, whatever its command. TypeORM answers UPDATE/DELETE on node-postgres with
 * `[rows, rowCount]` but with plain rows on PGlite (and for SELECT/INSERT everywhere): SQL with
 * RETURNING reads the same on both drivers through this.
 */
export async function queryRows<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await manager.query(sql, parameters);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}
