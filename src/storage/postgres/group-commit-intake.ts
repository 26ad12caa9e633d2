/**
 * Group commit of creates on PostgreSQL: the creates that arrive together (while the previous batch was being stored)
 * are stored in one transaction of a few statements, whatever their number; every create is answered only after that
 * transaction has committed.
 *
 * One create in a transaction of its own held its account's counter row for five round trips (the usage check, the
 * order, the job, the events, COMMIT), and the account's other creates waited in line for it. A batch takes each of its
 * accounts' rows once, in account order, and writes with set statements (`unnest` of arrays):
 *
 * 1. the claims of the invocation ids the creates carry (when any do), as each create claims its own: an upsert that
 *    replaces only a claim older than the window, and reports the live claim that holds each id it did not take;
 * 2. the quota counters of the accounts whose creates check them, locked and read by one upsert;
 * 3. the decisions, in arrival order, in memory: a create whose id is held is answered by the holder; each quota check
 *    sees the counters as the creates before it in the batch left them (`usageWithOrder`), so the batch decides as if
 *    its creates had run one after the other; a refused create's claim is taken back;
 * 4. the orders, their numbers, their jobs and their events, in one statement (data-modifying CTEs), after which the
 *    counters' statement triggers add the batch to each account's counters once.
 *
 * Two creates of one batch never carry the same invocation id of an account: the later one waits for the next batch,
 * and then sees the earlier one's claim, as it would have one create at a time.
 *
 * Failures: a create's own refusal (its quota) is its answer, given after the commit with the others'. Any failure of
 * the batch's statements (a constraint, a deadlock with another node, a claim of another node committed while the
 * batch was deciding) rolls the whole batch back; its creates are then stored one transaction each
 * (`fallback`, the path every create took before), so each gets its own answer: created, refused or failed. When the
 * database itself is away (a lost connection, no free connection in time, a statement timeout), every create of the
 * batch is answered with that error at once (a retryable ServiceUnavailable) instead of meeting it again one by one. A
 * COMMIT that the server refused (a deferred constraint) is a rollback too. A COMMIT left without an answer (a broken
 * connection, a timeout) answers every create of the batch with its error (a retryable ServiceUnavailable), as it would
 * one create's: whether it committed is unknown. Nothing is answered as created unless its transaction committed.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { usageWithOrder } from '../../domain/orders/order-rules.ts';
import type { OrderIntake, OrderPlacement, PlacementOutcome } from '../../domain/ports/order-intake.ts';
import type { AccountUsage } from '../../domain/ports/usage.ts';
import { toRow, type CommitBell } from '../kysely/event-repository.ts';
import { ARRAY_BATCH, unnestInsert } from '../kysely/pg-arrays.ts';
import { JOB_COLUMNS, jobRow } from '../kysely/job-repository.ts';
import { NUMBER_COLUMNS, ORDER_COLUMNS, numberRows, orderRow, toMillis } from '../kysely/order-repository.ts';
import { isTransientStorageError } from '../transient-error.ts';
import type { DatabaseSchema } from '../kysely/schema.ts';

/** Most creates in one transaction: bounds the statements' size and how long the batch holds its accounts' rows. */
const MAX_BATCH = 256;
/** The columns of a new job, as arrays. */
/** Most ordered numbers in one transaction (a batch has at least one create, whatever its size). */
const MAX_BATCH_NUMBERS = ARRAY_BATCH;

interface Pending {
  placement: OrderPlacement;
  resolve(outcome: PlacementOutcome): void;
  reject(error: unknown): void;
}

/** What the batch decided for one create: its outcome once committed, or its own refusal. */
type Decision = { pending: Pending; outcome: PlacementOutcome } | { pending: Pending; refusal: unknown };

/** The batch cannot be decided as a whole; its creates go one by one. */
class UndecidedBatch extends Error {
  constructor() {
    super('an invocation id of the batch was claimed by another transaction meanwhile');
  }
}

export class PostgresGroupCommitIntake implements OrderIntake {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #fallback: OrderIntake;
  readonly #bell: CommitBell | undefined;
  #queue: Pending[] = [];
  #draining = false;

