/**
 * 0010: the rest of the quota counters. `account_usage` (0005: owned numbers) also keeps, per account, the orders in
 * `Processing` and the numbers on order (numbers still `Processing` of an order in `Processing`), so that the quota
 * check of a create reads one row instead of counting the account's orders: its cost no longer grows with the orders
 * in flight. Triggers keep them in the transaction of every write that moves them, whatever writes the rows (creates,
 * fulfilment, retention, `dialtone seed`); the migration initialises them from a recount. Forward-only.
 *
 * The numbers of an order are inserted after it and deleted before it (the foreign key), so a number's own triggers
 * count it while its order is in `Processing`; an order that leaves `Processing` takes its numbers still `Processing`
 * off the count with it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table account_usage add column processing_orders integer not null default 0`.execute(db);
  await sql`alter table account_usage add column numbers_on_order integer not null default 0`.execute(db);
  await sql`insert into account_usage (account_id, processing_orders, numbers_on_order)
    select o.account_id, count(*), coalesce(sum((select count(*) from order_numbers n where n.order_id = o.id and n.status = 'Processing')), 0)
      from orders o where o.status = 'Processing' group by o.account_id
    on conflict (account_id) do update set processing_orders = excluded.processing_orders, numbers_on_order = excluded.numbers_on_order`.execute(db);

  await sql`create trigger orders_usage_insert after insert on orders when new.status = 'Processing'
    begin
      insert into account_usage (account_id, processing_orders) values (new.account_id, 1)
        on conflict (account_id) do update set processing_orders = processing_orders + 1;
    end`.execute(db);
  await sql`create trigger orders_usage_update after update of status, account_id on orders
    when (old.status = 'Processing' or new.status = 'Processing') and (old.status <> new.status or old.account_id <> new.account_id)
    begin
      update account_usage set processing_orders = processing_orders - 1,
          numbers_on_order = numbers_on_order - (select count(*) from order_numbers where order_id = old.id and status = 'Processing')
        where account_id = old.account_id and old.status = 'Processing';
      insert into account_usage (account_id, processing_orders, numbers_on_order)
        select new.account_id, 1, (select count(*) from order_numbers where order_id = new.id and status = 'Processing')
          where new.status = 'Processing'
        on conflict (account_id) do update set processing_orders = processing_orders + 1,
          numbers_on_order = numbers_on_order + excluded.numbers_on_order;
    end`.execute(db);
  await sql`create trigger orders_usage_delete after delete on orders when old.status = 'Processing'
    begin
      update account_usage set processing_orders = processing_orders - 1,
          numbers_on_order = numbers_on_order - (select count(*) from order_numbers where order_id = old.id and status = 'Processing')
        where account_id = old.account_id;
    end`.execute(db);

  await sql`create trigger order_numbers_usage_insert after insert on order_numbers when new.status = 'Processing'
    begin
      insert into account_usage (account_id, numbers_on_order)
        select account_id, 1 from orders where id = new.order_id and status = 'Processing'
        on conflict (account_id) do update set numbers_on_order = numbers_on_order + 1;
    end`.execute(db);
  await sql`create trigger order_numbers_usage_update after update of status, order_id on order_numbers
    when (old.status = 'Processing' or new.status = 'Processing') and (old.status <> new.status or old.order_id <> new.order_id)
    begin
      update account_usage set numbers_on_order = numbers_on_order - 1
        where old.status = 'Processing'
          and account_id = (select account_id from orders where id = old.order_id and status = 'Processing');
      insert into account_usage (account_id, numbers_on_order)
        select account_id, 1 from orders where new.status = 'Processing' and id = new.order_id and status = 'Processing'
        on conflict (account_id) do update set numbers_on_order = numbers_on_order + 1;
    end`.execute(db);
  await sql`create trigger order_numbers_usage_delete after delete on order_numbers when old.status = 'Processing'
    begin
      update account_usage set numbers_on_order = numbers_on_order - 1
        where account_id = (select account_id from orders where id = old.order_id and status = 'Processing');
    end`.execute(db);
}
