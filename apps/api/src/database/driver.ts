import type { EntityManager } from 'typeorm';

/** Whether the manager runs on PostgreSQL through node-postgres; the embedded PGlite's driver is given in options.driver. */
export function onNodePostgres(manager: EntityManager): boolean {
  return (manager.connection.driver as { options: { driver?: unknown } }).options.driver === undefined;
}
