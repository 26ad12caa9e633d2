/**
 * Lists in SQL, the one place where the dialects differ in how they bind them. On PostgreSQL a list is one array
 * parameter: `col = any($1::text[])` and `insert … select * from unnest($1::text[], $2::bigint[], …)` keep one SQL
 * text and a handful of parameters whatever the list's length, so a batch of any size is one statement. On SQLite,
 * which has no arrays, lists stay expanded (`col in (?, ?, …)`, multi-row `values`) in chunks under its limit on
 * bound variables: SQLite's statements are unchanged.
 */
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  type OperandValueExpressionOrList,
  type ReferenceExpression,
  type SqlBool,
} from 'kysely';
import type { DatabaseSchema } from './schema.ts';
import type { SqlDialect } from './sql-dialect.ts';

/**
 * PostgreSQL: most elements per array (rows per insert, values per `any`). A batch of any usual size is one statement;
 * a huge one (a large fulfilment batch of large orders) is still several, each well within a statement timeout.
 */
export const ARRAY_BATCH = 10_000;

/** The PostgreSQL type of an array's elements (the column's type, or one it is assigned from). */
export type ElementType = 'text' | 'bigint' | 'integer' | 'boolean';

type Table = keyof DatabaseSchema & string;
/** A table's columns to insert, in order, with the element type of each one's array. */
export type ColumnTypes<T extends Table> = Partial<Record<keyof DatabaseSchema[T] & string, ElementType>>;

export interface SqlLists {
  /** PostgreSQL: lists are array parameters, and one statement may write several tables (data-modifying CTEs). */
  readonly arrays: boolean;
  /** The batches to work `items` in: chunks of at most `size`, or of ARRAY_BATCH with arrays. */
  batches<T>(items: readonly T[], size: number): T[][];
  /** `column` equals one of `values`; `values` must not be empty (SQLite cannot say `in ()`). */
  oneOf<DB, TB extends keyof DB, RE extends ReferenceExpression<DB, TB>>(
    eb: ExpressionBuilder<DB, TB>,
    column: RE,
    values: readonly unknown[],
    type?: ElementType,
  ): Expression<SqlBool>;
  /**
   * Inserts of `rows` into `table` (the columns of `columns`, in its order): `insert … select * from unnest(…)` of up
   * to ARRAY_BATCH rows with arrays, else multi-row inserts of at most `size` rows. None for no rows.
   */
  insert<T extends Table>(
    db: Kysely<DatabaseSchema>,
    table: T,
    rows: readonly Insertable<DatabaseSchema[T]>[],
    columns: ColumnTypes<T>,
    size: number,
  ): InsertQueryBuilder<DatabaseSchema, T, InsertResult>[];
}

/** `unnest($1::text[], $2::bigint[], …)` of the rows' `columns`, one array per column, in a `select *`. */
export function unnestRows<T extends Table>(rows: readonly Insertable<DatabaseSchema[T]>[], columns: ColumnTypes<T>): Expression<unknown> {
  const arrays = Object.entries(columns as Record<string, ElementType>).map(
    ([column, type]) => sql`${rows.map((row) => (row as Record<string, unknown>)[column] ?? null)}::${sql.raw(type)}[]`,
  );
  return sql`select * from unnest(${sql.join(arrays)})`;
}

/**
 * `insert into <table> (<columns>) select * from unnest(…)` of `rows`, as SQL to place in a larger statement (a
 * data-modifying CTE); the builder form is `SqlLists.insert`.
 */
export function unnestInsert<T extends Table>(table: T, rows: readonly Insertable<DatabaseSchema[T]>[], columns: ColumnTypes<T>): Expression<unknown> {
  return sql`insert into ${sql.table(table)} (${sql.join(Object.keys(columns).map((column) => sql.ref(column)))}) ${unnestRows(rows, columns)}`;
}

/** `items` in chunks of at most `size`. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const postgres: SqlLists = {
  arrays: true,
  batches: (items) => chunked(items, ARRAY_BATCH),
  oneOf: (eb, column, values, type = 'text') => eb(column, '=', sql`any(${[...values]}::${sql.raw(type)}[])` as never),
  insert(db, table, rows, columns) {
    return chunked(rows, ARRAY_BATCH).map((chunk) => db.insertInto(table).columns(Object.keys(columns) as never).expression(unnestRows(chunk, columns)));
  },
};

const sqlite: SqlLists = {
  arrays: false,
  batches: chunked,
  oneOf: (eb, column, values) => eb(column, 'in', values as OperandValueExpressionOrList<never, never, never>),
  insert(db, table, rows, _columns, size) {
    return chunked(rows, size).map((chunk) => db.insertInto(table).values(chunk as never));
  },
};

/** How `dialect` binds lists. */
export function sqlLists(dialect: SqlDialect): SqlLists {
  return dialect === 'postgres' ? postgres : sqlite;
}
