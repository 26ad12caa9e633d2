/**
 * Voice profile domains on kysely, in dialect-neutral queries. Every read and write filters by `account_id` and, but
 * for an export's listing, by `region`; tags are a JSON array.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { CreationCursor } from '../../domain/ports/voice-connectors.ts';
import type { DomainScope, VoiceProfileDomainRepository } from '../../domain/ports/voice-profile-domains.ts';
import type { Tag } from '../../domain/voice-connectors/voice-connector.ts';
import type { VoiceProfileDomain } from '../../domain/voice-profile-domains/voice-profile-domain.ts';
import { millisOf } from './millis.ts';
import type { DatabaseSchema, VoiceProfileDomainsTable } from './schema.ts';
import { tagsJson, tagsOf } from './tags-json.ts';

/** `VoiceProfileDomainRepository` bound to a database or to one transaction of it. */
export class KyselyVoiceProfileDomainRepository implements VoiceProfileDomainRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insert(domain: VoiceProfileDomain): Promise<void> {
    await this.#db
      .insertInto('voice_profile_domains')
      .values({
        id: domain.id,
        account_id: domain.accountId,
        region: domain.region,
        name: domain.name,
        description: domain.description ?? null,
        kms_key_arn: domain.kmsKeyArn,
        client_request_token: domain.clientRequestToken ?? null,
        tags: tagsJson(domain.tags),
        created_at: millis(domain.createdAt),
        updated_at: millis(domain.updatedAt),
      })
      .execute();
  }

  async get(scope: DomainScope, id: string): Promise<VoiceProfileDomain | undefined> {
    const row = await this.#db.selectFrom('voice_profile_domains').selectAll().where(theDomain(scope, id)).executeTakeFirst();
    return row && toDomain(row);
  }

  async byClientRequestToken(scope: DomainScope, token: string): Promise<VoiceProfileDomain | undefined> {
    const row = await this.#scoped(scope).selectAll().where('client_request_token', '=', token).executeTakeFirst();
    return row && toDomain(row);
  }

  async list(accountId: string, options: { region?: string; after?: CreationCursor; limit: number }): Promise<VoiceProfileDomain[]> {
    const { region, after, limit } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    let query = this.#db.selectFrom('voice_profile_domains').selectAll().where('account_id', '=', accountId);
    if (region !== undefined) query = query.where('region', '=', region);
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map(toDomain);
  }

  async update(scope: DomainScope, id: string, changes: { name?: string; description?: string; updatedAt: Date }): Promise<VoiceProfileDomain | undefined> {
    const row = await this.#db
      .updateTable('voice_profile_domains')
      .set({
        updated_at: millis(changes.updatedAt),
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
      })
      .where(theDomain(scope, id))
      .returningAll()
      .executeTakeFirst();
    return row && toDomain(row);
  }

  async setTags(scope: DomainScope, id: string, tags: readonly Tag[]): Promise<boolean> {
    const result = await this.#db
      .updateTable('voice_profile_domains')
      .set({ tags: tagsJson(tags) })
      .where(theDomain(scope, id))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(scope: DomainScope, id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('voice_profile_domains').where(theDomain(scope, id)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count(scope: DomainScope, cap: number): Promise<number> {
    const capped = this.#scoped(scope)
      .select(sql<number>`1`.as('one'))
      .limit(cap + 1);
    const row = await this.#db.selectFrom(capped.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  #scoped(scope: DomainScope) {
    return this.#db.selectFrom('voice_profile_domains').where('account_id', '=', scope.accountId).where('region', '=', scope.region);
  }
}

const millis = (date: Date): number => millisOf(date, 'voice profile domain timestamp');

/** The condition of every query on one domain, select, update or delete: its account, its region and its id. */
function theDomain(scope: DomainScope, id: string) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'voice_profile_domains'>) => eb.and({ account_id: scope.accountId, region: scope.region, id });
}

function toDomain(row: Selectable<VoiceProfileDomainsTable>): VoiceProfileDomain {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    ...(row.description !== null && { description: row.description }),
    kmsKeyArn: row.kms_key_arn,
    ...(row.client_request_token !== null && { clientRequestToken: row.client_request_token }),
    tags: tagsOf(row.tags),
    // Number(): 64-bit integer columns may come back as strings from some drivers.
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
