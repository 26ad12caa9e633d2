/**
 * Quota usage counts on kysely, in dialect-neutral queries. Owned numbers come from `account_usage`, a counter that
 * triggers keep (migration 0005): one row, whatever the account owns. Numbers on order and orders in Processing are
 * counted with capped subqueries (`LIMIT cap + 1`) over indexes from 0004: bounded by the quota.
 */
import { sql, type Kysely } from 'kysely';
import type { AccountUsage, UsageRepository } from '../../domain/ports/usage.ts';
import type { DatabaseSchema } from './schema.ts';

/** `UsageRepository` bound to a database or to one transaction of it (count inside the creating transaction). */
export class KyselyUsageRepository implements UsageRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async count(accountId: string, caps: { numbers: number; orders: number }): Promise<AccountUsage> {
    const db = this.#db;
    const onOrder = db
      .selectFrom('order_numbers')
      .innerJoin('orders', 'orders.id', 'order_numbers.order_id')
      .select(sql<number>`1`.as('one'))
      .where('orders.account_id', '=', accountId)
      .where('orders.status', '=', 'Processing')
      .where('order_numbers.status', '=', 'Processing')
      .limit(caps.numbers + 1);
    const processing = db
      .selectFrom('orders')
      .select(sql<number>`1`.as('one'))
      .where('account_id', '=', accountId)
      .where('status', '=', 'Processing')
      .limit(caps.orders + 1);
    const [a, b, c] = await Promise.all([
      db.selectFrom('account_usage').select('owned_numbers as n').where('account_id', '=', accountId).executeTakeFirst(),
      db.selectFrom(onOrder.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom(processing.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { ownedNumbers: Math.min(Number(a?.n ?? 0), caps.numbers + 1), numbersOnOrder: Number(b.n), processingOrders: Number(c.n) };
  }
}
