/**
 * The array parameters of dialtone's statements as PostgreSQL array literals, written by `JSON.stringify`.
 *
 * On PostgreSQL a list is one array parameter (kysely/pg-arrays.ts): a group commit's batch of creates sends each
 * column of its rows, the events' JSON texts among them, as an array. node-postgres writes an array parameter as a
 * literal in JavaScript, element by element, each string through two regular-expression replacements and
 * concatenations: under callgrind (bench/instructions.ts `--scenarios create-pg --names`) about 140,000 of the
 * 1,140,000 instructions a create cost dialtone's main thread, and natively (bench/array-literals.ts) about 2 µs a
 * create for a group commit's columns, against about 1 µs this way. `JSON.stringify` writes the same text
 * natively: a JSON string and a quoted element of an array literal both escape `"` and `\` with a backslash and
 * nothing else, as long as the string holds no character below U+0020 and no lone surrogate (which JSON writes as
 * `\n`, `\u0001`…, escapes an array literal does not read). For those, and for any element other than a string, a
 * finite number, a boolean or null, the array is left to node-postgres.
 */

/**
 * A backslash before a letter of JSON's escapes other than `\"` and `\\`: a string with a control character or a
 * lone surrogate (or, taken for one, a backslash written before one of those letters, which is then left to
 * node-postgres too).
 */
const OTHER_ESCAPE = /\\[bfnrtu]/;

/**
 * `values` as a PostgreSQL array literal (`{"a","b\"c",null,5,true}`, what PostgreSQL reads as node-postgres's
 * `{"a","b\"c",NULL,"5","true"}`), or undefined for an array that node-postgres should write itself.
 */
export function arrayLiteral(values: readonly unknown[]): string | undefined {
  for (const value of values) {
    if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number' && Number.isFinite(value)) continue;
    return undefined;
  }
  const json = JSON.stringify(values);
  if (OTHER_ESCAPE.test(json)) return undefined;
  return `{${json.slice(1, -1)}}`;
}

/** `values` with each array among them written as its literal where {@link arrayLiteral} can; `values` itself if none. */
export function withArrayLiterals(values: readonly unknown[]): readonly unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Array.isArray(value)) continue;
    const literal = arrayLiteral(value);
    if (literal === undefined) continue;
    out ??= [...values];
    out[i] = literal;
  }
  return out ?? values;
}
