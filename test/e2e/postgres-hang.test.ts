/**
 * PostgreSQL frozen (SIGSTOP to the postmaster and every backend: the sockets stay open, nothing answers) while
 * clients create and read orders. Requests already on pooled connections, and those that need a new one, are answered
 * 503 ServiceUnavailableException with Retry-After within dialtone's bounds (`database.queryTimeoutMs`,
 * `database.connectTimeoutMs`) instead of waiting for the server; after SIGCONT the same dialtone, not restarted, creates
 * and reads again and is ready. A COMMIT that the frozen server never read is not applied when it runs again. Only the processes of the cluster this test started are signalled, and every one that
 * was stopped is continued in a `finally`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { after, before, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChimeClient, ChimeServiceException, CreatePhoneNumberOrderCommand, ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import pg from 'pg';
import { QUERY_TIMEOUT_MESSAGE } from '../../src/storage/postgres/bounded-client.ts';
import { createPostgresPool } from '../../src/storage/postgres/open-postgres-storage.ts';
import { createDatabase, restartablePostgres, type RestartablePostgres } from '../support/postgres.ts';
import { ALICE, startTestServer, type TestServer } from '../support/server.ts';

const QUERY_TIMEOUT_MS = 3_000;
const CONNECT_TIMEOUT_MS = 2_000;
/**
 * Longest a request may take while the database is frozen: a credential lookup and the operation may each wait for a
 * connection and then for one statement, plus slack for a loaded machine.
 */
const ANSWER_WHILE_FROZEN_MS = 2 * (QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS) + 3_000;
/** Longest any request may take at all: past it the test fails as a hang. */
const HANG_MS = 30_000;

interface Outcome {
  what: string;
  ms: number;
  answer: string;
  retryAfter?: string;
  orderId?: string;
}

