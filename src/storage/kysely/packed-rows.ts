/**
 * Pages of rows read as one JSON array per row (SQLite's `json_array`), for the listings that read 50 rows of a dozen
 * columns or more: better-sqlite3 makes every column of every row a JavaScript value through V8's API (about 0.12 µs
 * each, a null as much as a string), while SQLite writes one text per row and `JSON.parse` reads the page at once.
 * A page of 50 numbers made into objects: 175 µs read as columns, 98 µs packed (bench/sqlite-reads.ts, medians of 7).
 *
 * Only for columns that hold integers, text or null: JSON has no blobs, and SQLite writes a real with fewer digits than
 * it may need. PostgreSQL keeps its columns (its driver parses every value from text either way).
 */
import { sql, type AliasedRawBuilder, type Expression } from 'kysely';

/** The name of the packed column. */
const PACKED = 'packed';

/** @example packed(['p.id', 'p.e164']) → json_array("p"."id", "p"."e164") as "packed" */
export function packed(references: readonly string[]): AliasedRawBuilder<string, typeof PACKED> {
  const columns: Expression<unknown>[] = references.map((reference) => sql.ref(reference));
  return sql<string>`json_array(${sql.join(columns)})`.as(PACKED);
}

/** The packed rows as objects with one property per name, in the order of the references they were packed from. */
export function unpacked<R>(rows: readonly unknown[], names: readonly string[]): R[] {
  if (rows.length === 0) return [];
  let text = '[';
  for (let i = 0; i < rows.length; i++) text += (i === 0 ? '' : ',') + (rows[i] as Record<typeof PACKED, string>)[PACKED];
  const values = JSON.parse(`${text}]`) as unknown[][];
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
function rowMaker(names: readonly string[]): (values: unknown[]) => object {
  let make = MAKERS.get(names);
  if (make === undefined) {
    if (!names.every((name) => NAME.test(name) && name !== '__proto__')) throw new TypeError(`packed rows: not a column name in ${names.join(', ')}`);
    make = new Function('v', `return { ${names.map((name, i) => `${name}: v[${i}]`).join(', ')} };`) as (values: unknown[]) => object;
    MAKERS.set(names, make);
  }
  return make;
}
