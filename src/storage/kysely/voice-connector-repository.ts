/**
 * Voice connectors on kysely, in dialect-neutral queries. Every read and write filters by `account_id`. On PostgreSQL,
 * `lockAccount` takes a per-account advisory lock held until the transaction ends; on SQLite every transaction holds the
 * database's write lock from its BEGIN (sqlite/immediate-transactions.ts), across every process sharing the file, which
 * serializes the same work.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CreationCursor, VoiceConnectorRepository } from '../../domain/ports/voice-connectors.ts';
import type { Tag, VoiceConnector } from '../../domain/voice-connectors/voice-connector.ts';
import type { SettingsChanges } from '../../domain/ports/voice-connectors.ts';
import type { EmergencyCalling } from '../../domain/voice-connectors/emergency-calling.ts';
import type { ProxyConfiguration } from '../../domain/voice-connectors/proxy.ts';
import type { ExternalSystemsConfiguration } from '../../domain/voice-connectors/external-systems.ts';
import type { LoggingConfiguration, Origination, StreamingConfiguration, Termination, TerminationCredential, VoiceConnectorSettings } from '../../domain/voice-connectors/voice-connector-settings.ts';
import { lockForTransaction } from './advisory-lock.ts';
import { refusingReferenced } from './foreign-key.ts';
import type { DatabaseSchema, VoiceConnectorsTable } from './schema.ts';
import { tagsJson, tagsOf } from './tags-json.ts';
import type { SqlDialect } from './sql-dialect.ts';
import { millisOf } from './millis.ts';

/** The advisory lock of an account's voice connectors and groups (shared by both repositories' writers). */
export const voiceConnectorLockName = (accountId: string): string => `voice-connectors:${accountId}`;

