/**
 * 0017 (SQLite only; PostgreSQL keeps its heap table, as 0016 is PostgreSQL's own): `order_numbers` clustered on its
 * key (`order_id`, `position`), a `WITHOUT ROWID` table whose rows live in the key's own B-tree. Before, the key was an
 * index beside a rowid table, and every number read through it (an order's numbers, a page of orders' numbers) took a
 * second descent into the table; `order_numbers_e164` now carries the order's id too. Measured with
 * bench/order-tables.ts (the queries alone) on 1,000,000 one-number orders: an order with its numbers 10.5 → 8.5 µs, a
 * page of 50 orders 55.5 → 52.8 µs; with 1,000 orders 2.86 → 2.66 and 38.7 → 37.6. Settlements cost the same with the
 * time-ordered ids the order service gives (random ids, as an import may bring, settle more slowly: 9.8 → 17.8 µs).
 * `orders` stays a rowid table: clustered on its text id, a page of orders read through its listing index was slower.
 *
 * The table is rebuilt in one transaction (SQLite's migrations run without one): the rows copied, the old table
 * dropped, the new one renamed, its indexes and the triggers that read it (its own and those of `orders`) created again
 * as they were. A database whose table is already clustered (a crash after the commit, before the migration was
 * recorded) is left as it is. Forward-only.
 */
import { sql, type Kysely } from 'kysely';

const COLUMNS = sql.raw('order_id, position, e164, status, failure_reason');

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'order_numbers'`.execute(trx);
    if (/without\s+rowid\s*$/i.test(table.rows[0]?.sql ?? '')) return;
    // Its indexes and every trigger that names it, in the order they were created. The triggers of `orders` are
    // dropped first: renaming a table checks every trigger of the schema, and theirs would name a missing table.
    const dependents = await sql<{ type: string; name: string; sql: string }>`
      select type, name, sql from sqlite_master
        where sql is not null and type in ('index', 'trigger') and (tbl_name = 'order_numbers' or (type = 'trigger' and sql like '%order_numbers%'))
        order by rowid`.execute(trx);
    for (const { type, name } of dependents.rows) {
      if (type === 'trigger') await sql`drop trigger ${sql.id(name)}`.execute(trx);
    }
    await sql`create table order_numbers_clustered (
        order_id text not null references orders (id), position integer not null, e164 text not null,
        status text not null, failure_reason text,
        constraint order_numbers_pk primary key (order_id, position)
      ) without rowid`.execute(trx);
    await sql`insert into order_numbers_clustered (${COLUMNS}) select ${COLUMNS} from order_numbers`.execute(trx);
    await sql`drop table order_numbers`.execute(trx);
    await sql`alter table order_numbers_clustered rename to order_numbers`.execute(trx);
    for (const dependent of dependents.rows) await sql.raw(dependent.sql).execute(trx);
  });
}
