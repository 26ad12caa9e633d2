/**
 * PostgreSQL's text of a row value (`row(a, b, …)::text`, the output of `record_out`) read back into its fields. The
 * coalesced listings of numbers read each row so: node-postgres then makes one string per row instead of one per
 * column (a batch of 50 pages of 51 numbers is 2,550 strings, not 43,000), and PostgreSQL writes the row's text about
 * as cheaply as its columns.
 *
 * The format (https://www.postgresql.org/docs/current/rowtypes.html#ROWTYPES-IO-SYNTAX): `(f1,f2,…)`; a null is an
 * empty field; a field is written in double quotes when it is empty or holds a double quote, a backslash, a comma, a
 * parenthesis or white space, and inside the quotes each double quote and backslash is doubled (`""`, `\\`). This
 * reader also takes a backslash before any character, as PostgreSQL's own input does.
 */

const COMMA = 44;
const QUOTE = 34;
const BACKSLASH = 92;
const CLOSE = 41;
const OPEN = 40;

/**
 * The `count` fields of a row's text, `null` for a null.
 * @throws SyntaxError for a text that is not a row of `count` fields
 * @example recordFields('(1,"a ""b""",)', 3) → ['1', 'a "b"', null]
 */
export function recordFields(text: string, count: number): (string | null)[] {
  if (text.charCodeAt(0) !== OPEN) throw new SyntaxError(`not a row: ${text.slice(0, 40)}`);
  const fields = new Array<string | null>(count);
  let i = 1;
  for (let f = 0; f < count; f++) {
    const end = f === count - 1 ? CLOSE : COMMA;
    const c = text.charCodeAt(i);
    if (c === end) {
      fields[f] = null;
    } else if (c === QUOTE) {
      let value = '';
      let from = ++i;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d === QUOTE) {
          value += text.slice(from, i);
          if (text.charCodeAt(i + 1) !== QUOTE) break;
          value += '"';
          i += 2;
        } else if (d === BACKSLASH) {
          value += text.slice(from, i) + text.charAt(i + 1);
          i += 2;
        } else if (Number.isNaN(d)) {
          throw new SyntaxError(`row: unterminated quoted field ${f + 1}`);
        } else {
          i++;
          continue;
        }
        from = i;
      }
      fields[f] = value;
      i++;
    } else {
      // Unquoted: none of the characters that PostgreSQL would have quoted.
      let at = i;
      for (let d = c; d !== end; d = text.charCodeAt(++at)) {
        if (d === COMMA || d === CLOSE || d === OPEN || d === QUOTE || d === BACKSLASH || Number.isNaN(d)) {
          throw new SyntaxError(`row: field ${f + 1} of ${count} is not a field at ${at}`);
        }
      }
      fields[f] = text.slice(i, at);
      i = at;
    }
    if (text.charCodeAt(i) !== end) throw new SyntaxError(`row: field ${f + 1} of ${count} ends at ${i} with ${JSON.stringify(text.charAt(i))}`);
    i++;
  }
  if (i !== text.length) throw new SyntaxError(`row: more than ${count} fields`);
  return fields;
}
