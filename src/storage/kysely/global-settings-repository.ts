/** An account's global settings on kysely, in dialect-neutral queries (one row per account, upserted). */
import type { Kysely } from 'kysely';
import type { GlobalSettings, GlobalSettingsRepository } from '../../domain/ports/global-settings.ts';
import type { DatabaseSchema } from './schema.ts';

/** `GlobalSettingsRepository` bound to a database or to one transaction of it. */
export class KyselyGlobalSettingsRepository implements GlobalSettingsRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async get(accountId: string): Promise<GlobalSettings | undefined> {
    const row = await this.#db
      .selectFrom('global_settings')
      .select(['voice_connector_cdr_bucket', 'business_calling_cdr_bucket', 'updated_at'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      ...(row.voice_connector_cdr_bucket !== null && { voiceConnectorCdrBucket: row.voice_connector_cdr_bucket }),
      ...(row.business_calling_cdr_bucket !== null && { businessCallingCdrBucket: row.business_calling_cdr_bucket }),
      // Number(): 64-bit integer columns may come back as strings from some drivers.
      updatedAt: new Date(Number(row.updated_at)),
    };
  }

  async put(accountId: string, settings: GlobalSettings): Promise<void> {
    const values = {
      voice_connector_cdr_bucket: settings.voiceConnectorCdrBucket ?? null,
      business_calling_cdr_bucket: settings.businessCallingCdrBucket ?? null,
      updated_at: settings.updatedAt.getTime(),
    };
    await this.#db
      .insertInto('global_settings')
      .values({ account_id: accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
  }
}
