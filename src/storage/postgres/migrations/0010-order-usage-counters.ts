/**
 * 0010 (PostgreSQL): mirrors sqlite/0010 — `account_usage` also keeps each account's orders in `Processing` and its
 * numbers on order, kept by triggers on `orders` and `order_numbers` in the transaction of every write, and
 * initialised from a recount. Forward-only.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table account_usage add column processing_orders bigint not null default 0`.execute(db);
  await sql`alter table account_usage add column numbers_on_order bigint not null default 0`.execute(db);
  await sql`insert into account_usage (account_id, processing_orders, numbers_on_order)
    select o.account_id, count(*), coalesce(sum((select count(*) from order_numbers n where n.order_id = o.id and n.status = 'Processing')), 0)
      from orders o where o.status = 'Processing' group by o.account_id
    on conflict (account_id) do update set processing_orders = excluded.processing_orders, numbers_on_order = excluded.numbers_on_order`.execute(db);

  // An order leaving Processing (or deleted in it) takes its numbers still Processing off the count; one entering it
  // (never done by dialtone, kept exact anyway) adds them. A new order has no numbers yet: they follow it.
  await sql`create function dialtone_order_usage() returns trigger language plpgsql as $$
    declare
      n bigint;
    begin
      if tg_op = 'UPDATE' and old.status = new.status and old.account_id = new.account_id then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') and old.status = 'Processing' then
        select count(*) into n from order_numbers where order_id = old.id and status = 'Processing';
        update account_usage set processing_orders = processing_orders - 1, numbers_on_order = numbers_on_order - n
          where account_id = old.account_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.status = 'Processing' then
        n := 0;
        if tg_op = 'UPDATE' then
          select count(*) into n from order_numbers where order_id = new.id and status = 'Processing';
        end if;
        insert into account_usage (account_id, processing_orders, numbers_on_order) values (new.account_id, 1, n)
          on conflict (account_id) do update set processing_orders = account_usage.processing_orders + 1,
            numbers_on_order = account_usage.numbers_on_order + excluded.numbers_on_order;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger orders_usage after insert or update of status, account_id or delete on orders
    for each row execute function dialtone_order_usage()`.execute(db);

  await sql`create function dialtone_order_number_usage() returns trigger language plpgsql as $$
    declare
      owner text;
    begin
      if tg_op = 'UPDATE' and old.status = new.status and old.order_id = new.order_id then
        return null;
      end if;
      if tg_op in ('UPDATE', 'DELETE') and old.status = 'Processing' then
        select account_id into owner from orders where id = old.order_id and status = 'Processing';
        if found then
          update account_usage set numbers_on_order = numbers_on_order - 1 where account_id = owner;
        end if;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.status = 'Processing' then
        select account_id into owner from orders where id = new.order_id and status = 'Processing';
        if found then
          insert into account_usage (account_id, numbers_on_order) values (owner, 1)
            on conflict (account_id) do update set numbers_on_order = account_usage.numbers_on_order + 1;
        end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger order_numbers_usage after insert or update of status, order_id or delete on order_numbers
    for each row execute function dialtone_order_number_usage()`.execute(db);
}
