/** The account's phone-number settings on kysely, in dialect-neutral queries (an upsert with a guard). */
import type { Kysely } from 'kysely';
import type { PhoneNumberSettings, PhoneNumberSettingsRepository } from '../../domain/ports/settings.ts';
import type { DatabaseSchema } from './schema.ts';

/** `PhoneNumberSettingsRepository` bound to a database or to one transaction of it. */
export class KyselyPhoneNumberSettingsRepository implements PhoneNumberSettingsRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async get(accountId: string): Promise<PhoneNumberSettings | undefined> {
    const row = await this.#db
      .selectFrom('phone_number_settings')
      .select(['calling_name', 'calling_name_updated_at'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : { callingName: row.calling_name, callingNameUpdatedAt: new Date(Number(row.calling_name_updated_at)) };
  }

  async put(accountId: string, change: { callingName: string; at: Date; unchangedSince: Date }): Promise<boolean> {
    const at = change.at.getTime();
    const result = await this.#db
      .insertInto('phone_number_settings')
      .values({ account_id: accountId, calling_name: change.callingName, calling_name_updated_at: at })
      .onConflict((oc) =>
        oc
          .column('account_id')
          .doUpdateSet({ calling_name: change.callingName, calling_name_updated_at: at })
          .where('phone_number_settings.calling_name_updated_at', '<=', change.unchangedSince.getTime()),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async defaultCallingNames(accountIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    if (accountIds.length === 0) return names;
    const rows = await this.#db
      .selectFrom('phone_number_settings')
      .select(['account_id', 'calling_name'])
      .where('account_id', 'in', [...new Set(accountIds)])
      .where('calling_name', '<>', '')
      .execute();
    for (const row of rows) names.set(row.account_id, row.calling_name);
    return names;
  }
}
