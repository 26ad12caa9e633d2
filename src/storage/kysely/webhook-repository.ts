/**
 * Webhook subscriptions and dead letters on kysely (migration 0012). Claims are one conditional update over the due
 * subscriptions whose account has events past their cursor; on PostgreSQL the candidates are selected `FOR UPDATE
 * SKIP LOCKED`, so nodes claiming at once take different subscriptions. Every write of a delivery is fenced by the
 * claim's token.
 */
import type { Kysely } from 'kysely';
import { isEventType, type EventType } from '../../domain/events/event-types.ts';
import type { DeliveryFailure, DeliveryHead, WebhookChanges, WebhookLease, WebhookRepository } from '../../domain/ports/webhooks.ts';
import type { DeadLetter, PrunedEvents, StoredWebhook } from '../../domain/webhooks/subscription.ts';
import { QueryTemplate } from './query-template.ts';
import type { DatabaseSchema, WebhookDeadLettersTable, WebhookSubscriptionsTable } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';

/**
 * The ids of the subscriptions due at `now` whose account has events past their cursor, the longest due first, at
 * most `limit`.
 */
function dueSubscriptions(db: Kysely<DatabaseSchema>, now: number, limit: number) {
  return db
    .selectFrom('webhook_subscriptions as w')
    .select('w.id')
    .where('w.enabled', '=', 1)
    .where('w.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('w.lease_until', 'is', null), eb('w.lease_until', '<', now)]))
    .where((eb) =>
      eb.exists(eb.selectFrom('event_sequences as s').select('s.account_id').whereRef('s.account_id', '=', 'w.account_id').whereRef('s.last_seq', '>', 'w.cursor_seq')),
    )
    .orderBy('w.next_attempt_at')
    .limit(limit);
}

/**
 * The look before a claim, built and compiled once: the worker looks after every commit that appended events (each
 * group commit of creates, each settlement), so building it each time cost about 1 % of a server's CPU under creates.
 * Arguments: now (ms), limit.
 */
const DUE = new QueryTemplate((db, arg) => dueSubscriptions(db, arg(0) as unknown as number, arg(1) as unknown as number));

export class KyselyWebhookRepository implements WebhookRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #rowLocks: boolean;

  constructor(db: Kysely<DatabaseSchema>, dialect: SqlDialect = 'sqlite') {
    this.#db = db;
    this.#rowLocks = dialect === 'postgres';
  }

  async insert(webhook: StoredWebhook): Promise<void> {
    await this.#db.insertInto('webhook_subscriptions').values(toRow(webhook)).execute();
  }

  async get(accountId: string, id: string): Promise<StoredWebhook | undefined> {
    const row = await this.#db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(accountId?: string): Promise<StoredWebhook[]> {
    let query = this.#db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id');
    if (accountId !== undefined) query = query.where('account_id', '=', accountId);
    return (await query.execute()).map(fromRow);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('webhook_subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(accountId: string, id: string, changes: WebhookChanges): Promise<boolean> {
    const set: Partial<WebhookSubscriptionsTable> = { updated_at: changes.updatedAt.getTime() };
    if (changes.url !== undefined) set.url = changes.url;
    if (changes.types !== undefined) set.event_types = changes.types === null ? null : JSON.stringify(changes.types);
    if (changes.enabled !== undefined) set.enabled = changes.enabled ? 1 : 0;
    if (changes.secretCiphertext !== undefined) set.secret_ciphertext = changes.secretCiphertext;
    // A new target, or enabling again, gets a fresh start: the failing head is tried at once, with a whole retry period.
    if (changes.url !== undefined || changes.enabled === true) Object.assign(set, { next_attempt_at: changes.updatedAt.getTime(), failing_since: null });
    const result = await this.#db.updateTable('webhook_subscriptions').set(set).where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.#inTransaction(async (db) => {
      await db.deleteFrom('webhook_dead_letters').where('subscription_id', '=', id).where('account_id', '=', accountId).execute();
      const result = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async claim(options: { lease: WebhookLease; now: Date; limit: number }): Promise<StoredWebhook[]> {
    const now = options.now.getTime();
    // A read first: the worker looks after every commit that appended events, and most looks find nothing due (an
    // account without subscriptions); on SQLite an UPDATE that matches nothing still takes the write lock and commits.
    if ((await DUE.execute(this.#db, [now, options.limit])).length === 0) return [];
    let due = dueSubscriptions(this.#db, now, options.limit);
    // Without the lock, two claimers under READ COMMITTED could both pick a subscription and lease it twice.
    if (this.#rowLocks) due = due.forUpdate().skipLocked();
    const rows = await this.#db
      .updateTable('webhook_subscriptions')
      .set({ lease_owner: options.lease.token, lease_until: options.lease.until.getTime() })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(fromRow);
  }

  async save(id: string, token: string, head: DeliveryHead): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhook_subscriptions')
      .set(headColumns(head))
      .where('id', '=', id)
      .where('lease_owner', '=', token)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async fail(id: string, token: string, failure: DeliveryFailure): Promise<boolean> {
    const result = await this.#db
      .updateTable('webhook_subscriptions')
      .set({
        cursor_seq: failure.cursorSeq,
        attempts: failure.attempts,
        next_attempt_at: failure.nextAttemptAt.getTime(),
        failing_since: failure.failingSince.getTime(),
        last_error: failure.lastError.slice(0, 1_000),
        last_status: failure.lastStatus ?? null,
        lease_owner: null,
        lease_until: null,
        ...(failure.deliveredAt && { delivered_at: failure.deliveredAt.getTime() }),
      })
      .where('id', '=', id)
      .where('lease_owner', '=', token)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deadLetter(id: string, token: string, letter: DeadLetter | PrunedEvents, head: DeliveryHead): Promise<boolean> {
    return this.#inTransaction(async (db) => {
      const set = headColumns(head);
      // While the subscription stays failing, its last error is the letter's.
      if (head.failingSince !== undefined && !('throughSeq' in letter)) Object.assign(set, { last_error: letter.lastError.slice(0, 1_000), last_status: letter.lastStatus ?? null });
      const moved = await db.updateTable('webhook_subscriptions').set(set).where('id', '=', id).where('lease_owner', '=', token).executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return false;
      await db
        .insertInto('webhook_dead_letters')
        .values(deadLetterRow(letter))
        .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
        .execute();
      return true;
    });
  }

  async deadLetters(accountId: string, subscriptionId: string, limit: number): Promise<(DeadLetter | PrunedEvents)[]> {
    const rows = await this.#db
      .selectFrom('webhook_dead_letters')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('account_id', '=', accountId)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(fromDeadLetterRow);
  }

  async getDeadLetter(accountId: string, subscriptionId: string, eventId: string): Promise<DeadLetter | undefined> {
    const row = await this.#db
      .selectFrom('webhook_dead_letters')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('account_id', '=', accountId)
      .where('event_id', '=', eventId)
      .where('through_seq', 'is', null)
      .executeTakeFirst();
    const letter = row && fromDeadLetterRow(row);
    return letter && !('throughSeq' in letter) ? letter : undefined;
  }

  async removeDeadLetter(accountId: string, subscriptionId: string, eventId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('webhook_dead_letters')
      .where('subscription_id', '=', subscriptionId)
      .where('account_id', '=', accountId)
      .where('event_id', '=', eventId)
      .where('through_seq', 'is', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  #inTransaction<T>(work: (db: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.#db.isTransaction ? work(this.#db) : this.#db.transaction().execute(work);
  }
}

/** The columns a delivery's head sets: cursor, attempts, the failure (kept or cleared), the lease (extended or given up). */
function headColumns(head: DeliveryHead): Partial<WebhookSubscriptionsTable> {
  return {
    cursor_seq: head.cursorSeq,
    attempts: head.attempts,
    ...(head.failingSince === undefined ? { failing_since: null, last_error: null, last_status: null } : { failing_since: head.failingSince.getTime() }),
    ...(head.deliveredAt && { delivered_at: head.deliveredAt.getTime() }),
    ...(head.leaseUntil === undefined ? { lease_owner: null, lease_until: null } : { lease_until: head.leaseUntil.getTime() }),
  };
}

function toRow(webhook: StoredWebhook): WebhookSubscriptionsTable {
  const d = webhook.delivery;
  return {
    id: webhook.id,
    account_id: webhook.accountId,
    url: webhook.url,
    secret_ciphertext: webhook.secretCiphertext,
    event_types: webhook.types === undefined ? null : JSON.stringify(webhook.types),
    enabled: webhook.enabled ? 1 : 0,
    created_at: webhook.createdAt.getTime(),
    updated_at: webhook.updatedAt.getTime(),
    cursor_seq: d.cursorSeq,
    attempts: d.attempts,
    next_attempt_at: d.nextAttemptAt.getTime(),
    failing_since: d.failingSince?.getTime() ?? null,
    last_error: d.lastError ?? null,
    last_status: d.lastStatus ?? null,
    delivered_at: d.deliveredAt?.getTime() ?? null,
    lease_owner: null,
    lease_until: null,
  };
}

function fromRow(row: WebhookSubscriptionsTable): StoredWebhook {
  const types = row.event_types === null ? undefined : (JSON.parse(row.event_types) as string[]).filter((t): t is EventType => isEventType(t));
  const at = (ms: number | null) => (ms === null ? undefined : new Date(Number(ms)));
  const failingSince = at(row.failing_since);
  const deliveredAt = at(row.delivered_at);
  return {
    id: row.id,
    accountId: row.account_id,
    url: row.url,
    ...(types && { types }),
    enabled: Number(row.enabled) === 1,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    delivery: {
      cursorSeq: Number(row.cursor_seq),
      attempts: Number(row.attempts),
      nextAttemptAt: new Date(Number(row.next_attempt_at)),
      ...(failingSince && { failingSince }),
      ...(row.last_error !== null && { lastError: row.last_error }),
      ...(row.last_status !== null && { lastStatus: Number(row.last_status) }),
      ...(deliveredAt && { deliveredAt }),
    },
    secretCiphertext: row.secret_ciphertext,
  };
}

function deadLetterRow(letter: DeadLetter | PrunedEvents): WebhookDeadLettersTable {
  const common = {
    subscription_id: letter.subscriptionId,
    account_id: letter.accountId,
    seq: letter.seq,
    last_error: letter.lastError.slice(0, 1_000),
    dead_lettered_at: letter.deadLetteredAt.getTime(),
  };
  if ('throughSeq' in letter) {
    return { ...common, event_id: `pruned-${letter.seq}`, event_type: '', attempts: 0, last_status: null, body: '', through_seq: letter.throughSeq };
  }
  return {
    ...common,
    event_id: letter.eventId,
    event_type: letter.type,
    attempts: letter.attempts,
    last_status: letter.lastStatus ?? null,
    body: letter.body,
    through_seq: null,
  };
}

function fromDeadLetterRow(row: WebhookDeadLettersTable): DeadLetter | PrunedEvents {
  const common = {
    subscriptionId: row.subscription_id,
    accountId: row.account_id,
    seq: Number(row.seq),
    lastError: row.last_error,
    deadLetteredAt: new Date(Number(row.dead_lettered_at)),
  };
  if (row.through_seq !== null) return { ...common, throughSeq: Number(row.through_seq) };
  return {
    ...common,
    eventId: row.event_id,
    type: row.event_type,
    attempts: Number(row.attempts),
    ...(row.last_status !== null && { lastStatus: Number(row.last_status) }),
    body: row.body,
  };
}
