/**
 * Voice profiles on kysely, in dialect-neutral queries: every read and write filtered by `account_id` (and the region,
 * or the domain), and every read by `expires_at`; but the retention sweep's delete of the expired ones, which takes
 * every account's.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { VoiceProfileRepository } from '../../domain/ports/voice-profiles.ts';
import type { DomainScope } from '../../domain/ports/voice-profile-domains.ts';
import type { CreationCursor } from '../../domain/ports/voice-connectors.ts';
import type { VoiceProfile } from '../../domain/voice-analytics/voice-profile.ts';
import { millisOf } from './millis.ts';
import type { DatabaseSchema, VoiceProfilesTable } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** `VoiceProfileRepository` bound to a database or to one transaction of it. */
export class KyselyVoiceProfileRepository implements VoiceProfileRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #rowLocks: boolean;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#rowLocks = dialect === 'postgres';
  }

  async insert(profile: VoiceProfile): Promise<void> {
    await this.#db
      .insertInto('voice_profiles')
      .values({
        id: profile.id,
        account_id: profile.accountId,
        region: profile.region,
        voice_profile_domain_id: profile.voiceProfileDomainId,
        voiceprint: profile.voiceprint,
        speaker_search_task_id: profile.speakerSearchTaskId,
        created_at: millis(profile.createdAt),
        updated_at: millis(profile.updatedAt),
        expires_at: millis(profile.expiresAt),
      })
      .execute();
  }

  async get(scope: DomainScope, id: string, now: Date): Promise<VoiceProfile | undefined> {
    const row = await this.#db.selectFrom('voice_profiles').selectAll().where(theProfile(scope, id)).where('expires_at', '>', millis(now)).executeTakeFirst();
    return row && toProfile(row);
  }

  async list(scope: DomainScope, voiceProfileDomainId: string, options: { now: Date; after?: CreationCursor; limit: number }): Promise<VoiceProfile[]> {
    const { now, after, limit } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    let query = this.#db
      .selectFrom('voice_profiles')
      .selectAll()
      .where('voice_profile_domain_id', '=', voiceProfileDomainId)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('expires_at', '>', millis(now));
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    return (await query.orderBy('created_at').orderBy('id').limit(limit).execute()).map(toProfile);
  }

  async byTask(accountId: string, speakerSearchTaskId: string, now: Date): Promise<VoiceProfile | undefined> {
    const row = await this.#db
      .selectFrom('voice_profiles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('speaker_search_task_id', '=', speakerSearchTaskId)
      .where('expires_at', '>', millis(now))
      .executeTakeFirst();
    return row && toProfile(row);
  }

  async matching(accountId: string, voiceProfileDomainId: string, voiceprint: string, enrolledBy: Date, now: Date): Promise<VoiceProfile[]> {
    const rows = await this.#db
      .selectFrom('voice_profiles')
      .selectAll()
      .where('voice_profile_domain_id', '=', voiceProfileDomainId)
      .where('voiceprint', '=', voiceprint)
      .where('account_id', '=', accountId)
      .where('created_at', '<=', millis(enrolledBy))
      .where('expires_at', '>', millis(now))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toProfile);
  }

  async update(scope: DomainScope, id: string, changes: Pick<VoiceProfile, 'voiceprint' | 'speakerSearchTaskId' | 'updatedAt' | 'expiresAt'>): Promise<VoiceProfile | undefined> {
    const row = await this.#db
      .updateTable('voice_profiles')
      .set({
        voiceprint: changes.voiceprint,
        speaker_search_task_id: changes.speakerSearchTaskId,
        updated_at: millis(changes.updatedAt),
        expires_at: millis(changes.expiresAt),
      })
      .where(theProfile(scope, id))
      .returningAll()
      .executeTakeFirst();
    return row && toProfile(row);
  }

  async delete(scope: DomainScope, id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('voice_profiles').where(theProfile(scope, id)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async pruneExpired(now: Date, limit: number): Promise<number> {
    // The complement of the reads' `expires_at > now`, first to expire first over every account (the `expires_at`
    // index of 0028). A subquery: PostgreSQL's delete takes no `limit`, SQLite's only when built with it. The expiry is
    // checked again on the rows deleted: an update that gave a profile three more years after the subquery read it
    // (PostgreSQL re-reads a row changed meanwhile against the delete's own condition) keeps it.
    // On PostgreSQL the sweep skips the rows another transaction holds, so that it never waits for one: a domain's
    // delete removes its expired profiles by cascade in its own order, and two deletes waiting for each other's rows
    // would end in a deadlock. What it skipped is due at its next run.
    let due = this.#db.selectFrom('voice_profiles').select('id').where('expires_at', '<=', millis(now)).orderBy('expires_at').limit(limit);
    if (this.#rowLocks) due = due.forUpdate().skipLocked();
    const result = await this.#db.deleteFrom('voice_profiles').where('id', 'in', due).where('expires_at', '<=', millis(now)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const millis = (date: Date): number => millisOf(date, 'voice profile timestamp');

/** The condition of every query on one profile: its account, its region and its id. */
function theProfile(scope: DomainScope, id: string) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'voice_profiles'>) => eb.and({ id, account_id: scope.accountId, region: scope.region });
}

function toProfile(row: Selectable<VoiceProfilesTable>): VoiceProfile {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    voiceProfileDomainId: row.voice_profile_domain_id,
    voiceprint: row.voiceprint,
    speakerSearchTaskId: row.speaker_search_task_id,
    // Number(): 64-bit integer columns may come back as strings from some drivers.
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    expiresAt: new Date(Number(row.expires_at)),
  };
}