describe('PostgreSQL frozen (SIGSTOP) and continued', () => {
  let postgres: RestartablePostgres;
  let url: string;
  let server: TestServer | undefined;

  before(async () => {
    postgres = await restartablePostgres();
    url = await createDatabase(postgres, 'frozen');
  });
  after(async () => {
    await server?.close();
    await postgres?.destroy();
  });

  /** Stops every process of the cluster, runs `work`, and continues each one stopped, whatever happens. */
  async function frozen<T>(work: () => Promise<T>): Promise<T> {
    const stopped: number[] = [];
    try {
      // The postmaster first, so that it forks no new backend while its children are being stopped.
      for (const pid of postgres.processes()) {
        process.kill(pid, 'SIGSTOP');
        stopped.push(pid);
      }
      return await work();
    } finally {
      for (const pid of stopped.reverse()) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // already gone
        }
      }
    }
  }

  /**
   * Two moments of the freeze: before the guard's `SET LOCAL idle_in_transaction_session_timeout` was answered (the
   * COMMIT is then never sent), and between its answer and the COMMIT (the COMMIT is sent, unread; sent here as `END`,
   * its synonym, which the client does not guard again): the server, running again, must not apply it.
   */
  for (const moment of ['before the guard', 'after the guard'] as const) {
    it(`a COMMIT given up on while the server is frozen (${moment}) is not applied once it runs again`, async () => {
      // dialtone's pool, with its bound on a statement's answer.
      const pool = createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 0, queryTimeoutMs: QUERY_TIMEOUT_MS });
      const table = moment === 'before the guard' ? 'commit_probe_a' : 'commit_probe_b';
      try {
        await pool.query(`create table ${table} (n int)`);
        const client = await pool.connect();
        await client.query('begin');
        await client.query(`insert into ${table} values (1)`);
        if (moment === 'after the guard') await client.query(`set local idle_in_transaction_session_timeout = ${QUERY_TIMEOUT_MS / 2}`);
        const started = Date.now();
        await frozen(() => assert.rejects(client.query(moment === 'before the guard' ? 'commit' : 'end'), (error: Error) => error.message === QUERY_TIMEOUT_MESSAGE));
        const waited = Date.now() - started;
        // The connection was ended: what the transaction's ROLLBACK meets at once; the pool drops it.
        await assert.rejects(client.query('rollback'), /not queryable|Connection terminated/);
        client.release();
        assert.ok(waited < QUERY_TIMEOUT_MS + 2_000, `the COMMIT failed after ${waited} ms`);
        // Running again, the server ends the idle session (or reads the closed socket) and rolls back: no row, now or
        // after the backend has had time to act.
        await sleep(500);
        const { rows } = await pool.query<{ n: number }>(`select count(*)::int n from ${table}`);
        assert.equal(rows[0]!.n, 0, 'the COMMIT given up on was applied after all');
      } finally {
        await pool.end();
      }
    });
  }

  it('answers 503 with Retry-After within its bounds while frozen, and serves again after SIGCONT without a restart', async (t: TestContext) => {
    server = await startTestServer({
      env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent', DATABASE_URL: url, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') },
      config: {
        carrier: { latencyMs: 50 },
        fulfilment: { leaseMs: 2_000, idleMs: 50 },
        database: { poolSize: 8, statementTimeoutMs: 2_000, queryTimeoutMs: QUERY_TIMEOUT_MS, connectTimeoutMs: CONNECT_TIMEOUT_MS },
        // Keys are looked up again at once: requests while frozen reach the database for their credentials too.
        access: { cacheTtlMs: 0 },
        throttling: { enabled: false },
      },
    });
    const base = server.url;
    const client = new ChimeClient({
      endpoint: base,
      region: 'us-east-1',
      credentials: ALICE,
      maxAttempts: 1,
      requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
    });
    t.after(() => client.destroy());

    let sent = 0;
    const outcomes: Outcome[] = [];
    const attempt = async (what: 'create' | 'list'): Promise<Outcome> => {
      const started = Date.now();
      const e164 = `+1206555${String(2000 + sent++).padStart(4, '0')}`;
      let outcome: Outcome;
      try {
        if (what === 'create') {
          const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] }), {
            abortSignal: AbortSignal.timeout(HANG_MS),
          });
          outcome = { what: `create ${e164}`, ms: Date.now() - started, answer: '201', orderId: created.PhoneNumberOrder!.PhoneNumberOrderId! };
        } else {
          await client.send(new ListPhoneNumberOrdersCommand({}), { abortSignal: AbortSignal.timeout(HANG_MS) });
          outcome = { what, ms: Date.now() - started, answer: '200' };
        }
      } catch (error) {
        const answer = error instanceof ChimeServiceException ? `${error.$metadata.httpStatusCode} ${error.name}` : `no modelled answer: ${String(error)}`;
        const headers = error instanceof ChimeServiceException ? ((error.$response as { headers?: Record<string, string> } | undefined)?.headers ?? {}) : {};
        outcome = { what: what === 'create' ? `create ${e164}` : what, ms: Date.now() - started, answer, retryAfter: headers['retry-after'] };
      }
      outcomes.push(outcome);
      return outcome;
    };
    const operator = async (path: string): Promise<{ status: number; ms: number; database?: string }> => {
      const started = Date.now();
      const res = await fetch(`${base}/_dialtone/${path}`, { signal: AbortSignal.timeout(HANG_MS) });
      const body = (await res.json()) as { checks?: { database: string } };
      return { status: res.status, ms: Date.now() - started, database: body.checks?.database };
    };

    // Before: the pool holds connections, which is where a frozen server hurts (they look alive).
    // (A loaded machine may answer one of these 503 too, past the short statement timeout: retried, not the subject.)
    const succeeds = async (what: 'create' | 'list', expected: string): Promise<void> => {
      let last: Outcome | undefined;
      for (let i = 0; i < 5 && last?.answer !== expected; i++) last = await attempt(what);
      assert.equal(last!.answer, expected, `${last!.what} before the freeze`);
    };
    for (let i = 0; i < 4; i++) await succeeds('create', '201');
    await succeeds('list', '200');

    let frozenAnswers: Outcome[] = [];
    let readyWhileFrozen!: Awaited<ReturnType<typeof operator>>;
    let healthWhileFrozen!: Awaited<ReturnType<typeof operator>>;
    const frozenAt = Date.now();
    await frozen(async () => {
      // A first wave lands on pooled connections (the worker's and the last requests'); a second one, sent while the
      // first waits, finds the pool busy or needs new connections, which the frozen postmaster never accepts.
      const first = Array.from({ length: 4 }, (_, i) => attempt(i % 2 === 0 ? 'create' : 'list'));
      await sleep(300);
      const second = Array.from({ length: 6 }, (_, i) => attempt(i % 2 === 0 ? 'create' : 'list'));
      [readyWhileFrozen, healthWhileFrozen] = await Promise.all([operator('ready'), operator('health')]);
      frozenAnswers = await Promise.all([...first, ...second]);
      // Still frozen: a request now, after connections were dropped, is bounded as well.
      frozenAnswers.push(await attempt('create'));
    });
    const frozenMs = Date.now() - frozenAt;
    t.diagnostic(
      `frozen ${frozenMs} ms; answers while frozen: ${frozenAnswers.map((o) => `${o.answer.split(' ')[0]} in ${o.ms} ms`).join(', ')}; ` +
        `ready ${readyWhileFrozen.status} in ${readyWhileFrozen.ms} ms, health ${healthWhileFrozen.status} in ${healthWhileFrozen.ms} ms`,
    );
    for (const o of frozenAnswers) {
      assert.equal(o.answer, '503 ServiceUnavailableException', `${o.what} while frozen (after ${o.ms} ms)`);
      assert.equal(o.retryAfter, '1', `${o.what}: Retry-After`);
      assert.ok(o.ms <= ANSWER_WHILE_FROZEN_MS, `${o.what} answered after ${o.ms} ms, bound ${ANSWER_WHILE_FROZEN_MS} ms`);
    }
    assert.deepEqual({ status: readyWhileFrozen.status, database: readyWhileFrozen.database }, { status: 503, database: 'unreachable' });
    assert.ok(readyWhileFrozen.ms <= ANSWER_WHILE_FROZEN_MS, `ready answered after ${readyWhileFrozen.ms} ms`);
    assert.equal(healthWhileFrozen.status, 200);
    assert.ok(healthWhileFrozen.ms < 1_000, `health answered after ${healthWhileFrozen.ms} ms`);

    // After SIGCONT: the same process creates and lists again, and is ready.
    const continuedAt = Date.now();
    let recovered: Outcome | undefined;
    while (Date.now() - continuedAt < 20_000) {
      const created = await attempt('create');
      if (created.answer === '201') {
        recovered = created;
        break;
      }
      assert.equal(created.answer, '503 ServiceUnavailableException', `${created.what} after SIGCONT`);
      await sleep(100);
    }
    assert.ok(recovered, 'a create succeeded within 20 s of SIGCONT');
    t.diagnostic(`first create after SIGCONT answered 201 ${Date.now() - continuedAt} ms after it`);
    for (let i = 0; i < 3; i++) assert.equal((await attempt('create')).answer, '201');
    assert.equal((await attempt('list')).answer, '200');
    assert.deepEqual(await operator('ready').then(({ status, database }) => ({ status, database })), { status: 200, database: 'ok' });

    // Every order answered 201 is stored; one stored without a 201 can only be a create whose COMMIT had been sent
    // when the server froze (its outcome unknown to dialtone, answered 503: see docs/operations.md).
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const { rows } = await check.query<{ id: string; e164: string }>(
        'select o.id, min(n.e164) e164 from orders o join order_numbers n on n.order_id = o.id where o.account_id = $1 group by o.id',
        [ALICE.accountId],
      );
      const stored = new Map(rows.map((r) => [r.id, r.e164]));
      const acknowledged = outcomes.filter((o) => o.answer === '201');
      for (const o of acknowledged) assert.ok(stored.has(o.orderId!), `${o.what} answered 201 but not stored`);
      const acknowledgedIds = new Set(acknowledged.map((o) => o.orderId));
      const unacknowledged = rows.filter((r) => !acknowledgedIds.has(r.id));
      for (const r of unacknowledged) {
        const o = outcomes.find((x) => x.what === `create ${r.e164}`);
        assert.equal(o?.answer, '503 ServiceUnavailableException', `order for ${r.e164} stored after ${o?.answer ?? 'no request'}`);
      }
      t.diagnostic(`${acknowledged.length} creates answered 201, ${rows.length} orders stored (${unacknowledged.length} whose COMMIT was sent as the server froze)`);
    } finally {
      await check.end();
    }
  });
});
