/** The job queue on kysely: leases instead of locks, so that a worker that dies simply lets its lease run out. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Job, JobRepository, NewJob } from '../../domain/ports/jobs.ts';
import { millisOf } from './millis.ts';
import { ARRAY_BATCH, chunked, sqlLists, unnestInsert, type ColumnTypes, type SqlLists } from './pg-arrays.ts';
import type { SqlDialect } from './sql-dialect.ts';
import type { DatabaseSchema } from './schema.ts';

/** The columns of a job as enqueued (not leased: `lease_owner` and `lease_until` stay null), as arrays on PostgreSQL. */
export const JOB_COLUMNS: ColumnTypes<'jobs'> = { id: 'text', kind: 'text', account_id: 'text', run_at: 'bigint' };
/** SQLite: job rows per INSERT (4 bound values each: under 1000 variables). */
const JOBS_PER_INSERT = 240;

/** The row of a job as enqueued. */
export const jobRow = (job: NewJob) => ({ id: job.id, kind: job.kind, account_id: job.accountId, run_at: millisOf(job.runAt, 'order job time') });

export class KyselyJobRepository implements JobRepository {
  readonly #db: Kysely<DatabaseSchema>;
  /** On PostgreSQL several processes claim at once: claims skip rows another claimer has locked, `held` locks them. */
  readonly #rowLocks: boolean;
  readonly #lists: SqlLists;

  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#rowLocks = dialect === 'postgres';
    this.#lists = sqlLists(dialect);
  }

  async enqueue(job: NewJob): Promise<void> {
    await this.#db.insertInto('jobs').values(jobRow(job)).execute();
  }

  async enqueueAll(jobs: readonly NewJob[]): Promise<void> {
    if (this.#lists.arrays) {
      for (const chunk of chunked(jobs, ARRAY_BATCH)) await sql`${unnestInsert('jobs', chunk.map(jobRow), JOB_COLUMNS)}`.execute(this.#db);
      return;
    }
    for (const chunk of chunked(jobs, JOBS_PER_INSERT)) await this.#db.insertInto('jobs').values(chunk.map(jobRow)).execute();
  }

  async count(): Promise<number> {
    const row = await this.#db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async claim(options: { owner: string; now: Date; leaseMs: number; limit: number }): Promise<Job[]> {
    const now = options.now.getTime();
    let due = this.#db
      .selectFrom('jobs')
      .select('id')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('run_at')
      .limit(options.limit);
    // Without the lock, two claimers under READ COMMITTED could both pick a job from their snapshots and lease it twice.
    if (this.#rowLocks) due = due.forUpdate().skipLocked();
    const rows = await this.#db
      .updateTable('jobs')
      .set({ lease_owner: options.owner, lease_until: now + options.leaseMs })
      .where('id', 'in', due)
      .returning(['id', 'kind', 'account_id', 'attempts'])
      .execute();
    return rows.map((row) => ({ id: row.id, kind: row.kind, accountId: row.account_id, attempts: Number(row.attempts) }));
  }

  async held(ids: string[], owner: string, now: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    let query = this.#db
      .selectFrom('jobs')
      .select('id')
      .where((eb) => this.#lists.oneOf(eb, 'id', ids))
      .where('lease_owner', '=', owner)
      .where('lease_until', '>=', now.getTime());
    // Waits for a claim in progress and re-checks the owner after it; blocks later claims until this transaction ends.
    if (this.#rowLocks) query = query.forUpdate();
    const rows = await query.execute();
    return new Set(rows.map((row) => row.id));
  }

  async complete(ids: string[], owner: string): Promise<void> {
    if (ids.length === 0) return;
    await this.#db
      .deleteFrom('jobs')
      .where((eb) => this.#lists.oneOf(eb, 'id', ids))
      .where('lease_owner', '=', owner)
      .execute();
  }

  async retry(id: string, owner: string, runAt: Date): Promise<void> {
    await this.#db
      .updateTable('jobs')
      .set((eb) => ({ lease_owner: null, lease_until: null, run_at: runAt.getTime(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  }
}
