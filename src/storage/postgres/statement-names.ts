/**
 * Names for the pool's statements, so that PostgreSQL parses and plans each one once per connection (a prepared
 * statement) instead of at every execution. node-postgres sends a query with parameters as an unnamed statement, which
 * the server parses and plans again each time; given a `name`, it sends Parse once on each connection and only Bind and
 * Execute afterwards. On the bench's reads (`npm run bench -- --scenarios get-pg,list-pg,search-pg`) that took
 * PostgreSQL's share of a GetPhoneNumberOrder from 282 to 88 µs of CPU (docs/operations.md).
 *
 * Which statements get a name:
 * - those with parameters: dialtone's queries are built from a fixed set of shapes (lists go as one array parameter
 *   on PostgreSQL), so their texts are few; a statement without parameters (BEGIN, COMMIT, a SET) gains nothing;
 * - not a text that contains `*`: a prepared `select *` fails ("cached plan must not change result type") once
 *   another node's migration adds a column to its table;
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
    if (this.#names.size >= this.#limit || text.includes('*')) return undefined;
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
