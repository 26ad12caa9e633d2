/** Server-wide name/value pairs on kysely, in dialect-neutral queries. */
import { sql, type Kysely } from 'kysely';
import type { MetaRepository } from '../../domain/ports/meta.ts';
import type { DatabaseSchema } from './schema.ts';

/** `MetaRepository` bound to a database or to one transaction of it. */
export class KyselyMetaRepository implements MetaRepository {
  readonly #db: Kysely<DatabaseSchema>;

  /** @param db the database, or a `Transaction` to work inside it. */
  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  /**
   * Reads `name`; when absent, inserts `create()` with ON CONFLICT DO NOTHING and reads again,
   * so that concurrent callers all end up with the one value that won.
   */
  async getOrCreate(name: string, create: () => string): Promise<string> {
    const existing = await this.#read(name);
    if (existing !== undefined) return existing;
    await this.#db
      .insertInto('meta')
      .values({ name, value: create() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const stored = await this.#read(name);
    if (stored === undefined) throw new Error(`meta value ${JSON.stringify(name)} missing right after insert`);
    return stored;
  }

  read(name: string): Promise<string | undefined> {
    return this.#read(name);
  }

  /** An upsert that adds on conflict; `bigint` arithmetic on both dialects (SQLite's is 64-bit integer). */
  async increment(name: string, delta: number): Promise<number> {
    if (!Number.isSafeInteger(delta)) throw new RangeError(`meta increment must be a safe integer, got ${delta}`);
    const row = await this.#db
      .insertInto('meta')
      .values({ name, value: String(delta) })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<string>`cast(cast(meta.value as bigint) + cast(${delta} as bigint) as text)` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async write(name: string, value: string): Promise<void> {
    await this.#db
      .insertInto('meta')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }

  async remove(name: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('meta').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** A range of the primary key (names are compared bytewise on both dialects), checked again by prefix. */
  async list(prefix: string): Promise<Map<string, string>> {
    const rows = await this.#db
      .selectFrom('meta')
      .select(['name', 'value'])
      .where('name', '>=', prefix)
      .where('name', '<', `${prefix}\uffff`)
      .execute();
    return new Map(rows.filter((row) => row.name.startsWith(prefix)).map((row) => [row.name, row.value]));
  }

  async #read(name: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value;
  }
}
