/**
 * 0005 (PostgreSQL): mirrors sqlite/0005 — a per-account count of owned numbers kept by a trigger on `phone_numbers`,
 * so that the quota check reads one row. Forward-only.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table account_usage (account_id text collate "C" primary key, owned_numbers bigint not null default 0)`.execute(db);
  await sql`insert into account_usage (account_id, owned_numbers)
    select account_id, count(*) from phone_numbers where active = 1 and status <> 'AcquireInProgress' group by account_id`.execute(db);
  await sql`create function dialtone_account_usage() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.active = 1 and old.status <> 'AcquireInProgress' then
        update account_usage set owned_numbers = owned_numbers - 1 where account_id = old.account_id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.active = 1 and new.status <> 'AcquireInProgress' then
        insert into account_usage (account_id, owned_numbers) values (new.account_id, 1)
          on conflict (account_id) do update set owned_numbers = account_usage.owned_numbers + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger phone_numbers_usage after insert or update of active, status, account_id or delete on phone_numbers
    for each row execute function dialtone_account_usage()`.execute(db);
}
