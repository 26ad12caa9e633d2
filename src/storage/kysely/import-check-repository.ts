/** `ImportChecks` on kysely, in dialect-neutral queries: existence checks by primary and unique keys. */
import { sql, type Kysely } from 'kysely';
import type { HoldingKind, ImportChecks, ImportKeys, TakenKey } from '../../domain/ports/import-checks.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { chunked } from './pg-arrays.ts';

/** Values per IN list, well under every dialect's bound-variable limit. */
const CHUNK = 200;

/** The tables of an account's data, each with an index that starts with `account_id`. */
const HOLDINGS = {
  orders: 'orders',
  phoneNumbers: 'phone_numbers',
  phoneNumberSettings: 'phone_number_settings',
  globalSettings: 'global_settings',
  voiceConnectors: 'voice_connectors',
  voiceConnectorGroups: 'voice_connector_groups',
  sipMediaApplications: 'sip_media_applications',
  sipRules: 'sip_rules',
  voiceProfileDomains: 'voice_profile_domains',
  proxySessions: 'proxy_sessions',
  voiceProfiles: 'voice_profiles',
  voiceAnalyticsTasks: 'voice_analytics_tasks',
  associations: 'phone_number_associations',
} as const satisfies Record<HoldingKind, keyof DatabaseSchema>;

/** The tables whose `id` is unique in the whole database. */
const BY_ID = {
  order: 'orders',
  voiceConnector: 'voice_connectors',
  voiceConnectorGroup: 'voice_connector_groups',
  sipMediaApplication: 'sip_media_applications',
  sipRule: 'sip_rules',
  voiceProfileDomain: 'voice_profile_domains',
  proxySession: 'proxy_sessions',
  voiceProfile: 'voice_profiles',
  voiceAnalyticsTask: 'voice_analytics_tasks',
} as const;

/** `ImportChecks` bound to a database or to one transaction of it. */
export class KyselyImportCheckRepository implements ImportChecks {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async beginWrites(): Promise<void> {
    // SQLite takes its write lock at the first write statement of a transaction, even one that changes no row; a
    // transaction that read first and finds that another process wrote since fails at once (SQLITE_BUSY) instead of
    // waiting. PostgreSQL writers lock rows, not the database: nothing to take.
    if (this.#dialect === 'sqlite') await sql`update meta set value = value where name = ${''}`.execute(this.#db);
  }

  async holdings(accountId: string): Promise<HoldingKind[]> {
    const held: HoldingKind[] = [];
    for (const [kind, table] of Object.entries(HOLDINGS) as [HoldingKind, keyof DatabaseSchema][]) {
      const row = await this.#db
        .selectFrom(table)
        .select(sql<number>`1`.as('one'))
        .where('account_id', '=', accountId)
        .limit(1)
        .executeTakeFirst();
      if (row !== undefined) held.push(kind);
    }
    return held;
  }

  async taken(keys: ImportKeys): Promise<TakenKey[]> {
    const taken: TakenKey[] = [];
    const ids: [keyof typeof BY_ID, readonly string[]][] = [
      ['order', keys.orderIds],
      ['voiceConnector', keys.voiceConnectorIds],
      ['voiceConnectorGroup', keys.voiceConnectorGroupIds],
      ['sipMediaApplication', keys.sipMediaApplicationIds],
      ['sipRule', keys.sipRuleIds],
      ['voiceProfileDomain', keys.voiceProfileDomainIds],
      ['proxySession', keys.proxySessionIds],
      ['voiceProfile', keys.voiceProfileIds],
      ['voiceAnalyticsTask', keys.voiceAnalyticsTaskIds],
    ];
    for (const [kind, wanted] of ids) {
      for (const chunk of chunks(wanted)) {
        const rows = await this.#db.selectFrom(BY_ID[kind]).select(['id', 'account_id']).where('id', 'in', chunk).orderBy('id').execute();
        taken.push(...rows.map((row) => ({ kind, key: row.id, accountId: row.account_id })));
      }
    }
    const triggers = new Set(keys.sipRuleTriggers.map((t) => `${t.type} ${t.value}`));
    for (const chunk of chunks([...new Set(keys.sipRuleTriggers.map((t) => t.value))])) {
      const rows = await this.#db
        .selectFrom('sip_rules')
        .select(['trigger_type', 'trigger_value', 'account_id'])
        .where('trigger_value', 'in', chunk)
        .orderBy('trigger_value')
        .execute();
      for (const row of rows) {
        const key = `${row.trigger_type} ${row.trigger_value}`;
        if (triggers.has(key)) taken.push({ kind: 'sipRuleTrigger', key, accountId: row.account_id });
      }
    }
    for (const chunk of chunks(keys.ownedNumbers)) {
      const rows = await this.#db
        .selectFrom('phone_numbers')
        .select(['e164', 'account_id'])
        .where('active', '=', sql.lit(1))
        .where('e164', 'in', chunk)
        .orderBy('e164')
        .execute();
      taken.push(...rows.map((row) => ({ kind: 'ownedNumber' as const, key: row.e164, accountId: row.account_id })));
    }
    for (const chunk of chunks(keys.associatedNumbers)) {
      const rows = await this.#db.selectFrom('phone_number_associations').select(['e164', 'account_id']).where('e164', 'in', chunk).orderBy('e164').execute();
      taken.push(...rows.map((row) => ({ kind: 'associatedNumber' as const, key: row.e164, accountId: row.account_id })));
    }
    return taken;
  }
}

/** The distinct `items`, in chunks of at most CHUNK. */
function chunks(items: readonly string[]): string[][] {
  return chunked([...new Set(items)], CHUNK);
}
