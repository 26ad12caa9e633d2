/** The database (`database`): SQLite in DATA_DIR, or PostgreSQL with its pool and timeouts. */
import * as z from 'zod/mini';
import { POSTGRES_URL } from '../../shared/database-url.ts';
import { DEFAULT_SQLITE_BUSY_TIMEOUT_MS } from '../../shared/sqlite-busy-timeout.ts';
import { int, matching } from './fields.ts';

/** The most SQLite maps of a database file (its build's `SQLITE_MAX_MMAP_SIZE`, 0x7fff0000 bytes), in whole MiB. */
export const MAX_SQLITE_MMAP_MIB = 2047;

export const databaseSchema = z.prefault(
  z.pipe(
    z
      .strictObject({
        /** `postgres://user:password@host:5432/db`: state in PostgreSQL, shareable by several nodes. Absent: SQLite in DATA_DIR. */
        url: z.optional(matching(POSTGRES_URL, 'must be a postgres:// URL')),
        /**
         * SQLite: most memory of each process's page cache (MiB), filled only with the pages read or written. Absent: a
         * quarter of the memory this process may use (the machine's, or its cgroup's limit when lower), shared among
         * the `--workers` processes, at most 64 MiB (see `defaultSqliteCacheMiB`). A larger cache spares a read of a
         * random row among 1,000,000 some page reads from the file, and costs every commit a scan of the pages it holds.
         */
        sqliteCacheMiB: z.optional(int(2, 1_048_576)),
        /**
         * SQLite: how much of the database file each process reads through a memory map (MiB), beside the page cache;
         * 0, the default, reads every page with a system call into the cache. Pages read outside a write transaction
         * then come from the map without entering the cache, so a read of a random row of a database larger than the
         * cache costs about what a cache holding the file gives, and commits keep the bounded cache's cost. The price:
         * an I/O error on the file while reading it through the map (a failing disk, a network file system that goes
         * away) ends the process with SIGBUS, where without the map SQLite returns an error and the request is answered
         * 503. At most 2,047 MiB (the bound SQLite is built with).
         */
        sqliteMmapMiB: z._default(int(0, MAX_SQLITE_MMAP_MIB), 0),
        /**
         * SQLite: how long a write waits for the database's write lock while another process holds it (ms): another
         * `--workers` process, `dialtone import`, any other program writing the file. Past it, the request is answered
         * 503 ServiceUnavailableException with Retry-After. The wait holds the process's event loop (SQLite's calls are
         * synchronous), so every request of that process waits with it; 0 answers 503 at once.
         */
        sqliteBusyTimeoutMs: z._default(int(0, 60_000), DEFAULT_SQLITE_BUSY_TIMEOUT_MS),
        /** PostgreSQL: most connections of this process (at least 2: the sweep holds one for its cluster-wide lock). */
        poolSize: z._default(int(2, 1000), 10),
        /** PostgreSQL: each statement is cancelled after this long (ms); 0 means no limit. */
        statementTimeoutMs: z._default(int(0, 3_600_000), 5_000),
        /**
         * PostgreSQL: dialtone's own bound on waiting for the answer to a statement (ms), for a server that stops
         * answering (hung, stopped, a network that drops packets): the connection is closed and the request answered 503.
         * Absent: `statementTimeoutMs` + 5000 (10 s by default), or 30 s without a statement timeout; 0 waits forever.
         */
        queryTimeoutMs: z.optional(int(0, 3_600_000)),
        /** PostgreSQL: longest wait for a connection, pooled or new (ms); then the request is answered 503. */
        connectTimeoutMs: z._default(int(100, 600_000), 10_000),
        /**
         * PostgreSQL: each connection prepares the statements it runs once (parsed and planned once, not at every
         * execution). Off for a pooler that does not keep prepared statements between transactions (PgBouncer in
         * transaction mode before 1.21).
         */
        preparedStatements: z._default(z.boolean(), true),
      })
      .check(
        z.refine((db) => db.queryTimeoutMs === undefined || db.queryTimeoutMs === 0 || db.statementTimeoutMs === 0 || db.queryTimeoutMs > db.statementTimeoutMs, {
          message: 'queryTimeoutMs must exceed statementTimeoutMs (the server cancels a slow statement first; this bound is for a server that does not answer)',
        }),
      ),
    z.transform(({ queryTimeoutMs, ...db }) => ({ ...db, queryTimeoutMs: queryTimeoutMs ?? defaultQueryTimeoutMs(db.statementTimeoutMs) })),
  ),
  {},
);

/** The client-side bound on a statement when none is configured: the server's own timeout first, then this one. */
function defaultQueryTimeoutMs(statementTimeoutMs: number): number {
  return statementTimeoutMs === 0 ? 30_000 : statementTimeoutMs + 5_000;
}
