/**
 * SIP media applications on kysely, in dialect-neutral queries. Every read and write filters by `account_id`; endpoints
 * and tags are JSON arrays.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { SipMediaApplicationRepository } from '../../domain/ports/sip.ts';
import type { CreationCursor } from '../../domain/ports/voice-connectors.ts';
import type { SipMediaApplication, SipMediaApplicationEndpoint, SipMediaApplicationLogging } from '../../domain/sip/sip.ts';
import type { Tag } from '../../domain/voice-connectors/voice-connector.ts';
import { isForeignKeyViolation } from './constraint-error.ts';
import type { DatabaseSchema, SipMediaApplicationsTable } from './schema.ts';
import { tagsJson, tagsOf } from './tags-json.ts';
import { millisOf } from './millis.ts';

/** `SipMediaApplicationRepository` bound to a database or to one transaction of it. */
export class KyselySipMediaApplicationRepository implements SipMediaApplicationRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insert(application: SipMediaApplication): Promise<void> {
    await this.#db
      .insertInto('sip_media_applications')
      .values({
        id: application.id,
        account_id: application.accountId,
        name: application.name,
        aws_region: application.awsRegion,
        endpoints: endpointsJson(application.endpoints),
        tags: tagsJson(application.tags),
        created_at: millis(application.createdAt),
        updated_at: millis(application.updatedAt),
      })
      .execute();
  }

  async get(accountId: string, id: string): Promise<SipMediaApplication | undefined> {
    const row = await this.#db.selectFrom('sip_media_applications').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    return row && toApplication(row);
  }

  async list(accountId: string, options: { after?: CreationCursor; limit: number }): Promise<SipMediaApplication[]> {
    const { after, limit } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    let query = this.#db.selectFrom('sip_media_applications').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map(toApplication);
  }

  async update(
    accountId: string,
    id: string,
    changes: { name?: string; endpoints?: SipMediaApplicationEndpoint[]; updatedAt: Date },
  ): Promise<SipMediaApplication | undefined> {
    const row = await this.#db
      .updateTable('sip_media_applications')
      .set({
        updated_at: millis(changes.updatedAt),
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.endpoints !== undefined && { endpoints: endpointsJson(changes.endpoints) }),
      })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toApplication(row);
  }

  async loggingOf(accountId: string, id: string): Promise<SipMediaApplicationLogging | null | undefined> {
    const row = await this.#db
      .selectFrom('sip_media_applications')
      .select('logging_configuration')
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return row.logging_configuration === null ? null : (JSON.parse(row.logging_configuration) as SipMediaApplicationLogging);
  }

  async putLogging(accountId: string, id: string, logging: SipMediaApplicationLogging): Promise<boolean> {
    const result = await this.#db
      .updateTable('sip_media_applications')
      .set({ logging_configuration: JSON.stringify({ enableMessageLogs: logging.enableMessageLogs }) })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setTags(accountId: string, id: string, tags: readonly Tag[]): Promise<boolean> {
    const result = await this.#db
      .updateTable('sip_media_applications')
      .set({ tags: tagsJson(tags) })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(accountId: string, id: string): Promise<'deleted' | 'not-found' | 'in-use'> {
    try {
      const result = await this.#db.deleteFrom('sip_media_applications').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0 ? 'deleted' : 'not-found';
    } catch (error) {
      if (isForeignKeyViolation(error)) return 'in-use';
      throw error;
    }
  }

  async count(accountId: string, cap: number): Promise<number> {
    const capped = this.#db
      .selectFrom('sip_media_applications')
      .select(sql<number>`1`.as('one'))
      .where('account_id', '=', accountId)
      .limit(cap + 1);
    const row = await this.#db.selectFrom(capped.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async regionsOf(accountId: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.#db
      .selectFrom('sip_media_applications')
      .select(['id', 'aws_region'])
      .where('account_id', '=', accountId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((row) => [row.id, row.aws_region]));
  }
}

function endpointsJson(endpoints: readonly SipMediaApplicationEndpoint[]): string {
  return JSON.stringify(endpoints.map((endpoint) => ({ lambdaArn: endpoint.lambdaArn })));
}

const millis = (date: Date): number => millisOf(date, 'SIP media application timestamp');

function toApplication(row: Selectable<SipMediaApplicationsTable>): SipMediaApplication {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    awsRegion: row.aws_region,
    endpoints: JSON.parse(row.endpoints) as SipMediaApplicationEndpoint[],
    tags: tagsOf(row.tags),
    // Number(): 64-bit integer columns may come back as strings from some drivers.
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
