/**
 * An account's stored events, read straight from a server's database without going through the server: the SQLite
 * file of a data directory (opened read-only, beside the running server), or a PostgreSQL pool. Oldest first. Also a
 * count of any rows of that SQLite file (`sqliteCount`).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';

/** One stored event, as the outbox holds it. */
export interface EventRecord {
  seq: number;
  id: string;
  type: string;
  at: Date;
  resources: { kind: string; id: string }[];
  detail: Record<string, unknown>;
}

interface Row {
  seq: number | string;
  id: string;
  type: string;
  occurred_at: number | string;
  resources: string;
  detail: string;
}

const SELECT = 'select seq, id, type, occurred_at, resources, detail from events where account_id = ? and seq > ? order by seq';

function toRecord(row: Row): EventRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    at: new Date(Number(row.occurred_at)),
    resources: JSON.parse(row.resources) as EventRecord['resources'],
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

/** The account's events after `afterSeq` in the SQLite database of `dataDir`. */
export function sqliteEvents(dataDir: string, accountId: string, afterSeq = 0): EventRecord[] {
  const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(SELECT).all(accountId, afterSeq) as Row[]).map(toRecord);
  } finally {
    db.close();
  }
}

/** The count a `select count(*) as n …` query answers on the SQLite database of `dataDir` (read-only). */
export function sqliteCount(dataDir: string, sql: string, ...params: unknown[]): number {
  const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The account's events after `afterSeq` in the PostgreSQL database of `pool`. */
export async function postgresEvents(pool: pg.Pool, accountId: string, afterSeq = 0): Promise<EventRecord[]> {
  const { rows } = await pool.query<Row>(SELECT.replace('account_id = ?', 'account_id = $1').replace('seq > ?', 'seq > $2'), [accountId, afterSeq]);
  return rows.map(toRecord);
}
