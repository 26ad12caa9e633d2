/**
 * Invocation ids of CreatePhoneNumberOrder calls on kysely, in dialect-neutral queries. A claim is one upsert on the
 * primary key (account, invocation id): it inserts, or replaces a claim older than the window, or leaves a live claim
 * alone and returns nothing; the unique key, not a read before the write, decides between concurrent duplicates.
 */
import type { Kysely } from 'kysely';
import type { InvocationHolder, OrderInvocation, OrderInvocations } from '../../domain/ports/order-invocations.ts';
import type { DatabaseSchema } from './schema.ts';

/** A claim can vanish between the upsert that lost to it and the read of it (pruned, or replaced): try again. */
const CLAIM_ATTEMPTS = 3;

export class KyselyOrderInvocationRepository implements OrderInvocations {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` (claims belong in the transaction that inserts the order). */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async claim(invocation: OrderInvocation, since: Date): Promise<InvocationHolder> {
    const at = invocation.at.getTime();
    const cutoff = since.getTime();
    if (!Number.isFinite(at) || !Number.isFinite(cutoff)) throw new RangeError('invocation times must be valid dates');
    for (let attempt = 1; ; attempt++) {
      // PostgreSQL: a concurrent uncommitted claim of the same key makes this wait for its transaction; once it has
      // committed, the WHERE of DO UPDATE is false for it (it is live) and nothing is returned.
      const won = await this.#db
        .insertInto('order_invocations')
        .values({
          account_id: invocation.accountId,
          invocation_id: invocation.invocationId,
          order_id: invocation.orderId,
          fingerprint: invocation.fingerprint,
          created_at: at,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['account_id', 'invocation_id'])
            .doUpdateSet((eb) => ({
              order_id: eb.ref('excluded.order_id'),
              fingerprint: eb.ref('excluded.fingerprint'),
              created_at: eb.ref('excluded.created_at'),
            }))
            .where('order_invocations.created_at', '<', cutoff),
        )
        .returning('order_id')
        .executeTakeFirst();
      if (won !== undefined) return { claimed: true, orderId: invocation.orderId, fingerprint: invocation.fingerprint, at: invocation.at };
      const held = await this.#db
        .selectFrom('order_invocations')
        .select(['order_id', 'fingerprint', 'created_at'])
        .where('account_id', '=', invocation.accountId)
        .where('invocation_id', '=', invocation.invocationId)
        .executeTakeFirst();
      if (held !== undefined) {
        return { claimed: false, orderId: held.order_id, fingerprint: held.fingerprint, at: new Date(Number(held.created_at)) };
      }
      if (attempt >= CLAIM_ATTEMPTS) throw new Error('the claim of an invocation id kept vanishing; giving up');
    }
  }

  async pruneBefore(before: Date, limit: number): Promise<number> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`prune limit must be a positive integer, got ${limit}`);
    const due = this.#db
      .selectFrom('order_invocations')
      .select(['account_id', 'invocation_id'])
      .where('created_at', '<', before.getTime())
      .orderBy('created_at')
      .limit(limit);
    const result = await this.#db
      .deleteFrom('order_invocations')
      .where(({ eb, refTuple }) => eb(refTuple('account_id', 'invocation_id'), 'in', due.$asTuple('account_id', 'invocation_id')))
      // Repeated outside the subquery: a claim replaced meanwhile (a new call reusing the id) is no longer due.
      .where('created_at', '<', before.getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
