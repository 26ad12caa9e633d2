/**
 * The event outbox on kysely (migration 0011). `append` takes each account's next sequence numbers with one upsert on
 * `event_sequences` — on PostgreSQL that locks the account's row until commit, so two transactions of one account
 * number their events in the order they commit — then inserts the events. On PostgreSQL both are one statement per
 * account: the upsert a data-modifying CTE, the events from arrays numbered after the sequence it returns.
 */
import { sql, type Kysely } from 'kysely';
import type { NewEvent, ResourceRef, StoredEvent } from '../../domain/events/event.ts';
import { isEventType } from '../../domain/events/event-types.ts';
import type { EventCommits, EventQuery, EventRepository } from '../../domain/ports/events.ts';
import { ARRAY_BATCH, chunked, sqlLists, type SqlLists } from './pg-arrays.ts';
import type { DatabaseSchema, EventsTable } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** SQLite: rows per insert statement, 8 columns each, under its bound-parameter limit. */
const EVENTS_PER_INSERT = 500;

/** `EventRepository` bound to a database or to one transaction of it. */
export class KyselyEventRepository implements EventRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #appended: ((accountIds: readonly string[]) => void) | undefined;
  readonly #direct: ((events: readonly NewEvent[]) => string[]) | undefined;
  readonly #lists: SqlLists;

  /**
   * @param db the database, or a `Transaction` (appends belong inside the transaction of their change).
   * @param appended told the accounts of each append (the storage announces them once the transaction commits).
   * @param direct the adapter's own append on the connection (SQLite: prepared statements), used inside transactions.
   */
  constructor(
    db: Kysely<DatabaseSchema>,
    appended?: (accountIds: readonly string[]) => void,
    direct?: (events: readonly NewEvent[]) => string[],
    dialect: SqlDialect = 'sqlite',
  ) {
    this.#db = db;
    this.#appended = appended;
    this.#direct = direct;
    this.#lists = sqlLists(dialect);
  }

  async append(events: readonly NewEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.#direct !== undefined && this.#db.isTransaction) {
      this.#appended?.(this.#direct(events));
      return;
    }
    const byAccount = eventsByAccount(events);
    if (this.#lists.arrays) {
      for (const [accountId, list] of byAccount) {
        for (const chunk of chunked(list, ARRAY_BATCH)) await appendAtOnce(this.#db, accountId, chunk);
      }
      this.#appended?.([...byAccount.keys()]);
      return;
    }
    const rows: EventsTable[] = [];
    for (const [accountId, list] of byAccount) {
      const taken = await this.#db
        .insertInto('event_sequences')
        .values({ account_id: accountId, last_seq: list.length })
        .onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({ last_seq: eb(eb.ref('event_sequences.last_seq'), '+', eb.ref('excluded.last_seq')) })))
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const first = Number(taken.last_seq) - list.length + 1;
      list.forEach((event, index) => rows.push(toRow(event, first + index)));
    }
    for (let start = 0; start < rows.length; start += EVENTS_PER_INSERT) {
      await this.#db.insertInto('events').values(rows.slice(start, start + EVENTS_PER_INSERT)).execute();
    }
    this.#appended?.([...byAccount.keys()]);
  }

  async after(accountId: string, query: EventQuery): Promise<StoredEvent[]> {
    let select = this.#db
      .selectFrom('events')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('seq', '>', query.afterSeq)
      .orderBy('seq')
      .limit(query.limit);
    if (query.types !== undefined) {
      if (query.types.length === 0) return [];
      select = select.where('type', 'in', [...query.types]);
    }
    return (await select.execute()).map(fromRow);
  }

  async lastSeq(accountId: string): Promise<number> {
    const row = await this.#db.selectFrom('event_sequences').select('last_seq').where('account_id', '=', accountId).executeTakeFirst();
    return Number(row?.last_seq ?? 0);
  }

  async prune(before: Date, limit: number): Promise<number> {
    const doomed = this.#db.selectFrom('events').select('id').where('occurred_at', '<', before.getTime()).orderBy('occurred_at').limit(limit);
    const result = await this.#db.deleteFrom('events').where('id', 'in', doomed).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/**
 * PostgreSQL: takes the account's next `events.length` sequence numbers and inserts the events at them, in one
 * statement. The upsert (a CTE) returns the last number taken; the events follow their order in the arrays.
 */
async function appendAtOnce(db: Kysely<DatabaseSchema>, accountId: string, events: readonly NewEvent[]): Promise<void> {
  const rows = events.map((event) => toRow(event, 0));
  await sql`with taken as (
      insert into event_sequences (account_id, last_seq) values (${accountId}, ${events.length})
      on conflict (account_id) do update set last_seq = event_sequences.last_seq + excluded.last_seq
      returning last_seq)
    insert into events (account_id, seq, id, type, occurred_at, resources, detail)
    select ${accountId}, taken.last_seq - ${events.length}::bigint + e.n, e.id, e.type, e.occurred_at, e.resources, e.detail
      from taken, unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.occurred_at)}::bigint[],
        ${rows.map((r) => r.resources)}::text[], ${rows.map((r) => r.detail)}::text[]) with ordinality as e(id, type, occurred_at, resources, detail, n)`.execute(db);
}

/** `events` grouped by account, each account's in their order (shared with SQLite's prepared append). */
export function eventsByAccount(events: readonly NewEvent[]): Map<string, NewEvent[]> {
  const byAccount = new Map<string, NewEvent[]>();
  for (const event of events) {
    const list = byAccount.get(event.accountId);
    if (list) list.push(event);
    else byAccount.set(event.accountId, [event]);
  }
  return byAccount;
}

/** The row of `event` at `seq` (shared with SQLite's group commit, which inserts through prepared statements). */
export function toRow(event: NewEvent, seq: number): EventsTable {
  return {
    account_id: event.accountId,
    seq,
    id: event.id,
    type: event.type,
    occurred_at: event.at.getTime(),
    resources: JSON.stringify(event.resources),
    detail: JSON.stringify(event.detail),
  };
}

function fromRow(row: EventsTable): StoredEvent {
  if (!isEventType(row.type)) throw new Error(`an event of unknown type ${JSON.stringify(row.type)} is stored`);
  return {
    id: row.id,
    seq: Number(row.seq),
    accountId: row.account_id,
    type: row.type,
    at: new Date(Number(row.occurred_at)),
    resources: JSON.parse(row.resources) as ResourceRef[],
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** The `EventCommits` of one storage: `ring` after a commit that appended events. */
export class CommitBell implements EventCommits {
  readonly #listeners = new Set<(accountIds: ReadonlySet<string>) => void>();

  onCommitted(listener: (accountIds: ReadonlySet<string>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  ring(accountIds: ReadonlySet<string>): void {
    if (accountIds.size === 0) return;
    for (const listener of this.#listeners) {
      try {
        listener(accountIds);
      } catch {
        // A nudge only: a listener that fails still polls.
      }
    }
  }
}
