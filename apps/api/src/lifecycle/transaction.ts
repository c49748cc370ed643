import { DomainError } from '@cutover/domain';
import type { DataSource, EntityManager } from 'typeorm';

/** Seconds an agent is told to wait (Retry-After) when the database cannot serve it right now. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 15;

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock detected
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function driverCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The database is down, restarting or out of connections: the request itself was fine. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = driverCode(error);
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(code)))
    return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/**
 * Runs work in one transaction. A deadlock or serialization failure (two processes touching the
 * same rows in another order) is retried; an unreachable database becomes OVERLOADED (503 with
 * Retry-After), never a 500: agents back off and come again.
 */
export async function inTransaction<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (RETRYABLE.has(driverCode(error) ?? '') && attempt < attempts) continue;
      throw asUnavailable(error);
    }
  }
}

/** Maps "database unavailable" to OVERLOADED; anything else is returned unchanged. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof DomainError || !isDatabaseUnavailable(error)) return error;
  return new DomainError('OVERLOADED', undefined, { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });
}