  /**
   * @param db the migrated PostgreSQL database
   * @param fallback stores one create in a transaction of its own (after a batch failed)
   * @param bell told the accounts whose events each commit stored
   */
  constructor(db: Kysely<DatabaseSchema>, fallback: OrderIntake, bell?: CommitBell) {
    this.#db = db;
    this.#fallback = fallback;
    this.#bell = bell;
  }

  place(placement: OrderPlacement): Promise<PlacementOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ placement, resolve, reject });
      if (!this.#draining) {
        this.#draining = true;
        void this.#drain();
      }
    });
  }

  /** One batch at a time: the creates that arrive while one is stored make up the next. */
  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        // After the I/O of this turn: every create whose request was read in it joins the batch.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.#take();
        try {
          await this.#run(batch);
        } catch (error) {
          // Not expected (#run answers every failure it meets); a create is never left without an answer all the same.
          // (A promise settles once: the creates already answered keep their answer.)
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * The next batch, in arrival order: up to MAX_BATCH creates and MAX_BATCH_NUMBERS numbers, one claim window, no
   * invocation id twice. A create left for later keeps its id's place: no later create with that id goes before it.
   */
  #take(): Pending[] {
    const batch: Pending[] = [];
    const later: Pending[] = [];
    const ids = new Set<string>();
    let window: number | undefined;
    let numbers = 0;
    for (const pending of this.#queue) {
      const { invocation, order } = pending.placement;
      const id = invocation && `${invocation.claim.accountId}\n${invocation.claim.invocationId}`;
      const span = invocation && invocation.claim.at.getTime() - invocation.since.getTime();
      const full = batch.length >= MAX_BATCH || (batch.length > 0 && numbers + order.numbers.length > MAX_BATCH_NUMBERS);
      const held = id !== undefined && (ids.has(id) || (window !== undefined && span !== window));
      if (id !== undefined) ids.add(id);
      if (full || held) {
        later.push(pending);
        continue;
      }
      if (span !== undefined) window = span;
      numbers += order.numbers.length;
      batch.push(pending);
    }
    this.#queue = later;
    return batch;
  }

  /** Stores `batch` in one transaction and answers each create; after a failure before COMMIT, one by one. */
  async #run(batch: Pending[]): Promise<void> {
    let committing = false;
    let decisions: Decision[];
    try {
      decisions = await this.#db.transaction().execute(async (trx) => {
        const decided = await decideAndWrite(trx, batch);
        committing = true;
        return decided;
      });
    } catch (error) {
      if (committing && !(error instanceof pg.DatabaseError)) {
        // No answer to COMMIT (the connection broke, or timed out): whether it committed is unknown.
        for (const pending of batch) pending.reject(error);
        return;
      }
      if (unavailable(error)) {
        // Rolled back, and the database is away (a lost connection, no connection in time, a statement timeout): each
        // create alone would meet the same. Answered at once, retryable; nothing of the batch is stored.
        for (const pending of batch) pending.reject(error);
        return;
      }
      // Rolled back (by dialtone, or by the server, whose error answered COMMIT, e.g. a deferred constraint): nothing of
      // the batch is stored. Each create in a transaction of its own, as before batches.
      await Promise.all(batch.map((pending) => this.#fallback.place(pending.placement).then(pending.resolve, pending.reject)));
      return;
    }
    const accounts = new Set<string>();
    for (const decision of decisions) {
      if ('refusal' in decision) {
        decision.pending.reject(decision.refusal);
        continue;
      }
      if (decision.outcome.placed) for (const event of decision.pending.placement.events) accounts.add(event.accountId);
      decision.pending.resolve(decision.outcome);
    }
    this.#bell?.ring(accounts);
  }
}

