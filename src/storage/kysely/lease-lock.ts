/**
 * The cluster lock on SQLite, where several processes may share one database file (`dialtone serve --workers N`) and
 * there are no advisory locks: a lease row in `meta` (`lock:<name>` → `<until ms> <owner>`). Taking it is one
 * statement, an upsert that replaces the row only when its lease has run out or is this holder's own, so two processes
 * cannot both take it; it is given back (the row deleted) when the work ends. A holder that dies keeps the lock until
 * its lease runs out (`LEASE_MS`), then any process takes it. Time is the database's (`julianday('now')`), one clock
 * for every process on the machine.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { ClusterLock } from '../../domain/ports/cluster-lock.ts';
import type { DatabaseSchema } from './schema.ts';

/**
 * How long a taken lock holds without its holder (ms). Longer than a sweep takes; a sweep that outlives it may overlap
 * with the next holder's, which `ClusterLock` allows (the work is idempotent).
 */
export const LEASE_MS = 30_000;

/** Milliseconds since the epoch on SQLite's clock. */
const NOW_MS = sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;

/** `exclusive` over lease rows in `meta`, for a holder of its own (one per open storage). */
export function leaseLock(db: Kysely<DatabaseSchema>, owner: string = randomUUID()): ClusterLock {
  return {
    async exclusive<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
      const key = `lock:${name}`;
      // `cast('<until> <owner>' as integer)` is the leading number: the lease's end.
      const { rows } = await sql<{ name: string }>`
        insert into meta (name, value) values (${key}, (${NOW_MS} + ${LEASE_MS}) || ' ' || ${owner})
        on conflict (name) do update set value = excluded.value
          where cast(meta.value as integer) < ${NOW_MS} or substr(meta.value, instr(meta.value, ' ') + 1) = ${owner}
        returning name`.execute(db);
      if (rows.length === 0) return undefined;
      try {
        return await work();
      } finally {
        await sql`delete from meta where name = ${key} and substr(value, instr(value, ' ') + 1) = ${owner}`.execute(db);
      }
    },
  };
}
