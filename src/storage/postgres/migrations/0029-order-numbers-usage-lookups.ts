/**
 * 0029 (PostgreSQL only): the counter of numbers on order (0016's `dialtone_order_numbers_usage`) looks each written
 * number's order up by its key, instead of joining the statement's rows with `orders`.
 *
 * PL/pgSQL plans a trigger's query once per session and keeps the plan until the table's statistics change. Planned
 * while `orders` looked small (a fresh database, or before autovacuum's next ANALYZE), the join read every order at each
 * statement: in one transaction that writes many orders (`dialtone import`), each statement cost more than the one
 * before. 1,000 orders written at once took 65 ms at first and 1.8 s once 25,000 were written in the same transaction;
 * an import of 100,000 orders ran past the statement timeout. A lookup by key per row costs the same whatever the
 * table's size: 30-65 ms for every 1,000 up to 30,000 (a scratch script on an embedded PostgreSQL).
 *
 * The counts are 0016's: numbers still `Processing` of an order in `Processing`, summed per account, accounts in order.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function dialtone_order_numbers_usage() returns trigger language plpgsql as $$
    declare
      d record;
    begin
      if tg_op = 'INSERT' then
        for d in select a.account_id, count(*) as n from (
              select (select o.account_id from orders o where o.id = r.order_id and o.status = 'Processing') as account_id
                from new_rows r where r.status = 'Processing') a
            where a.account_id is not null group by a.account_id order by a.account_id loop
          perform dialtone_usage_add(d.account_id, 0, 0, d.n);
        end loop;
      elsif tg_op = 'UPDATE' then
        for d in select a.account_id, sum(a.n) as n from (
              select (select o.account_id from orders o where o.id = c.order_id and o.status = 'Processing') as account_id, c.n
                from (select order_id, 1 as n from new_rows where status = 'Processing'
                      union all
                      select order_id, -1 from old_rows where status = 'Processing') c) a
            where a.account_id is not null group by a.account_id having sum(a.n) <> 0 order by a.account_id loop
          perform dialtone_usage_add(d.account_id, 0, 0, d.n);
        end loop;
      else
        for d in select a.account_id, count(*) as n from (
              select (select o.account_id from orders o where o.id = r.order_id and o.status = 'Processing') as account_id
                from old_rows r where r.status = 'Processing') a
            where a.account_id is not null group by a.account_id order by a.account_id loop
          perform dialtone_usage_add(d.account_id, 0, 0, -d.n);
        end loop;
      end if;
      return null;
    end $$`.execute(db);
}
