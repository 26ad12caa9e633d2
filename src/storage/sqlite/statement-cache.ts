/**
 * kysely's SQLite driver prepares every statement anew; preparing costs more than running a small query. This wraps
 * a better-sqlite3 database so that `prepare` answers a cached statement per SQL text (bounded: the oldest
 * entry goes first). A statement still iterating (`busy`) is never handed out twice.
 *
 * Rows are read as arrays (better-sqlite3's `raw` mode) and made into objects here: better-sqlite3 builds each row
 * object property by property through V8's API, which costs about as much again as reading the row (a page of 50
 * numbers: 330 µs as objects, 185 µs as arrays made into objects). The objects are the same: one property per result
 * column, in the statement's order, a later column of the same name overwriting an earlier one.
 *
 * A query with `limit ?` (kysely binds every limit) runs as the same SQL with the limit written in: SQLite reads a
 * bound LIMIT's value while it plans the statement, and then prepares the statement again at every bind (a number by
 * its key: 22 µs bound, 10 µs written in). Each limit value is then a SQL text of its own in the cache; a value that
 * is not a small non-negative integer stays bound.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';
import { setBounded } from '../../shared/bounded-map.ts';

export interface PreparingDatabase {
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/** @example new SqliteDialect({ database: cachingStatements(new Database(file)) }) */
export function cachingStatements(database: Database, capacity = 500): PreparingDatabase {
  const cache = new Map<string, RowStatement>();
  const statementFor = (sql: string): RowStatement => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = new RowStatement(database.prepare(sql));
    setBounded(cache, sql, statement, capacity);
    return statement;
  };
  return {
    prepare(sql) {
      const bound = statementFor(sql);
      const limits = bound.limits;
      return limits === undefined ? bound : new LimitWrittenIn(bound, limits, statementFor);
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}

/** A prepared statement whose rows are read as arrays and made into objects by the statement's column names. */
export class RowStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #statement: Statement;
  #names: string[] = [];
  /** The name of the one column read by itself (see the constructor). */
  #single: string | undefined;
  /** Where the SQL binds limits (see {@link boundLimits}); null: none; undefined: not looked at yet. */
  #limits: BoundLimits | null | undefined;

  constructor(statement: Statement) {
    this.#statement = statement;
    this.reader = statement.reader;
    if (this.reader) {
      const columns = statement.columns();
      this.#names = columns.map((column) => column.name);
      // One column that no schema change can widen (computed, or named in a text without `*`): its value alone, as
      // an array per row costs better-sqlite3 about 0.2 µs more.
      const fixed = columns[0]?.column === null || !statement.source.includes('*');
      this.#single = columns.length === 1 && fixed ? this.#names[0] : undefined;
      if (this.#single !== undefined) statement.pluck(true);
      else statement.raw(true);
    }
  }

  /** Where the statement's SQL binds a limit, or undefined when it binds none. */
  get limits(): BoundLimits | undefined {
    if (this.#limits === undefined) this.#limits = boundLimits(this.#statement.source) ?? null;
    return this.#limits ?? undefined;
  }

  /** Whether the statement is still iterating (an open `iterate`). */
  get busy(): boolean {
    return this.#statement.busy;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const rows = this.#statement.all(parameters) as unknown[];
    const name = this.#single;
    if (name !== undefined) {
      for (let i = 0; i < rows.length; i++) rows[i] = { [name]: rows[i] };
      return rows;
    }
    for (let i = 0; i < rows.length; i++) rows[i] = this.#object(rows[i] as unknown[]);
    return rows;
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.#statement.run(parameters);
  }

  *iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    const name = this.#single;
    for (const row of this.#statement.iterate(parameters) as IterableIterator<unknown>) {
      yield name === undefined ? this.#object(row as unknown[]) : { [name]: row };
    }
  }

  #object(row: unknown[]): Record<string, unknown> {
    // SQLite prepares a statement again after a schema change; `select *` may then have other columns.
    if (row.length !== this.#names.length) this.#names = columnNames(this.#statement);
    const names = this.#names;
    const object: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      // Assigning `__proto__` would set the prototype; better-sqlite3 makes it an own property like any other name.
      if (name === '__proto__') Object.defineProperty(object, name, { value: row[i], enumerable: true, writable: true, configurable: true });
      else object[name] = row[i];
    }
    return object;
  }
}

