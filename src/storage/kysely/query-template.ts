/**
 * Hot queries built and compiled once per database instead of on every call (kysely's documented "split build,
 * compile and execute" recipe): the template is built with placeholder arguments, compiled by the database's own
 * dialect, and later calls only bind values. Inside a transaction it simply builds anew.
 *
 * A database may also be given a direct reader ({@link readDirectly}): a compiled template's SQL and values go straight
 * to it, past kysely's executor (its connection provider, the driver's mutex and several promise hops: about 1.4 µs of
 * a 4 µs lookup of one order on SQLite). The reader declines (answers `undefined`) whenever the connection is not free
 * to read outside kysely, and the query then takes kysely's path as before.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

const SLOT = '\u0000dialtone-arg:';

type Builder<R> = (db: Kysely<DatabaseSchema>, arg: (index: number) => string) => Compilable<R>;

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each bound parameter: the call argument it takes, or -1 for a constant of the template. */
  slots: number[];
}

/**
 * Runs a reading statement and answers its rows, or `undefined` (at once or as the promise's value) when it cannot (a
 * transaction is open on the connection, or the statement writes): the caller then goes through kysely.
 */
export type DirectReader = (sql: string, parameters: readonly unknown[]) => Promise<unknown[] | undefined> | undefined;

const DIRECT_READERS = new WeakMap<Kysely<DatabaseSchema>, DirectReader>();

/** Lets the templates read `db` through `reader` (outside transactions; see the module's comment). */
export function readDirectly(db: Kysely<DatabaseSchema>, reader: DirectReader): void {
  DIRECT_READERS.set(db, reader);
}

export class QueryTemplate<R> {
  readonly #build: Builder<R>;
  readonly #compiled = new WeakMap<Kysely<DatabaseSchema>, Compiled<R>>();

  /** @param build builds the query; `arg(i)` stands for the i-th argument of `execute` (scalars only). */
  constructor(build: Builder<R>) {
    this.#build = build;
  }

  async execute(db: Kysely<DatabaseSchema>, args: readonly unknown[]): Promise<R[]> {
    if (db.isTransaction) return (await db.executeQuery(this.#build(db, (i) => args[i] as string))).rows;
    let compiled = this.#compiled.get(db);
    if (!compiled) {
      const query = this.#build(db, (i) => `${SLOT}${i}`).compile();
      const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? Number(p.slice(SLOT.length)) : -1));
      compiled = { query, slots };
      this.#compiled.set(db, compiled);
    }
    const { query, slots } = compiled;
    const parameters = slots.map((slot, i) => (slot < 0 ? query.parameters[i] : args[slot]));
    const direct = DIRECT_READERS.get(db)?.(query.sql, parameters);
    const rows = direct === undefined ? undefined : await direct;
    if (rows !== undefined) return rows as R[];
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  }
}
