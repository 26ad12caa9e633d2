/**
 * The PostgreSQL connection of dialtone's pool: pg's client, bounded for a server that stops answering (stopped with
 * SIGSTOP, a hung host, a network that drops packets) while its sockets stay open.
 *
 * 1. **A statement's answer is awaited at most `query_timeout`.** pg then fails the statement ('Query read timeout')
 *    but keeps the connection, whose answer may still arrive: given back to the pool, it would make the next request
 *    wait behind the lost one (and kysely's ROLLBACK after the failure would wait there too). This client ends itself
 *    instead (pg cuts the socket of a connection with a statement in flight): the ROLLBACK fails at once, and the pool
 *    drops the connection when it is released.
 * 2. **A COMMIT the client gave up on is not applied later.** The server reads what was sent before the cut once it
 *    runs again — a COMMIT included, which it would then apply although the request was answered 503. So a COMMIT goes
 *    after `SET LOCAL idle_in_transaction_session_timeout` to half the query timeout, in its own round trip: a server
 *    that stops before reading the COMMIT finds, once it runs again, its session idle in a transaction for longer than
 *    that, and ends it (rolling the transaction back) before it reads the COMMIT. What stays unknown is a COMMIT the
 *    server had read when it stopped answering (it was committing): that request is answered 503 and may have
 *    committed (docs/operations.md, "A database that stops answering").
 * 3. **Statements with parameters are prepared once per connection** under the names {@link StatementNames} gives,
 *    when the pool's config carries one (`statementNames`).
 * 4. **Array parameters are written as literals by `JSON.stringify`** where that gives PostgreSQL the same array
 *    (array-literal.ts), instead of node-postgres's element-by-element writing.
 */
import pg from 'pg';
import { withArrayLiterals } from './array-literal.ts';
import type { StatementNames } from './statement-names.ts';

/** What node-postgres rejects a statement with when `query_timeout` passes. */
export const QUERY_TIMEOUT_MESSAGE = 'Query read timeout';

type Query = (...args: unknown[]) => unknown;

/** The pool's config as the pool hands it to each client it makes. */
export type BoundedClientConfig = pg.ClientConfig & { statementNames?: StatementNames };

export class BoundedClient extends pg.Client {
  readonly #names: StatementNames | undefined;

  constructor(config?: BoundedClientConfig) {
    super(config);
    this.#names = config?.statementNames;
  }

  override query(...args: unknown[]): never {
    const timeoutMs = queryTimeoutOf(this);
    if (timeoutMs > 0 && isCommit(args)) return this.#guardedCommit(args, timeoutMs) as never;
    return this.#bounded(args) as never;
  }

  async #guardedCommit(args: unknown[], timeoutMs: number): Promise<unknown> {
    const guardMs = Math.max(1, Math.floor(timeoutMs / 2));
    try {
      await this.#bounded([`set local idle_in_transaction_session_timeout = ${guardMs}`]);
    } catch (error) {
      // Timed out: the connection is cut and the COMMIT never sent. Any other failure (a transaction already failed)
      // is the COMMIT's to report, as it would without the guard.
      if (error instanceof Error && error.message === QUERY_TIMEOUT_MESSAGE) throw error;
    }
    return this.#bounded(args);
  }

  #bounded(args: unknown[]): unknown {
    const [text, given] = args;
    const parameters = typeof text === 'string' && Array.isArray(given) && args.length === 2;
    const values = parameters ? withArrayLiterals(given) : given;
    const name = this.#names !== undefined && parameters ? this.#names.nameOf(text, (values as unknown[]).length) : undefined;
    const sent = name !== undefined ? [{ name, text, values }] : parameters ? [text, values] : args;
    const result = (super.query as Query).apply(this, sent);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === QUERY_TIMEOUT_MESSAGE) this.end().catch(() => undefined);
        if (name !== undefined) this.#names!.failed(text as string, error);
      });
    }
    return result;
  }
}

/** `query('commit')` or `query('commit', [])`, as kysely ends a transaction (not a callback-style call). */
function isCommit(args: unknown[]): boolean {
  return typeof args[0] === 'string' && args[0].trim().toLowerCase() === 'commit' && args.length <= 2 && typeof args[1] !== 'function';
}

function queryTimeoutOf(client: pg.Client): number {
  const value = (client as unknown as { connectionParameters?: { query_timeout?: unknown } }).connectionParameters?.query_timeout;
  return typeof value === 'number' ? value : 0;
}
