/**
 * 0015: what keeps the console's overview of an account cheap whatever the account holds. Forward-only.
 * - `orders_account_created_status` (account_id, created_at, id, status) replaces `orders_account_created_id`
 *   (account_id, created_at, id): the keyset listing reads it as before, and the orders created in a window are counted
 *   by status from the index alone.
 * - `orders_account_status_created` (account_id, status, created_at) replaces `orders_account_status` (0004): an
 *   account's orders in Processing and the oldest of them from as many index entries (without it, a planner with
 *   statistics counted them through the account's whole `orders_account_created_status`).
 * - `orders_settled_account` (account_id, updated_at, created_at) of the settled orders (`status <> 'Processing'`):
 *   the orders an account settled in a window, and their lags, from the index alone.
 * - `number_counts`: the numbers each account holds (active records) by status and product type, kept by triggers on
 *   `phone_numbers` in the transaction of every write that moves them (like `account_usage`, 0005), so that the
 *   overview reads a few rows instead of counting the account's numbers. Initialised from the rows present.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('orders_account_created_status').on('orders').columns(['account_id', 'created_at', 'id', 'status']).execute();
  await db.schema.dropIndex('orders_account_created_id').execute();
  await db.schema.createIndex('orders_account_status_created').on('orders').columns(['account_id', 'status', 'created_at']).execute();
  await db.schema.dropIndex('orders_account_status').execute();
  await db.schema
    .createIndex('orders_settled_account')
    .on('orders')
    .columns(['account_id', 'updated_at', 'created_at'])
    .where(sql.ref('status'), '<>', sql.lit('Processing'))
    .execute();

  await sql`create table number_counts (
      account_id text not null, status text not null, product_type text not null, held integer not null,
      primary key (account_id, status, product_type)
    )`.execute(db);
  await sql`insert into number_counts (account_id, status, product_type, held)
    select account_id, status, product_type, count(*) from phone_numbers where active = 1 group by account_id, status, product_type`.execute(db);
  await sql`create trigger phone_numbers_counts_insert after insert on phone_numbers when new.active = 1
    begin
      insert into number_counts (account_id, status, product_type, held) values (new.account_id, new.status, new.product_type, 1)
        on conflict (account_id, status, product_type) do update set held = held + 1;
    end`.execute(db);
  await sql`create trigger phone_numbers_counts_update after update of active, status, product_type, account_id on phone_numbers
    when (old.active = 1 or new.active = 1)
      and (old.active <> new.active or old.status <> new.status or old.product_type <> new.product_type or old.account_id <> new.account_id)
    begin
      update number_counts set held = held - 1
        where old.active = 1 and account_id = old.account_id and status = old.status and product_type = old.product_type;
      insert into number_counts (account_id, status, product_type, held)
        select new.account_id, new.status, new.product_type, 1 where new.active = 1
        on conflict (account_id, status, product_type) do update set held = held + 1;
    end`.execute(db);
  await sql`create trigger phone_numbers_counts_delete after delete on phone_numbers when old.active = 1
    begin
      update number_counts set held = held - 1 where account_id = old.account_id and status = old.status and product_type = old.product_type;
    end`.execute(db);
}