/** The batch's claims, quota checks and writes, in the open transaction. */
async function decideAndWrite(trx: Kysely<DatabaseSchema>, batch: Pending[]): Promise<Decision[]> {
  const holders = await claim(trx, batch);
  const usage = await lockUsage(trx, batch);
  const decisions: Decision[] = [];
  const placed: OrderPlacement[] = [];
  const takenBack: OrderPlacement[] = [];
  for (const pending of batch) {
    const { placement } = pending;
    const holder = holders.get(pending);
    if (holder) {
      decisions.push({ pending, outcome: holder });
      continue;
    }
    const { order, checkUsage } = placement;
    const before = usage.get(order.accountId);
    if (checkUsage) {
      try {
        checkUsage(before ?? { ownedNumbers: 0, numbersOnOrder: 0, processingOrders: 0 });
      } catch (refusal) {
        decisions.push({ pending, refusal });
        if (placement.invocation) takenBack.push(placement);
        continue;
      }
    }
    // Counted for the account's later checks in the batch, whether or not this create checked.
    if (before) usage.set(order.accountId, usageWithOrder(before, order));
    decisions.push({ pending, outcome: { placed: true } });
    placed.push(placement);
  }
  await takeBackClaims(trx, takenBack);
  await write(trx, placed);
  return decisions;
}

/**
 * Claims the invocation ids of the batch's creates (in key order, as every batch takes them); answers the holder of
 * each id a live claim holds.
 * @throws UndecidedBatch when an id was neither taken nor held by a claim this statement could see (another node's
 *   claim committed while it ran)
 */
async function claim(trx: Kysely<DatabaseSchema>, batch: Pending[]): Promise<Map<Pending, PlacementOutcome>> {
  const claiming = batch.filter((pending) => pending.placement.invocation);
  const holders = new Map<Pending, PlacementOutcome>();
  const first = claiming[0]?.placement.invocation;
  if (!first) return holders;
  const claims = claiming.map((pending) => pending.placement.invocation!.claim);
  const window = first.claim.at.getTime() - first.since.getTime();
  const { rows } = await sql<{ account_id: string; invocation_id: string; won: boolean; order_id: string | null; fingerprint: string | null; created_at: number | null }>`
    with input as (
      select * from unnest(${claims.map((c) => c.accountId)}::text[], ${claims.map((c) => c.invocationId)}::text[],
        ${claims.map((c) => c.orderId)}::text[], ${claims.map((c) => c.fingerprint)}::text[], ${claims.map((c) => toMillis(c.at, 'claim time'))}::bigint[])
        as i(account_id, invocation_id, order_id, fingerprint, created_at)),
    won as (
      insert into order_invocations (account_id, invocation_id, order_id, fingerprint, created_at)
      select * from input order by account_id, invocation_id
      on conflict (account_id, invocation_id) do update
        set order_id = excluded.order_id, fingerprint = excluded.fingerprint, created_at = excluded.created_at
        where order_invocations.created_at < excluded.created_at - ${window}::bigint
      returning account_id, invocation_id)
    select input.account_id, input.invocation_id, won.invocation_id is not null as won, held.order_id, held.fingerprint, held.created_at
      from input
      left join won on won.account_id = input.account_id and won.invocation_id = input.invocation_id
      left join order_invocations held on held.account_id = input.account_id and held.invocation_id = input.invocation_id`.execute(trx);
  const byId = new Map(rows.map((row) => [`${row.account_id}\n${row.invocation_id}`, row]));
  for (const pending of claiming) {
    const { claim: mine, since } = pending.placement.invocation!;
    const row = byId.get(`${mine.accountId}\n${mine.invocationId}`);
    if (row?.won) continue;
    if (row?.order_id == null || row.fingerprint == null || row.created_at == null || row.created_at < since.getTime()) throw new UndecidedBatch();
    holders.set(pending, { placed: false, holder: { claimed: false, orderId: row.order_id, fingerprint: row.fingerprint, at: new Date(row.created_at) } });
  }
  return holders;
}

