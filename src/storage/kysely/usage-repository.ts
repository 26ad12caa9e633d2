/**
 * Quota usage counts on kysely, in dialect-neutral queries. Each count reads a capped subquery (`LIMIT cap + 1`) over
 * an index from 0004, so its cost is bounded by the quota, not by how many rows the account has.
 */
import { sql, type Kysely } from 'kysely';
import type { AccountUsage, UsageRepository } from '../ports.ts';
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
    const owned = db
      .selectFrom('phone_numbers')
      .select(sql<number>`1`.as('one'))
      .where('account_id', '=', accountId)
      .where('active', '=', 1)
      .where('status', '!=', 'AcquireInProgress')
      .limit(caps.numbers + 1);
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
      db.selectFrom(owned.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom(onOrder.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      db.selectFrom(processing.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { ownedNumbers: Number(a.n), numbersOnOrder: Number(b.n), processingOrders: Number(c.n) };
  }
}
