/**
 * The outbox's append on SQLite as prepared better-sqlite3 statements: one sequence upsert per account and one
 * single-row insert per event, each statement prepared once. kysely's multi-row insert has another SQL text for every
 * row count, so each append prepared a new statement (and pushed others out of the statement cache).
 *
 * Only for code that runs inside a transaction it holds on the connection (group commit; kysely transactions, whose
 * callback owns the one connection while it runs): the statements run synchronously, between that code's own.
 */
import type { Database } from 'better-sqlite3';
import type { NewEvent } from '../../domain/events/event.ts';
import { eventsByAccount, toRow } from '../kysely/event-repository.ts';

/** Appends events in the open transaction; answers their accounts. */
export type DirectAppend = (events: readonly NewEvent[]) => string[];

export function sqliteEventAppend(sqlite: Database): DirectAppend {
  const takeSeq = sqlite.prepare(
    `insert into event_sequences (account_id, last_seq) values (?, ?)
     on conflict (account_id) do update set last_seq = last_seq + excluded.last_seq returning last_seq`,
  );
  const insert = sqlite.prepare('insert into events (account_id, seq, id, type, occurred_at, resources, detail) values (?, ?, ?, ?, ?, ?, ?)');
  return (events) => {
    const byAccount = eventsByAccount(events);
    for (const [accountId, list] of byAccount) {
      const { last_seq: last } = takeSeq.get(accountId, list.length) as { last_seq: number };
      list.forEach((event, index) => {
        const row = toRow(event, last - list.length + 1 + index);
        insert.run(row.account_id, row.seq, row.id, row.type, row.occurred_at, row.resources, row.detail);
      });
    }
    return [...byAccount.keys()];
  };
}
