/**
 * The one default of SQLite's busy timeout (ms): how long a write waits for another connection's write lock. The
 * configuration's `database.sqliteBusyTimeoutMs` defaults to it, and the storage uses it when opened without one.
 */
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5_000;
