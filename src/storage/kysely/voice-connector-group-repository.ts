/**
 * Voice connector groups on kysely, in dialect-neutral queries. Every read and write filters by `account_id`; a group's
 * items are read and written with it, in their order. Writes that span statements run in the caller's transaction or
 * in one of their own.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CreationCursor, VoiceConnectorGroupRepository } from '../../domain/ports/voice-connectors.ts';
import type { VoiceConnectorGroup, VoiceConnectorItem } from '../../domain/voice-connectors/voice-connector.ts';
import { refusingReferenced } from './foreign-key.ts';
import type { DatabaseSchema, VoiceConnectorGroupsTable } from './schema.ts';
import { millisOf } from './millis.ts';

/** Groups whose items are read per statement (bound values stay far below SQLite's limits). */
const GROUPS_PER_READ = 200;

/** `VoiceConnectorGroupRepository` bound to a database or to one transaction of it. */
export class KyselyVoiceConnectorGroupRepository implements VoiceConnectorGroupRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async insert(group: VoiceConnectorGroup): Promise<void> {
    await this.#atomically(async (db) => {
      await db
        .insertInto('voice_connector_groups')
        .values({
          id: group.id,
          account_id: group.accountId,
          region: group.region,
          name: group.name,
          created_at: millis(group.createdAt),
          updated_at: millis(group.updatedAt),
        })
        .execute();
      await writeItems(db, group.accountId, group.id, group.items);
    });
  }

  async get(accountId: string, id: string): Promise<VoiceConnectorGroup | undefined> {
    const row = await this.#db.selectFrom('voice_connector_groups').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    return toGroup(row, (await this.#itemsOf(accountId, [row.id])).get(row.id) ?? []);
  }

  async list(accountId: string, options: { after?: CreationCursor; limit: number }): Promise<VoiceConnectorGroup[]> {
    const { after, limit } = options;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`list limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    let query = this.#db.selectFrom('voice_connector_groups').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) {
      query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(millis(after.createdAt), after.id)));
    }
    const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
    const items = await this.#itemsOf(accountId, rows.map((row) => row.id));
    return rows.map((row) => toGroup(row, items.get(row.id) ?? []));
  }

  async replace(accountId: string, id: string, changes: { name: string; items: VoiceConnectorItem[]; updatedAt: Date }): Promise<boolean> {
    return this.#atomically(async (db) => {
      const result = await db
        .updateTable('voice_connector_groups')
        .set({ name: changes.name, updated_at: millis(changes.updatedAt) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await db.deleteFrom('voice_connector_group_items').where('account_id', '=', accountId).where('group_id', '=', id).execute();
      await writeItems(db, accountId, id, changes.items);
      return true;
    });
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    return this.#atomically(async (db) => {
      await db.deleteFrom('voice_connector_group_items').where('account_id', '=', accountId).where('group_id', '=', id).execute();
      const result = await refusingReferenced(`voice connector group ${id}`, () =>
        db.deleteFrom('voice_connector_groups').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst(),
      );
      return Number(result.numDeletedRows) > 0;
    });
  }

  async count(accountId: string, cap: number): Promise<number> {
    const capped = this.#db
      .selectFrom('voice_connector_groups')
      .select(sql<number>`1`.as('one'))
      .where('account_id', '=', accountId)
      .limit(cap + 1);
    const row = await this.#db.selectFrom(capped.as('t')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async groupsWith(accountId: string, voiceConnectorId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('voice_connector_group_items')
      .select('group_id')
      .where('account_id', '=', accountId)
      .where('voice_connector_id', '=', voiceConnectorId)
      .orderBy('group_id')
      .execute();
    return rows.map((row) => row.group_id);
  }

  /** The items of the account's groups `ids`, by group, in position order. */
  async #itemsOf(accountId: string, ids: readonly string[]): Promise<Map<string, VoiceConnectorItem[]>> {
    const items = new Map<string, VoiceConnectorItem[]>();
    for (let start = 0; start < ids.length; start += GROUPS_PER_READ) {
      const rows = await this.#db
        .selectFrom('voice_connector_group_items')
        .select(['group_id', 'voice_connector_id', 'priority'])
        .where('account_id', '=', accountId)
        .where('group_id', 'in', ids.slice(start, start + GROUPS_PER_READ))
        .orderBy('group_id')
        .orderBy('position')
        .execute();
      for (const row of rows) {
        const item = { voiceConnectorId: row.voice_connector_id, priority: Number(row.priority) };
        const list = items.get(row.group_id);
        if (list === undefined) items.set(row.group_id, [item]);
        else list.push(item);
      }
    }
    return items;
  }

  /** Runs `work` in the current transaction, or in one of its own. */
  #atomically<T>(work: (db: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.#db.isTransaction ? work(this.#db) : this.#db.transaction().execute(work);
  }
}

async function writeItems(db: Kysely<DatabaseSchema>, accountId: string, groupId: string, items: readonly VoiceConnectorItem[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .insertInto('voice_connector_group_items')
    .values(
      items.map((item, position) => ({
        group_id: groupId,
        account_id: accountId,
        voice_connector_id: item.voiceConnectorId,
        priority: item.priority,
        position,
      })),
    )
    .execute();
}

const millis = (date: Date): number => millisOf(date, 'voice connector group timestamp');

function toGroup(row: Selectable<VoiceConnectorGroupsTable>, items: VoiceConnectorItem[]): VoiceConnectorGroup {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    items,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}
