/**
 * Group commit of creates on SQLite: the creates that arrive together (in one turn of the event loop, or while the
 * connection was busy) are stored in one transaction, straight on better-sqlite3 with prepared statements, each in a
 * savepoint of its own; every create is answered only after that transaction has committed.
 *
 * - A create refused inside the batch (its quota, its invocation id held by an earlier call) writes nothing and does
 *   not disturb the others; the next create of the batch sees the writes of those before it, as if they had run one
 *   after the other (they do, in arrival order).
 * - A failure of one create's statements that leaves the transaction open (a constraint) undoes that create's savepoint
 *   and answers it with its error; the others go on.
 * - A failure after which SQLite has rolled the whole transaction back by itself (disk full, I/O error, busy: see
 *   rollback-guard.ts), or a failed COMMIT, answers every create of that transaction with the error (a retryable
 *   ServiceUnavailable for those), refusals included (they were decided on writes that are gone); creates after it in
 *   the batch run in a new transaction. Nothing is answered as created unless its transaction committed.
 * - The events of a transaction's creates are appended together just before its COMMIT, in the creates' order (one
 *   sequence upsert per account for the transaction instead of one per create). A failure there is the transaction's,
 *   as a failed COMMIT is: every create of it is answered with the error.
 *
 * The batch runs holding kysely's connection (its SQLite driver has one connection behind a mutex), so it never
 * interleaves with a kysely transaction in progress (fulfilment, the sweeps).
 *
 * The batch's transactions keep their statement journal in memory (memory-journals.ts: `temp_store = MEMORY` while the
 * batch runs, the default again after it: SQLite decides where a transaction's journal goes when the transaction
 * begins). SQLite keeps the original of each page a savepoint changes in that journal; a create changes a dozen pages
 * or more, and past 64 KiB the journal moves to a temporary file for the rest of the transaction (SQLite empties it
 * between savepoints only while it is in memory), where every page a later create changes is written with a `pwrite`.
 * In memory it holds one create's pages at a time. The creates' writes alone (`bench/create-writes.ts`, batches of
 * 35): 129 → 63 µs of CPU per create. The rest of the connection keeps the default, files (see configureConnection).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { OrderIntake, OrderPlacement, PlacementOutcome } from '../../domain/ports/order-intake.ts';
import type { CommitBell } from '../kysely/event-repository.ts';
import { toMillis } from '../kysely/order-repository.ts';
import { sqliteEventAppend } from './event-statements.ts';
import { withMemoryJournals } from './memory-journals.ts';
import type { DatabaseSchema } from '../kysely/schema.ts';

/** Most creates in one transaction: bounds how long a batch holds the connection and the event loop (the rest follow). */
const MAX_BATCH = 128;

interface Pending {
  placement: OrderPlacement;
  resolve(outcome: PlacementOutcome): void;
  reject(error: unknown): void;
}

/** A create done in the open transaction, answered when it commits (or with the failure that undid it). */
interface Done {
  pending: Pending;
  outcome?: PlacementOutcome;
  error?: unknown;
}

export class GroupCommitIntake implements OrderIntake {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #sqlite: Database;
  readonly #s: ReturnType<typeof prepare>;
  readonly #placeOne: (placement: OrderPlacement) => PlacementOutcome;
  readonly #bell: CommitBell | undefined;
  #queue: Pending[] = [];
  #scheduled = false;

  /**
   * @param db the kysely database over `sqlite` (whose connection the batches take turns with)
   * @param sqlite the better-sqlite3 connection, migrated
   * @param bell told the accounts whose events each commit stored
   */
  constructor(db: Kysely<DatabaseSchema>, sqlite: Database, bell?: CommitBell) {
    this.#db = db;
    this.#bell = bell;
    this.#sqlite = sqlite;
    this.#s = prepare(sqlite);
    // Called inside the batch's transaction, better-sqlite3 runs it in a savepoint, rolled back when it throws.
    this.#placeOne = sqlite.transaction((placement: OrderPlacement) => placeOne(this.#s, placement));
  }