/** Locks the counter rows of the accounts whose creates check a quota (in account order) and reads them. */
async function lockUsage(trx: Kysely<DatabaseSchema>, batch: Pending[]): Promise<Map<string, AccountUsage>> {
  const accounts = [...new Set(batch.filter((p) => p.placement.checkUsage).map((p) => p.placement.order.accountId))];
  const usage = new Map<string, AccountUsage>();
  if (accounts.length === 0) return usage;
  // An upsert that changes nothing: it creates a missing row, locks each until COMMIT, and returns its latest counts.
  const { rows } = await sql<{ account_id: string; owned_numbers: number; numbers_on_order: number; processing_orders: number }>`
    insert into account_usage (account_id) select a from unnest(${accounts}::text[]) as u(a) order by a
    on conflict (account_id) do update set account_id = excluded.account_id
    returning account_id, owned_numbers, numbers_on_order, processing_orders`.execute(trx);
  for (const row of rows) {
    usage.set(row.account_id, { ownedNumbers: Number(row.owned_numbers), numbersOnOrder: Number(row.numbers_on_order), processingOrders: Number(row.processing_orders) });
  }
  return usage;
}

/** Deletes the claims this batch made for creates it then refused (an older claim it replaced was past the window). */
async function takeBackClaims(trx: Kysely<DatabaseSchema>, refused: OrderPlacement[]): Promise<void> {
  if (refused.length === 0) return;
  const claims = refused.map((placement) => placement.invocation!.claim);
  await sql`delete from order_invocations c using unnest(${claims.map((c) => c.accountId)}::text[], ${claims.map((c) => c.invocationId)}::text[],
      ${claims.map((c) => c.orderId)}::text[]) as r(account_id, invocation_id, order_id)
    where c.account_id = r.account_id and c.invocation_id = r.invocation_id and c.order_id = r.order_id`.execute(trx);
}

/** The placed creates' orders, numbers, jobs and events, in one statement. */
async function write(trx: Kysely<DatabaseSchema>, placed: OrderPlacement[]): Promise<void> {
  if (placed.length === 0) return;
  const orders = placed.map((p) => p.order);
  const numbers = numberRows(orders);
  // Not leased yet: `lease_owner` and `lease_until` stay null.
  const jobs = placed.map(({ job }) => jobRow(job));
  const events = placed.flatMap((p) => p.events);
  // Each account takes its next sequence numbers once; an event's is the last taken, less its account's count, plus
  // its place among them.
  const counts = new Map<string, number>();
  const places = events.map((event) => {
    const n = (counts.get(event.accountId) ?? 0) + 1;
    counts.set(event.accountId, n);
    return n;
  });
  const rows = events.map((event) => toRow(event, 0));
  await sql`
    with new_orders as (${unnestInsert('orders', orders.map(orderRow), ORDER_COLUMNS)}),
    new_numbers as (${unnestInsert('order_numbers', numbers, NUMBER_COLUMNS)}),
    new_jobs as (${unnestInsert('jobs', jobs, JOB_COLUMNS)}),
    taken as (
      insert into event_sequences (account_id, last_seq)
      select * from unnest(${[...counts.keys()]}::text[], ${[...counts.values()]}::bigint[]) as s(account_id, n) order by account_id
      on conflict (account_id) do update set last_seq = event_sequences.last_seq + excluded.last_seq
      returning account_id, last_seq)
    insert into events (account_id, seq, id, type, occurred_at, resources, detail)
    select e.account_id, taken.last_seq - e.count + e.n, e.id, e.type, e.occurred_at, e.resources, e.detail
      from unnest(${rows.map((r) => r.account_id)}::text[], ${rows.map((r) => counts.get(r.account_id)!)}::bigint[], ${places}::bigint[],
        ${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.occurred_at)}::bigint[],
        ${rows.map((r) => r.resources)}::text[], ${rows.map((r) => r.detail)}::text[])
        as e(account_id, count, n, id, type, occurred_at, resources, detail)
      join taken on taken.account_id = e.account_id`.execute(trx);
}

/**
 * A failure of the database rather than of the batch's statements (isTransientStorageError), except the two that a
 * transaction of one create may well not meet: a deadlock with another node's transaction, a serialization failure.
 */
function unavailable(error: unknown): boolean {
  if (error instanceof pg.DatabaseError && (error.code === '40P01' || error.code === '40001')) return false;
  return isTransientStorageError(error);
}
