/**
 * 0005: a per-account count of owned numbers, kept by triggers on `phone_numbers`, so that the quota check at order
 * creation reads one row instead of counting the account's numbers. Owned = `active = 1` and not `AcquireInProgress`
 * (numbers still being acquired are counted through their orders). Triggers keep it right whatever writes the rows
 * (orders, fulfilment, the sweep, `dialtone seed`). Forward-only.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table account_usage (account_id text primary key, owned_numbers integer not null default 0)`.execute(db);
  await sql`insert into account_usage (account_id, owned_numbers)
    select account_id, count(*) from phone_numbers where active = 1 and status <> 'AcquireInProgress' group by account_id`.execute(db);
  await sql`create trigger phone_numbers_usage_insert after insert on phone_numbers
    when new.active = 1 and new.status <> 'AcquireInProgress'
    begin
      insert into account_usage (account_id, owned_numbers) values (new.account_id, 1)
        on conflict (account_id) do update set owned_numbers = owned_numbers + 1;
    end`.execute(db);
  await sql`create trigger phone_numbers_usage_update after update of active, status, account_id on phone_numbers
    begin
      update account_usage set owned_numbers = owned_numbers - 1
        where account_id = old.account_id and old.active = 1 and old.status <> 'AcquireInProgress';
      insert into account_usage (account_id, owned_numbers)
        select new.account_id, 1 where new.active = 1 and new.status <> 'AcquireInProgress'
        on conflict (account_id) do update set owned_numbers = owned_numbers + 1;
    end`.execute(db);
  await sql`create trigger phone_numbers_usage_delete after delete on phone_numbers
    when old.active = 1 and old.status <> 'AcquireInProgress'
    begin
      update account_usage set owned_numbers = owned_numbers - 1 where account_id = old.account_id;
    end`.execute(db);
}