/** A SQL text split around its bound limits: the text between them, and which parameter each limit is. */
export interface BoundLimits {
  parts: string[];
  slots: number[];
  /** For a text with one limit: the text with each value written in, by value (at most {@link WRITTEN_TEXTS}). */
  texts?: Map<number, string>;
}

/** Texts kept per statement with one bound limit (the pages of this service use a few sizes). */
const WRITTEN_TEXTS = 64;

/** The largest limit written into the SQL (the pages and batches of this service stay far below it). */
const MAX_WRITTEN_LIMIT = 10_000;

/**
 * Where a SQL text binds a limit: the text around each `limit ?` placeholder, and which parameter each one is (SQLite
 * numbers anonymous parameters in the order of their `?` in the text; a `?` inside a quoted literal or identifier is
 * not one). Undefined when the text binds no limit.
 */
export function boundLimits(sql: string): BoundLimits | undefined {
  if (!sql.includes('limit ?')) return undefined;
  const parts: string[] = [];
  const slots: number[] = [];
  let parameter = 0;
  let from = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      if (close < 0) return undefined;
      i = close;
    } else if (c === '?') {
      if (sql.startsWith('limit ', i - 6) && !/\w/.test(sql[i - 7] ?? ' ') && !/[\w?]/.test(sql[i + 1] ?? ' ')) {
        parts.push(sql.slice(from, i));
        slots.push(parameter);
        from = i + 1;
      }
      parameter++;
    }
  }
  if (slots.length === 0) return undefined;
  parts.push(sql.slice(from));
  return { parts, slots };
}

/** A statement with bound limits that runs as the SQL with its limits written in, when they are small integers. */
class LimitWrittenIn implements SqliteStatement {
  readonly reader: boolean;
  readonly #bound: RowStatement;
  readonly #limits: BoundLimits;
  readonly #statementFor: (sql: string) => RowStatement;

  constructor(bound: RowStatement, limits: BoundLimits, statementFor: (sql: string) => RowStatement) {
    this.#bound = bound;
    this.#limits = limits;
    this.#statementFor = statementFor;
    this.reader = bound.reader;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const written = this.#written(parameters);
    return written ? this.#statementFor(written.sql).all(written.parameters) : this.#bound.all(parameters);
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    const written = this.#written(parameters);
    return written ? this.#statementFor(written.sql).run(written.parameters) : this.#bound.run(parameters);
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    const written = this.#written(parameters);
    return written ? this.#statementFor(written.sql).iterate(written.parameters) : this.#bound.iterate(parameters);
  }

  /** The SQL with every limit written in and the parameters left, or undefined when a limit is not writable. */
  #written(parameters: ReadonlyArray<unknown>): { sql: string; parameters: unknown[] } | undefined {
    const { parts, slots } = this.#limits;
    // The SQL of one limit value is built once: the same text (a new string each time) is otherwise hashed again at
    // every lookup of the statement cache.
    const single = slots.length === 1 ? parameters[slots[0]!] : undefined;
    let sql = typeof single === 'number' ? this.#limits.texts?.get(single) : undefined;
    if (sql === undefined) {
      sql = parts[0]!;
      for (let i = 0; i < slots.length; i++) {
        const limit = parameters[slots[i]!];
        if (!(typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 && limit <= MAX_WRITTEN_LIMIT)) return undefined;
        sql += `${limit}${parts[i + 1]!}`;
      }
      if (typeof single === 'number') setBounded((this.#limits.texts ??= new Map()), single, sql, WRITTEN_TEXTS);
    }
    const left = slots.length === 1 && slots[0] === parameters.length - 1 ? parameters.slice(0, -1) : parameters.filter((_, i) => !slots.includes(i));
    return { sql, parameters: left };
  }
}

function columnNames(statement: Statement): string[] {
  return statement.columns().map((column) => column.name);
}