/** `VoiceConnectorRepository` bound to a database or to one transaction of it. */
export class KyselyVoiceConnectorRepository implements VoiceConnectorRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async insert(connector: VoiceConnector): Promise<void> {
    await this.#db
      .insertInto('voice_connectors')
      .values({
        id: connector.id,
        account_id: connector.accountId,
        name: connector.name,
        aws_region: connector.awsRegion,
        require_encryption: connector.requireEncryption ? 1 : 0,
        integration_type: connector.integrationType ?? null,
        network_type: connector.networkType ?? null,
        tags: tagsJson(connector.tags),
        created_at: millis(connector.createdAt),
        updated_at: millis(connector.updatedAt),
      })
      .execute();
  }

  async get(accountId: string, id: string): Promise<VoiceConnector | undefined> {
    const row = await this.#db.selectFrom('voice_connectors').select(CONNECTOR_COLUMNS).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return row && toConnector(row);
  }

  async list(accountId: string, options: { after?: CreationCursor; limit: number }): Promise<VoiceConnector[]> {
    const { after, limit } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    let query = this.#db.selectFrom('voice_connectors').select(CONNECTOR_COLUMNS).where('account_id', '=', accountId);
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map(toConnector);
  }

  async update(accountId: string, id: string, changes: { name: string; requireEncryption: boolean; updatedAt: Date }): Promise<VoiceConnector | undefined> {
    const row = await this.#db
      .updateTable('voice_connectors')
      .set({ name: changes.name, require_encryption: changes.requireEncryption ? 1 : 0, updated_at: millis(changes.updatedAt) })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .returning(CONNECTOR_COLUMNS)
      .executeTakeFirst();
    return row && toConnector(row);
  }

  async settingsOf(accountId: string, id: string): Promise<VoiceConnectorSettings | undefined> {
    const row = await this.#db
      .selectFrom('voice_connectors')
      .select(['origination', 'termination', 'termination_credentials', 'logging_configuration', 'streaming_configuration', 'emergency_calling_configuration', 'proxy', 'external_systems_configuration'])
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      ...(row.origination !== null && { origination: JSON.parse(row.origination) as Origination }),
      ...(row.termination !== null && { termination: JSON.parse(row.termination) as Termination }),
      credentials: row.termination_credentials === null ? [] : (JSON.parse(row.termination_credentials) as TerminationCredential[]),
      ...(row.logging_configuration !== null && { logging: JSON.parse(row.logging_configuration) as LoggingConfiguration }),
      ...(row.streaming_configuration !== null && { streaming: JSON.parse(row.streaming_configuration) as StreamingConfiguration }),
      ...(row.emergency_calling_configuration !== null && { emergencyCalling: JSON.parse(row.emergency_calling_configuration) as EmergencyCalling }),
      ...(row.proxy !== null && { proxy: JSON.parse(row.proxy) as ProxyConfiguration }),
      ...(row.external_systems_configuration !== null && { externalSystems: JSON.parse(row.external_systems_configuration) as ExternalSystemsConfiguration }),
    };
  }

  async putSettings(
    accountId: string,
    id: string,
    changes: SettingsChanges,
  ): Promise<boolean> {
    const json = (value: object | null): string | null => (value === null ? null : JSON.stringify(value));
    const result = await this.#db
      .updateTable('voice_connectors')
      .set({
        ...(changes.origination !== undefined && { origination: json(changes.origination) }),
        ...(changes.termination !== undefined && { termination: json(changes.termination) }),
        ...(changes.credentials !== undefined && { termination_credentials: changes.credentials.length === 0 ? null : JSON.stringify(changes.credentials) }),
        ...(changes.logging !== undefined && { logging_configuration: json(changes.logging) }),
        ...(changes.streaming !== undefined && { streaming_configuration: json(changes.streaming) }),
        ...(changes.emergencyCalling !== undefined && { emergency_calling_configuration: json(changes.emergencyCalling) }),
        ...(changes.proxy !== undefined && { proxy: json(changes.proxy) }),
        ...(changes.externalSystems !== undefined && { external_systems_configuration: json(changes.externalSystems) }),
      })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setTags(accountId: string, id: string, tags: readonly Tag[]): Promise<boolean> {
    const result = await this.#db.updateTable('voice_connectors').set({ tags: tagsJson(tags) }).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const result = await refusingReferenced(`voice connector ${id}`, () =>
      this.#db.deleteFrom('voice_connectors').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }

  async count(accountId: string, cap: number): Promise<number> {
    const capped = this.#db
      .selectFrom('voice_connectors')
      .select(sql<number>`1`.as('one'))
      .where('account_id', '=', accountId)
      .limit(cap + 1);
    const row = await this.#db.selectFrom(capped.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async existing(accountId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.#db
      .selectFrom('voice_connectors')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  async lockAccount(accountId: string): Promise<void> {
    if (this.#dialect === 'postgres' && this.#db.isTransaction) await lockForTransaction(this.#db, voiceConnectorLockName(accountId));
  }
}

const millis = (date: Date): number => millisOf(date, 'voice connector timestamp');

/** The connector's own columns: its SIP trunk settings (credential hashes among them) are read by `settingsOf` alone. */
const CONNECTOR_COLUMNS = [
  'id',
  'account_id',
  'name',
  'aws_region',
  'require_encryption',
  'integration_type',
  'network_type',
  'tags',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof VoiceConnectorsTable)[];

type ConnectorRow = Pick<Selectable<VoiceConnectorsTable>, (typeof CONNECTOR_COLUMNS)[number]>;

function toConnector(row: ConnectorRow): VoiceConnector {
  const connector: VoiceConnector = {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    awsRegion: row.aws_region,
    requireEncryption: Number(row.require_encryption) === 1,
    tags: tagsOf(row.tags),
    // Number(): 64-bit integer columns may come back as strings from some drivers.
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
  if (row.integration_type !== null) connector.integrationType = row.integration_type;
  if (row.network_type !== null) connector.networkType = row.network_type;
  return connector;
}
