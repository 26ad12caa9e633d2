/**
 * Voice analytics tasks on kysely, in dialect-neutral queries: every read and write filtered by `account_id` (and the
 * connector and kind where the port says so), but the retention sweep's delete, which takes every account's.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { TaskScope, VoiceAnalyticsTaskRepository } from '../../domain/ports/voice-analytics-tasks.ts';
import type { CreationCursor } from '../../domain/ports/voice-connectors.ts';
import type { CallLeg, VoiceAnalyticsKind, VoiceAnalyticsTask } from '../../domain/voice-analytics/voice-analytics-task.ts';
import { millisOf } from './millis.ts';
import type { DatabaseSchema, VoiceAnalyticsTasksTable } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** `VoiceAnalyticsTaskRepository` bound to a database or to one transaction of it. */
export class KyselyVoiceAnalyticsTaskRepository implements VoiceAnalyticsTaskRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #rowLocks: boolean;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#rowLocks = dialect === 'postgres';
  }

  async insert(task: VoiceAnalyticsTask): Promise<void> {
    await this.#db
      .insertInto('voice_analytics_tasks')
      .values({
        id: task.id,
        kind: task.kind,
        account_id: task.accountId,
        voice_connector_id: task.voiceConnectorId,
        transaction_id: task.transactionId,
        call_leg: task.callLeg ?? null,
        voice_profile_domain_id: task.voiceProfileDomainId ?? null,
        voiceprint: task.voiceprint ?? null,
        language_code: task.languageCode ?? null,
        client_request_token: task.clientRequestToken ?? null,
        created_at: millis(task.createdAt),
        stopped_at: task.stoppedAt === undefined ? null : millis(task.stoppedAt),
      })
      .execute();
  }

  async get(scope: TaskScope, id: string, since: Date): Promise<VoiceAnalyticsTask | undefined> {
    const row = await this.#db
      .selectFrom('voice_analytics_tasks')
      .selectAll()
      .where(inScope(scope))
      .where('id', '=', id)
      .where(startedAfter(since))
      .executeTakeFirst();
    return row && toTask(row);
  }

  async list(accountId: string, options: { since: Date; after?: CreationCursor; limit: number }): Promise<VoiceAnalyticsTask[]> {
    const { since, after, limit } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    let query = this.#db.selectFrom('voice_analytics_tasks').selectAll().where('account_id', '=', accountId).where(startedAfter(since));
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    return (await query.orderBy('created_at').orderBy('id').limit(limit).execute()).map(toTask);
  }

  async find(accountId: string, kind: VoiceAnalyticsKind, id: string, since: Date): Promise<VoiceAnalyticsTask | undefined> {
    const row = await this.#db
      .selectFrom('voice_analytics_tasks')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where(startedAfter(since))
      .executeTakeFirst();
    return row && toTask(row);
  }

  async byClientRequestToken(accountId: string, kind: VoiceAnalyticsKind, token: string, since: Date): Promise<VoiceAnalyticsTask | undefined> {
    const row = await this.#db
      .selectFrom('voice_analytics_tasks')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('client_request_token', '=', token)
      .where('kind', '=', kind)
      .where(startedAfter(since))
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    return row && toTask(row);
  }

  async unstopped(scope: TaskScope, call: { transactionId: string; callLeg?: CallLeg }, since: Date): Promise<VoiceAnalyticsTask[]> {
    let query = this.#db
      .selectFrom('voice_analytics_tasks')
      .selectAll()
      .where(inScope(scope))
      .where('transaction_id', '=', call.transactionId)
      .where('stopped_at', 'is', null)
      .where(startedAfter(since));
    if (call.callLeg !== undefined) query = query.where('call_leg', '=', call.callLeg);
    return (await query.orderBy('created_at').execute()).map(toTask);
  }

  async stop(scope: TaskScope, id: string, at: Date): Promise<boolean> {
    const result = await this.#db
      .updateTable('voice_analytics_tasks')
      .set({ stopped_at: millis(at) })
      .where(inScope(scope))
      .where('id', '=', id)
      .where('stopped_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async prune(accountId: string, before: Date, limit: number): Promise<number> {
    const old = this.#db
      .selectFrom('voice_analytics_tasks')
      .select('id')
      .where('account_id', '=', accountId)
      .where('created_at', '<', millis(before))
      .orderBy('created_at')
      .limit(limit);
    const result = await this.#db.deleteFrom('voice_analytics_tasks').where('id', 'in', old).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async pruneStartedBy(since: Date, limit: number): Promise<number> {
    // The complement of `startedAfter(since)`, oldest first over every account (the `created_at` index of 0028). A
    // subquery: PostgreSQL's delete takes no `limit`, SQLite's only when built with it. On PostgreSQL it skips the
    // rows another transaction holds (a connector's delete removes its tasks by cascade, a start prunes its account's
    // old ones), so that it never waits for one and no deadlock can take it; what it skipped is due at its next run.
    let due = this.#db.selectFrom('voice_analytics_tasks').select('id').where('created_at', '<=', millis(since)).orderBy('created_at').limit(limit);
    if (this.#rowLocks) due = due.forUpdate().skipLocked();
    const result = await this.#db.deleteFrom('voice_analytics_tasks').where('id', 'in', due).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const millis = (date: Date): number => millisOf(date, 'voice analytics task timestamp');

/** The condition of every read: a task is known while it started strictly after `since` (the retention's start). */
function startedAfter(since: Date) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'voice_analytics_tasks'>) => eb('created_at', '>', millis(since));
}

/** The condition of every query in a scope: the account, the connector and the kind. */
function inScope(scope: TaskScope) {
  return (eb: ExpressionBuilder<DatabaseSchema, 'voice_analytics_tasks'>) =>
    eb.and({ account_id: scope.accountId, voice_connector_id: scope.voiceConnectorId, kind: scope.kind });
}

function toTask(row: Selectable<VoiceAnalyticsTasksTable>): VoiceAnalyticsTask {
  return {
    id: row.id,
    kind: row.kind as VoiceAnalyticsKind,
    accountId: row.account_id,
    voiceConnectorId: row.voice_connector_id,
    transactionId: row.transaction_id,
    ...(row.call_leg !== null && { callLeg: row.call_leg as CallLeg }),
    ...(row.voice_profile_domain_id !== null && { voiceProfileDomainId: row.voice_profile_domain_id }),
    ...(row.voiceprint !== null && { voiceprint: row.voiceprint }),
    ...(row.language_code !== null && { languageCode: row.language_code }),
    ...(row.client_request_token !== null && { clientRequestToken: row.client_request_token }),
    // Number(): 64-bit integer columns may come back as strings from some drivers.
    createdAt: new Date(Number(row.created_at)),
    ...(row.stopped_at !== null && { stoppedAt: new Date(Number(row.stopped_at)) }),
  };
}
