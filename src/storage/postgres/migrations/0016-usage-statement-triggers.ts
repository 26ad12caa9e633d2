/**
 * 0016 (PostgreSQL only; SQLite keeps its row triggers): the quota counters of `account_usage` (0005, 0010) kept by
 * statement triggers instead of row triggers, with the same counts.
 *
 * A row trigger updates the account's counter row once per row written: a fulfilment batch that settles 10,000 numbers
 * of one account updated that row 20,000 times in one transaction. Under MVCC each update leaves a version that cannot
 * be pruned before the commit, and each next update walks past all of them: quadratic in the batch (seconds for one
 * statement, past the statement timeout for a large batch). A statement trigger reads the statement's rows from its
 * transition tables and adds each account's net change once.
 *
 * The counts are the row triggers' own: what the new rows count minus what the old rows counted, read after the
 * statement (as the row triggers were), summed per account. An unchanged row cancels out, so a statement that changes
 * no count touches no counter row and locks none. Accounts are updated in account order. A change that only lowers
 * counts updates an existing row (as the row triggers' UPDATE did); one that raises any upserts it.
 * A trigger with transition tables serves one event (a PostgreSQL rule), hence three per table.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger phone_numbers_usage on phone_numbers`.execute(db);
  await sql`drop function dialtone_account_usage()`.execute(db);
  await sql`drop trigger orders_usage on orders`.execute(db);
  await sql`drop function dialtone_order_usage()`.execute(db);
  await sql`drop trigger order_numbers_usage on order_numbers`.execute(db);
  await sql`drop function dialtone_order_number_usage()`.execute(db);

  await sql`create function dialtone_usage_add(account text, owned bigint, processing bigint, on_order bigint) returns void
    language plpgsql as $$
    begin
      if owned > 0 or processing > 0 or on_order > 0 then
        insert into account_usage (account_id, owned_numbers, processing_orders, numbers_on_order)
          values (account, owned, processing, on_order)
          on conflict (account_id) do update set owned_numbers = account_usage.owned_numbers + excluded.owned_numbers,
            processing_orders = account_usage.processing_orders + excluded.processing_orders,
            numbers_on_order = account_usage.numbers_on_order + excluded.numbers_on_order;
      else
        update account_usage set owned_numbers = owned_numbers + owned, processing_orders = processing_orders + processing,
            numbers_on_order = numbers_on_order + on_order
          where account_id = account;
      end if;
    end $$`.execute(db);

  // Owned numbers (0005): active records past AcquireInProgress.
  await sql`create function dialtone_phone_numbers_usage() returns trigger language plpgsql as $$
    declare
      d record;
    begin
      if tg_op = 'INSERT' then
        for d in select account_id, count(*) as n from new_rows where active = 1 and status <> 'AcquireInProgress'
            group by account_id order by account_id loop
          perform dialtone_usage_add(d.account_id, d.n, 0, 0);
        end loop;
      elsif tg_op = 'UPDATE' then
        for d in select account_id, sum(n) as n from (
              select account_id, 1 as n from new_rows where active = 1 and status <> 'AcquireInProgress'
              union all
              select account_id, -1 from old_rows where active = 1 and status <> 'AcquireInProgress') c
            group by account_id having sum(n) <> 0 order by account_id loop
          perform dialtone_usage_add(d.account_id, d.n, 0, 0);
        end loop;
      else
        for d in select account_id, count(*) as n from old_rows where active = 1 and status <> 'AcquireInProgress'
            group by account_id order by account_id loop
          perform dialtone_usage_add(d.account_id, -d.n, 0, 0);
        end loop;
      end if;
      return null;
    end $$`.execute(db);

  // Orders in Processing and their numbers still Processing (0010). A new order has no numbers yet: they follow it
  // (and count themselves, below), even when written by the same statement.
  await sql`create function dialtone_orders_usage() returns trigger language plpgsql as $$
    declare
      d record;
    begin
      if tg_op = 'INSERT' then
        for d in select account_id, count(*) as n from new_rows where status = 'Processing' group by account_id order by account_id loop
          perform dialtone_usage_add(d.account_id, 0, d.n, 0);
        end loop;
      elsif tg_op = 'UPDATE' then
        for d in select account_id, sum(orders)::bigint as orders, sum(numbers)::bigint as numbers from (
              select account_id, 1 as orders,
                  (select count(*) from order_numbers n where n.order_id = r.id and n.status = 'Processing') as numbers
                from new_rows r where status = 'Processing'
              union all
              select account_id, -1,
                  -(select count(*) from order_numbers n where n.order_id = r.id and n.status = 'Processing')
                from old_rows r where status = 'Processing') c
            group by account_id having sum(orders) <> 0 or sum(numbers) <> 0 order by account_id loop
          perform dialtone_usage_add(d.account_id, 0, d.orders, d.numbers);
        end loop;
      else
        for d in select account_id, count(*) as orders,
              sum((select count(*) from order_numbers n where n.order_id = r.id and n.status = 'Processing'))::bigint as numbers
            from old_rows r where status = 'Processing' group by account_id order by account_id loop
          perform dialtone_usage_add(d.account_id, 0, -d.orders, -d.numbers);
        end loop;
      end if;
      return null;
    end $$`.execute(db);

  // Numbers on order (0010): numbers still Processing of an order in Processing.
  await sql`create function dialtone_order_numbers_usage() returns trigger language plpgsql as $$
    declare
      d record;
    begin
      if tg_op = 'INSERT' then
        for d in select o.account_id, count(*) as n from new_rows r join orders o on o.id = r.order_id and o.status = 'Processing'
            where r.status = 'Processing' group by o.account_id order by o.account_id loop
          perform dialtone_usage_add(d.account_id, 0, 0, d.n);
        end loop;
      elsif tg_op = 'UPDATE' then
        for d in select o.account_id, sum(c.n) as n from (
              select order_id, 1 as n from new_rows where status = 'Processing'
              union all
              select order_id, -1 from old_rows where status = 'Processing') c
            join orders o on o.id = c.order_id and o.status = 'Processing'
            group by o.account_id having sum(c.n) <> 0 order by o.account_id loop
          perform dialtone_usage_add(d.account_id, 0, 0, d.n);
        end loop;
      else
        for d in select o.account_id, count(*) as n from old_rows r join orders o on o.id = r.order_id and o.status = 'Processing'
            where r.status = 'Processing' group by o.account_id order by o.account_id loop
          perform dialtone_usage_add(d.account_id, 0, 0, -d.n);
        end loop;
      end if;
      return null;
    end $$`.execute(db);

  for (const table of ['phone_numbers', 'orders', 'order_numbers']) {
    const fn = sql.raw(`dialtone_${table}_usage()`);
    const t = sql.raw(table);
    await sql`create trigger ${sql.raw(`${table}_usage_insert`)} after insert on ${t} referencing new table as new_rows
      for each statement execute function ${fn}`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_usage_update`)} after update on ${t} referencing old table as old_rows new table as new_rows
      for each statement execute function ${fn}`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_usage_delete`)} after delete on ${t} referencing old table as old_rows
      for each statement execute function ${fn}`.execute(db);
  }
}
