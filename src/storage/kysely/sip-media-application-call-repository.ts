/**
 * SIP media application calls on kysely, in dialect-neutral queries: every read and write filtered by `account_id` (and
 * the application); headers and arguments are JSON objects.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { SipMediaApplicationCallRepository } from '../../domain/ports/sip-calls.ts';
import type { SipMediaApplicationCall } from '../../domain/sip/sip-media-application-call.ts';
import { millisOf } from './millis.ts';
import type { DatabaseSchema, SipMediaApplicationCallsTable } from './schema.ts';

/** `SipMediaApplicationCallRepository` bound to a database or to one transaction of it. */
export class KyselySipMediaApplicationCallRepository implements SipMediaApplicationCallRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insert(call: SipMediaApplicationCall): Promise<void> {
    await this.#db
      .insertInto('sip_media_application_calls')
      .values({
        transaction_id: call.transactionId,
        account_id: call.accountId,
        sip_media_application_id: call.sipMediaApplicationId,
        from_phone_number: call.fromPhoneNumber,
        to_phone_number: call.toPhoneNumber,
        sip_headers: JSON.stringify(call.sipHeaders),
        arguments: JSON.stringify(call.arguments),
        created_at: millis(call.createdAt),
        updated_at: millis(call.updatedAt),
      })
      .execute();
  }

  async get(accountId: string, sipMediaApplicationId: string, transactionId: string, since: Date): Promise<SipMediaApplicationCall | undefined> {
    const row = await this.#db
      .selectFrom('sip_media_application_calls')
      .selectAll()
      .where(theCall(accountId, sipMediaApplicationId, transactionId))
      .where('created_at', '>', millis(since))
      .executeTakeFirst();
    return row && toCall(row);
  }

  async touch(accountId: string, sipMediaApplicationId: string, transactionId: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('sip_media_application_calls')
      .set({ updated_at: millis(at) })
      .where(theCall(accountId, sipMediaApplicationId, transactionId))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async prune(accountId: string, before: Date, limit: number): Promise<number> {
    const old = this.#db
      .selectFrom('sip_media_application_calls')
      .select('transaction_id')
      .where('account_id', '=', accountId)
      .where('created_at', '<', millis(before))
      .orderBy('created_at')
      .limit(limit);
    const result = await this.#db.deleteFrom('sip_media_application_calls').where('transaction_id', 'in', old).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const millis = (date: Date): number => millisOf(date, 'SIP media application call timestamp');

/** The condition of every query on one call: its account, its application and its transaction. */
function theCall(accountId: string, sipMediaApplicationId: string, transactionId: string) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'sip_media_application_calls'>) =>
    eb.and({ account_id: accountId, sip_media_application_id: sipMediaApplicationId, transaction_id: transactionId });
}

function toCall(row: Selectable<SipMediaApplicationCallsTable>): SipMediaApplicationCall {
  return {
    transactionId: row.transaction_id,
    accountId: row.account_id,
    sipMediaApplicationId: row.sip_media_application_id,
    fromPhoneNumber: row.from_phone_number,
    toPhoneNumber: row.to_phone_number,
    sipHeaders: JSON.parse(row.sip_headers) as Record<string, string>,
    arguments: JSON.parse(row.arguments) as Record<string, string>,
    // Number(): 64-bit integer columns may come back as strings from some drivers.
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
