/**
 * Which database failures are transient: the same request may well succeed if retried shortly, so the client is
 * told "unavailable, retry" rather than "internal failure". Recognised by the drivers' error codes only (no driver is
 * imported here): SQLite busy or locked (another connection holds the write lock past the busy timeout), PostgreSQL
 * connection lost or refused, server shutting down or not accepting connections, too many connections, statement
 * timeout, dialtone's own bound on a statement's answer (`query_timeout`: the server stopped answering), and the pool's
 * wait for a free connection timing out.
 *
 * A full disk (SQLITE_FULL, PostgreSQL 53100 disk_full) counts as transient too: the request is sound, nothing of it
 * was stored (the failed statement or commit is undone), and the same request succeeds unchanged, without a restart,
 * as soon as there is space again — "not now, retry" is what the client needs to hear, not "the service failed on
 * your request". The operator learns of it from the error logged for every 5xx (docs/operations.md).
 */

const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|FULL)(_|$)/;
/**
 * SQLSTATE classes and codes: 08 connection exception, 57P01-03 shutdown / cannot connect now, 53100 disk full, 53300
 * too many connections, 57014 query cancelled (statement timeout), 40001/40P01 serialization failure / deadlock.
 */
const POSTGRES_STATES = /^(08...|57P0[123]|53100|53300|57014|40001|40P01)$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN', 'EAI_AGAIN']);
/**
 * node-postgres reports without a code: a lost connection, a pool wait timeout, a statement whose answer did not come
 * within `query_timeout` (the server hangs), and a statement on a connection closed after such a timeout.
 */
const POSTGRES_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
  /^Query read timeout$/,
  /^Client was closed and is not queryable$/,
];

/** True when `error` (or an error in its `cause` chain) is a transient database failure. */
export function isTransientStorageError(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SQLITE_CODES.test(code) || POSTGRES_STATES.test(code) || NETWORK_CODES.has(code))) return true;
    if (typeof message === 'string' && POSTGRES_MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}
