/** Seconds a client is told to wait (Retry-After) when the database cannot serve it right now. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 15;

// 53xxx insufficient resources, 57P0x shutting down / starting up / cannot connect now; and what a busy
// database answers a request that waited too long: 57014 statement timeout, 55P03 lock timeout, and
// 40001 / 40P01 still there after the transaction's retries (database/transactions.ts)
const UNAVAILABLE_SQLSTATES = new Set([
  '53000',
  '53100',
  '53200',
  '53300',
  '53400',
  '57P01',
  '57P02',
  '57P03',
  '57P04',
  '57P05',
  '57014',
  '55P03',
  '40001',
  '40P01',
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// TypeORM's own names for a connection that went away under a query runner (a database restart)
const UNAVAILABLE_ERROR_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
  'ConnectionIsNotSetError',
  'CannotConnectAlreadyConnectedError',
  'DatabaseUnavailableError',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end|Driver not Connected/i;

/** Thrown where the service finds no connection to use at all (the pool is gone: shutting down). */
export class DatabaseUnavailableError extends Error {
  constructor(message = 'The database connection pool is closed.') {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The SQLSTATE (or Node error code) of a driver error, also when TypeORM wrapped it. */
export function driverCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The database is down, restarting, out of connections or too busy: the request itself was fine (503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const code = driverCode(error);
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(code)))
    return true;
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string' && UNAVAILABLE_ERROR_NAMES.has(name)) return true;
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGE.test(message);
}
