/** Error codes of node's sockets and of PostgreSQL (admin shutdown, crash, cannot connect now, too many clients). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** pg's words for a lost or refused connection, and `ALLOW_CONNECTIONS false` / a database being dropped (55000). */
const CONNECTION_ERROR_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|is not currently accepting connections/i;

/**
 * The one rule for "PostgreSQL cannot be reached or is restarting" (pg, and TypeORM wrapping pg's error in
 * `driverError`): the event store turns it into `EventStoreUnavailable`, the HTTP edge into 503.
 */
export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, driverError } = error as { code?: unknown; message?: unknown; driverError?: unknown };
  if (driverError && isConnectionError(driverError)) return true;
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && CONNECTION_ERROR_MESSAGE.test(message);
}
