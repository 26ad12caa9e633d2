/**
 * Quota usage on kysely. `account_usage` holds one row of counters per account, kept by triggers in the transaction of
 * every write that moves them (owned numbers: migration 0005; orders in Processing and numbers on order: 0010), so
 * reading an account's usage is one primary-key lookup, whatever the account holds.
 */
import { sql, type Kysely } from 'kysely';
import type { AccountUsage, UsageRepository } from '../../domain/ports/usage.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';

const COUNTERS = ['owned_numbers', 'numbers_on_order', 'processing_orders'] as const;

/** `UsageRepository` bound to a database or to one transaction of it (read inside the creating transaction). */
export class KyselyUsageRepository implements UsageRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#dialect = dialect;
  }

  async usageOf(accountId: string): Promise<AccountUsage> {
    const db = this.#db;
    // PostgreSQL, in a transaction: READ COMMITTED would let concurrent creates all pass on the same counts. An upsert
    // that changes nothing locks the account's row until commit and returns its latest committed counts, in one round
    // trip; the next create of the account waits for this one, then reads what it wrote. (SQLite: one writer at a time.)
    const row =
      this.#dialect === 'postgres' && db.isTransaction
        ? await db
            .insertInto('account_usage')
            .values({ account_id: accountId })
            .onConflict((oc) => oc.column('account_id').doUpdateSet({ account_id: (eb) => eb.ref('excluded.account_id') }))
            .returning(COUNTERS)
            .executeTakeFirst()
        : await db.selectFrom('account_usage').select(COUNTERS).where('account_id', '=', accountId).executeTakeFirst();
    return {
      ownedNumbers: Number(row?.owned_numbers ?? 0),
      numbersOnOrder: Number(row?.numbers_on_order ?? 0),
      processingOrders: Number(row?.processing_orders ?? 0),
    };
  }

  async recount(accountId: string): Promise<AccountUsage> {
    const db = this.#db;
    const [owned, onOrder, processing] = await Promise.all([
      db
        .selectFrom('phone_numbers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('active', '=', sql.lit(1))
        .where('status', '<>', 'AcquireInProgress')
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('order_numbers')
        .innerJoin('orders', 'orders.id', 'order_numbers.order_id')
        .select(sql<number>`count(*)`.as('n'))
        .where('orders.account_id', '=', accountId)
        .where('orders.status', '=', 'Processing')
        .where('order_numbers.status', '=', 'Processing')
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('status', '=', 'Processing')
        .executeTakeFirstOrThrow(),
    ]);
    return { ownedNumbers: Number(owned.n), numbersOnOrder: Number(onOrder.n), processingOrders: Number(processing.n) };
  }
}