  place(placement: OrderPlacement): Promise<PlacementOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ placement, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the I/O of this turn: every create whose request was read in it joins the batch.
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    let batch: Pending[] = [];
    try {
      await this.#db.connection().execute(async () => {
        this.#scheduled = false;
        batch = this.#queue.splice(0, MAX_BATCH);
        if (this.#queue.length > 0) this.#schedule();
        this.#run(batch);
      });
    } catch (error) {
      // The connection could not be had (the database is closed): nothing of the queue was written. (Creates of a
      // batch that already have their answer keep it: a promise settles once.)
      this.#scheduled = false;
      for (const pending of [...batch, ...this.#queue.splice(0)]) pending.reject(error);
    }
  }

  /** Runs `batch` in as few transactions as failures allow, and answers each create. */
  #run(batch: Pending[]): void {
    withMemoryJournals(this.#sqlite, () => this.#runInMemory(batch));
  }

  #runInMemory(batch: Pending[]): void {
    const sqlite = this.#sqlite;
    let open: Done[] = [];
    const lose = (error: unknown): void => {
      for (const done of open) done.pending.reject(error);
      open = [];
    };
    for (const pending of batch) {
      try {
        if (!sqlite.inTransaction) this.#s.begin.run();
      } catch (error) {
        pending.reject(error);
        continue;
      }
      try {
        open.push({ pending, outcome: this.#placeOne(pending.placement) });
      } catch (error) {
        if (sqlite.inTransaction) {
          open.push({ pending, error });
        } else {
          // SQLite undid the whole transaction: the creates before this one are gone with it.
          lose(error);
          pending.reject(error);
        }
      }
    }
    if (!sqlite.inTransaction) return;
    try {
      // The events of the transaction's creates, in their order, appended together: one sequence upsert per account
      // for the batch instead of one per create.
      const events = open.flatMap((done) => (done.outcome?.placed ? done.pending.placement.events : []));
      if (events.length > 0) this.#s.appendEvents(events);
      this.#s.commit.run();
    } catch (error) {
      try {
        if (sqlite.inTransaction) this.#s.rollback.run();
      } catch {
        // Already undone, or the connection is gone: either way nothing of it committed.
      }
      lose(error);
      return;
    }
    const accounts = new Set<string>();
    for (const done of open) {
      if (done.outcome) {
        if (done.outcome.placed) for (const event of done.pending.placement.events) accounts.add(event.accountId);
        done.pending.resolve(done.outcome);
      } else done.pending.reject(done.error);
    }
    this.#bell?.ring(accounts);
  }
}

/** The claim, the quota check and the writes of one create, in the open transaction. */
function placeOne(s: ReturnType<typeof prepare>, placement: OrderPlacement): PlacementOutcome {
  const { order, job, invocation, checkUsage } = placement;
  if (invocation) {
    const { claim, since } = invocation;
    const held = s.claimOf.get(claim.accountId, claim.invocationId) as { order_id: string; fingerprint: string; created_at: number } | undefined;
    if (held !== undefined && held.created_at >= since.getTime()) {
      return { placed: false, holder: { claimed: false, orderId: held.order_id, fingerprint: held.fingerprint, at: new Date(held.created_at) } };
    }
  }
  if (checkUsage) {
    const row = s.usageOf.get(order.accountId) as { owned_numbers: number; numbers_on_order: number; processing_orders: number } | undefined;
    checkUsage({ ownedNumbers: row?.owned_numbers ?? 0, numbersOnOrder: row?.numbers_on_order ?? 0, processingOrders: row?.processing_orders ?? 0 });
  }
  if (invocation) {
    const { claim } = invocation;
    // No live claim holds the id (read above, in this transaction): insert, or replace one older than the window.
    s.claim.run(claim.accountId, claim.invocationId, claim.orderId, claim.fingerprint, toMillis(claim.at, 'claim time'));
  }
  s.insertOrder.run(order.id, order.accountId, order.productType, order.name ?? null, order.status, toMillis(order.createdAt, 'createdAt'), toMillis(order.updatedAt, 'updatedAt'));
  order.numbers.forEach((number, position) => s.insertNumber.run(order.id, position, number.e164, number.status, number.failureReason ?? null));
  s.enqueue.run(job.id, job.kind, job.accountId, toMillis(job.runAt, 'job time'));
  // Its events are appended with the others of the transaction, before the commit (see #runInMemory).
  return { placed: true };
}

/** The statements of a create, prepared once. */
function prepare(sqlite: Database) {
  const p = (sql: string): Statement => sqlite.prepare(sql);
  return {
    // IMMEDIATE: the write lock from the start, as every transaction here takes it (immediate-transactions.ts), so that
    // several processes on one file (--workers) wait for it in busy_timeout instead of failing on the upgrade.
    begin: p('begin immediate'),
    commit: p('commit'),
    rollback: p('rollback'),
    claimOf: p('select order_id, fingerprint, created_at from order_invocations where account_id = ? and invocation_id = ?'),
    usageOf: p('select owned_numbers, numbers_on_order, processing_orders from account_usage where account_id = ?'),
    claim: p(
      `insert into order_invocations (account_id, invocation_id, order_id, fingerprint, created_at) values (?, ?, ?, ?, ?)
       on conflict (account_id, invocation_id) do update set order_id = excluded.order_id, fingerprint = excluded.fingerprint, created_at = excluded.created_at`,
    ),
    insertOrder: p('insert into orders (id, account_id, product_type, name, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)'),
    insertNumber: p('insert into order_numbers (order_id, position, e164, status, failure_reason) values (?, ?, ?, ?, ?)'),
    appendEvents: sqliteEventAppend(sqlite),
    enqueue: p('insert into jobs (id, kind, account_id, run_at, lease_owner, lease_until) values (?, ?, ?, ?, null, null)'),
  };
}
