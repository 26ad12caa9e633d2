/**
 * Names for the pool's statements, so that PostgreSQL parses and plans each one once per connection (a prepared
 * statement) instead of at every execution. node-postgres sends a query with parameters as an unnamed statement, which
 * the server parses and plans again each time; given a `name`, it sends Parse once on each connection and only Bind and
 * Execute afterwards. On the bench's reads (`npm run bench -- --scenarios get-pg,list-pg,search-pg`) that took
 * PostgreSQL's share of a GetPhoneNumberOrder from 328 to 127 µs of CPU (docs/performance.md, "A nineteenth round").
 * Parameter values still reach the planner: PostgreSQL plans each execution for its values until a plan for any
 * values looks as cheap (`plan_cache_mode`), so a partial index or a skewed column is planned for as before.
 *
 * Which statements get a name:
 * - those with parameters: dialtone's queries are built from a fixed set of shapes (lists go as one array parameter
 *   on PostgreSQL), so their texts are few; a statement without parameters (BEGIN, COMMIT, a SET) gains nothing;
 * - not one whose rows are given by `*` (`select *`, `select "t".*`, `returning *`): prepared, it fails ("cached plan
 *   must not change result type") once another node's migration adds a column to its table. A `*` inside a subquery
 *   whose own columns are listed, as the pages of orders read, is no such risk ({@link rowsByStar});
 * - at most `limit` texts per process: each prepared statement holds memory in every server process (a connection)
 *   that ran it, so a set of texts that keeps growing is left unnamed past the limit.
 *
 * A named statement whose plan can no longer give the rows it gave (a column's type changed under it) fails once with
 * that error; its text then gets a new name, which every connection prepares again at its next use.
 *
 * Off (`database.preparedStatements: false`) for a pooler that does not keep a session's prepared statements between
 * transactions (PgBouncer in transaction mode before 1.21).
 */

/** PostgreSQL's error for a prepared statement whose result rows would change shape (SQLSTATE 0A000). */
const RESULT_TYPE_CHANGED = 'cached plan must not change result type';

/**
 * Whether the rows of `text` may take their columns from a `*`: a `returning *`, or a `*` in the select list (what comes
 * before the first `from`, which is the statement's own unless its select list holds a subquery, when the `*` of a
 * `count(*)` there counts as well) or anywhere in a statement that begins with `with`. Errs on the side of yes.
 */
export function rowsByStar(text: string): boolean {
  const sql = text.toLowerCase();
  if (/returning\s+(?:"?\w+"?\s*\.\s*)?\*/.test(sql)) return true;
  const head = sql.trimStart();
  if (head.startsWith('with')) return sql.includes('*');
  if (/^(insert|update|delete)\b/.test(head)) return false;
  const from = sql.search(/\sfrom\s/);
  return (from < 0 ? sql : sql.slice(0, from)).includes('*');
}

export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #limit: number;
  #made = 0;

  /** @param limit the most texts given a name (further ones stay unnamed) */
  constructor(limit = 500) {
    this.#limit = limit;
  }

  /** The name to prepare `text` under, or undefined to send it unnamed. */
  nameOf(text: string, parameters: number): string | undefined {
    if (parameters === 0) return undefined;
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size >= this.#limit || rowsByStar(text)) return undefined;
    const name = `dialtone_${++this.#made}`;
    this.#names.set(text, name);
    return name;
  }

  /** Told a named statement's error: one whose plan can no longer serve it is prepared again under a new name. */
  failed(text: string, error: unknown): void {
    if (!(error instanceof Error) || !error.message.includes(RESULT_TYPE_CHANGED)) return;
    if (this.#names.has(text)) this.#names.set(text, `dialtone_${++this.#made}`);
  }

  /** Texts named so far. */
  get size(): number {
    return this.#names.size;
  }
}
