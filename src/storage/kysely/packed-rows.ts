/**
 * Pages of rows read as one JSON array per row (SQLite's `json_array`), for the listings that read 50 rows of a dozen
 * columns or more: better-sqlite3 makes every column of every row a JavaScript value through V8's API (about 0.12 µs
 * each, a null as much as a string), while SQLite writes one text per row and `JSON.parse` reads the page at once.
 * A page of 50 numbers made into objects: 175 µs read as columns, 98 µs packed (bench/sqlite-reads.ts, medians of 7).
 * The listings read a page as one text ({@link packedPage}): the rows' texts joined by SQLite.
 *
 * Only for columns that hold integers, text or null: JSON has no blobs, and SQLite writes a real with fewer digits than
 * it may need. PostgreSQL's single reads keep their columns (its driver parses every value from text either way);
 * its coalesced listings read each record as one row value's text (record-text.ts), and make objects with {@link rowMaker}.
 */
import { sql, type AliasedRawBuilder, type AliasedSelectQueryBuilder, type Expression, type Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';

/** The name of the packed column. */
const PACKED = 'packed';

/** @example packed(['p.id', 'p.e164']) → json_array("p"."id", "p"."e164") as "packed" */
export function packed(references: readonly string[]): AliasedRawBuilder<string, typeof PACKED> {
  const columns: Expression<unknown>[] = references.map((reference) => sql.ref(reference));
  return sql<string>`json_array(${sql.join(columns)})`.as(PACKED);
}

/**
 * The packed rows of `rows` (a query that selects {@link packed}, ordered and limited) as one text, `[row,…]`, in one
 * result row: better-sqlite3 then makes one value for the page instead of an object and a text per row, and the page
 * is parsed without first joining the rows' texts. The listing's page of 50 numbers made into objects: 56.3 → 53.5 µs
 * (bench/sqlite-reads.ts, medians of 7, 2026-12-04).
 * SQLite's `group_concat` takes the rows as the subquery gives them, in its order; the documentation leaves that order
 * open, so {@link unpackedPage} checks it and sorts a page that is not in it.
 */
export function packedPage(db: Kysely<DatabaseSchema>, rows: { as(alias: 'page'): AliasedSelectQueryBuilder<{ [PACKED]: string }, 'page'> }) {
  return db.selectFrom(rows.as('page')).select(sql<string>`'[' || coalesce(group_concat(${sql.ref(`page.${PACKED}`)}, ','), '') || ']'`.as(PACKED));
}

/**
 * The objects of a page read by {@link packedPage}, in ascending order of the values at `order` (indexes of `names`,
 * compared as JavaScript compares them: text by its code units, which for the keys here, ASCII, is SQLite's BINARY
 * order). A page already in that order, as SQLite gives it, is checked in one pass and not sorted.
 */
export function unpackedPage<R>(rows: readonly unknown[], names: readonly string[], order: readonly number[]): R[] {
  const text = (rows[0] as Record<typeof PACKED, string | null> | undefined)?.[PACKED];
  if (text === undefined || text === null) return [];
  const values = JSON.parse(text) as unknown[][];
  const compare = (a: unknown[], b: unknown[]): number => {
    for (const index of order) {
      const x = a[index] as string | number;
      const y = b[index] as string | number;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
  for (let i = 1; i < values.length; i++) {
    if (compare(values[i - 1]!, values[i]!) > 0) {
      values.sort(compare);
      break;
    }
  }
  return made<R>(values, names);
}

/** The objects of the rows' values, one property per name, in the order of the references they were packed from. */
function made<R>(values: readonly unknown[][], names: readonly string[]): R[] {
  const make = rowMaker(names);
  const objects = new Array<R>(values.length);
  for (let i = 0; i < values.length; i++) objects[i] = make(values[i]!) as R;
  return objects;
}

const MAKERS = new WeakMap<readonly string[], (values: unknown[]) => object>();
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A function that makes an object of one row's values, written as an object literal over the names (the names are
 * the code's own column names, never input): an object built property by property under changing keys costs four
 * times as much (about 14 against 2 µs for a page of 50 numbers).
 */
export function rowMaker(names: readonly string[]): (values: unknown[]) => object {
  let make = MAKERS.get(names);
  if (make === undefined) {
    if (!names.every((name) => NAME.test(name) && name !== '__proto__')) throw new TypeError(`packed rows: not a column name in ${names.join(', ')}`);
    make = new Function('v', `return { ${names.map((name, i) => `${name}: v[${i}]`).join(', ')} };`) as (values: unknown[]) => object;
    MAKERS.set(names, make);
  }
  return make;
}
