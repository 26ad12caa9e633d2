/**
 * Opens a PostgreSQL database behind `Storage`: the `pg` pool, its settings and the migrations live here, the queries
 * in ../kysely (the same code path as SQLite, with the PostgreSQL row locks switched on). Several dialtone processes
 * may open the same database at once: that is how a cluster of nodes shares its state.
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { BoundedClient } from './bounded-client.ts';
import { createKyselyStorage } from '../kysely/kysely-storage.ts';
import { analyzeTables } from './statistics.ts';
import { CommitBell } from '../kysely/event-repository.ts';
import { transactionalIntake } from '../../domain/orders/transactional-intake.ts';
import { PostgresGroupCommitIntake } from './group-commit-intake.ts';
import { byCodeUnit } from '../../shared/code-unit-order.ts';
import type { DatabaseSchema } from '../kysely/schema.ts';
import type { Storage } from '../storage.ts';
import { postgresMigrations } from './migrations/index.ts';
import { describePostgresUrl } from '../../shared/database-url.ts';
import { StatementNames } from './statement-names.ts';

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:5432/database` (libpq-style query options such as `?sslmode=require` work). */
  url: string;
  /** Most connections this process opens. At least 2: the inventory sweep holds one for its cluster-wide lock. */
  poolSize: number;
  /** Each statement is cancelled after this long (PostgreSQL's `statement_timeout`); 0 means no limit. */
  statementTimeoutMs: number;
  /**
   * How long dialtone waits for the answer to one statement (default `statementTimeoutMs` + 5000; 0 forever). Past it
   * the statement fails ('Query read timeout') and its connection is closed, never given back to the pool, and a
   * COMMIT given up on is not applied later (see ./bounded-client.ts).
   */
  queryTimeoutMs?: number;
  /** Longest wait for a connection, a free one of the pool or a new one (default 10 s). */
  connectTimeoutMs?: number;
  /** Shown in `pg_stat_activity`. Default `dialtone`. */
  applicationName?: string;
  /** Statements with parameters prepared once per connection (./statement-names.ts). Default true. */
  preparedStatements?: boolean;
}

const INT8_OID = 20;

/**
 * `bigint` (millisecond timestamps, identity ids, `count(*)`) comes back as a JS number instead of pg's default string:
 * every value we store stays far below 2^53. Per pool, so other users of `pg` in the process are unaffected.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The pool dialtone queries through (exported for tests that check its settings). */
export function createPostgresPool(options: PostgresStorageOptions): pg.Pool {
  if (!Number.isInteger(options.poolSize) || options.poolSize < 2) throw new RangeError('the PostgreSQL pool size must be at least 2');
  const queryTimeoutMs = options.queryTimeoutMs ?? (options.statementTimeoutMs === 0 ? 30_000 : options.statementTimeoutMs + 5_000);
  const pool = new pg.Pool({
    Client: BoundedClient,
    connectionString: options.url,
    max: options.poolSize,
    ...(options.statementTimeoutMs > 0 ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(queryTimeoutMs > 0 ? { query_timeout: queryTimeoutMs } : {}),
    application_name: options.applicationName ?? 'dialtone',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    types,
    // Handed to every client the pool makes (bounded-client.ts); one set of names for the process's connections.
    ...(options.preparedStatements !== false && { statementNames: new StatementNames() }),
  } as pg.PoolConfig);
  // An idle connection that breaks (server restart, network) is dropped from the pool; the next query reconnects.
  // Without a listener, pg's 'error' event would end the process.
  pool.on('error', () => undefined);
  // The pool listens only while a connection is idle. One that breaks while checked out (between the statements of a
  // transaction) would emit an unheard 'error' and end the process; its next statement fails instead, and the pool
  // drops it when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Connects, migrates to the latest schema (once across nodes: kysely's migrator holds an advisory lock), and returns the
 * database as `Storage`.
 * @throws Error naming the server (never the password) when it cannot connect or a migration fails.
 */
export async function openPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const where = describePostgresUrl(options.url);
  const pool = createPostgresPool(options);
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(options, where);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const bell = new CommitBell();
  const storage = createKyselyStorage(db, {
    dialect: 'postgres',
    bell,
    // Best effort (Storage.refreshStatistics): what was loaded is committed whatever becomes of this.
    refreshStatistics: () => analyzeTables(db).catch(() => undefined),
  });
  // Creates stored in batches (group-commit-intake.ts); a batch that fails goes one create per transaction.
  return { ...storage, orderIntake: new PostgresGroupCommitIntake(db, transactionalIntake(storage), bell) };
}

/** Runs the migrations on a connection of their own, without the statement timeout (an index on a big table is slow). */
async function migrate(options: PostgresStorageOptions, where: string): Promise<void> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({
      // No prepared statements: the migrations change the tables that statements would be planned for.
      pool: createPostgresPool({
        ...options,
        poolSize: 2,
        statementTimeoutMs: 0,
        queryTimeoutMs: 0,
        preparedStatements: false,
        applicationName: `${options.applicationName ?? 'dialtone'} migrations`,
      }),
    }),
  });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(postgresMigrations) }, nameComparator: byCodeUnit });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName;
      const at = failed === undefined ? '' : ` at ${failed}`;
      throw new Error(`migrating PostgreSQL database ${where} failed${at}: ${describe(error)}`, { cause: error });
    }
  } finally {
    await db.destroy();
  }
}

/** `postgres://user@host:port/database`: the URL without its password, for messages and logs. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describe).join('; ');
  return error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
}
