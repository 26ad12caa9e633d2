/**
 * PostgreSQL stopped (fast shutdown) and started again on the same data directory and port while a client keeps
 * creating orders through the JS SDK (one attempt each) and the worker fulfils them. During the outage every create is
 * answered 503 ServiceUnavailableException with Retry-After and /_dialtone/ready says the database is unreachable;
 * after it, creates succeed again and the worker resumes without restarting dialtone. Every order answered 201 is in
 * the database and settles exactly once; an order whose create was refused exists only when its commit raced the cut.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { after, before, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChimeClient, ChimeServiceException, CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import pg from 'pg';
import { createLogger } from '../../src/observability/logger.ts';
import { createDatabase, restartablePostgres, type RestartablePostgres } from '../support/postgres.ts';
import { ALICE, startTestServer, type TestServer } from '../support/server.ts';

/** Longest a create may take to be answered, outage or not: past it the test fails as a hang. */
const ANSWER_WITHIN_MS = 20_000;
/** Concurrent clients creating orders. */
const CLIENTS = 3;
/** Creates answered 201 before the cut, and after the restart. */
const BEFORE = 12;
const AFTER = 12;
/** At least this long down, and at least this many creates answered while down. */
const OUTAGE_MS = 1_500;
const ANSWERED_WHILE_DOWN = 6;
/** A bound on all the requests sent (the loops stop far earlier). */
const MAX_REQUESTS = 2_000;

interface Outcome {
  e164: string;
  sentAt: number;
  answeredAt: number;
  /** `201`, `503 ServiceUnavailableException`, or what else came back. */
  answer: string;
  orderId?: string;
  retryAfter?: string;
}

describe('PostgreSQL stopped and started again under load', () => {
  let postgres: RestartablePostgres;
  let url: string;
  let server: TestServer | undefined;

  before(async () => {
    postgres = await restartablePostgres();
    url = await createDatabase(postgres, 'outage');
  });
  after(async () => {
    await server?.close();
    await postgres?.destroy();
  });

  /** One short-lived connection to the database, for the test's own reads (the pool's would be cut by the outage). */
  async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  async function ready(): Promise<{ status: number; database: string }> {
    const res = await fetch(`${server!.url}/_dialtone/ready`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const body = (await res.json()) as { checks: { database: string } };
    return { status: res.status, database: body.checks.database };
  }

  async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
      await sleep(25);
    }
  }

  it('answers 503 with Retry-After while it is down, creates again once it is back, and settles every acknowledged order once', async (t: TestContext) => {
    // What dialtone logs as errors (failed requests, the worker's failed claims and batches), summarised at the end.
    const logged: { msg: string; err?: { code?: string; message?: string } }[] = [];
    const logger = createLogger({ level: 'error', destination: { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) } });
    server = await startTestServer({
      logger,
      env: { DATABASE_URL: url, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') },
      config: {
        // Orders stay in the carrier long enough that some are in the worker's hands when the database goes.
        carrier: { latencyMs: 150 },
        // A lease cut off by the outage (the worker could not give its jobs back) runs out soon after.
        fulfilment: { leaseMs: 1_500, idleMs: 50, batchSize: 4, maxInFlight: 3 },
        database: { poolSize: 6, statementTimeoutMs: 3_000 },
        throttling: { enabled: false },
      },
    });
    // A connection per request: the outage must be what the answers show, not a kept-alive socket's fate.
    const client = new ChimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: ALICE,
      maxAttempts: 1,
      requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
    });
    t.after(() => client.destroy());

    const outcomes: Outcome[] = [];
    let sent = 0;
    let stopping = false;
    const create = async (): Promise<void> => {
      const e164 = `+1206555${String(1000 + sent++).padStart(4, '0')}`;
      const sentAt = Date.now();
      const outcome = (answer: string, extra: Partial<Outcome> = {}): Outcome => ({ e164, sentAt, answeredAt: Date.now(), answer, ...extra });
      try {
        const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] }), {
          abortSignal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
        outcomes.push(outcome('201', { orderId: created.PhoneNumberOrder!.PhoneNumberOrderId! }));
      } catch (error) {
        if (error instanceof ChimeServiceException) {
          const headers = (error.$response as { headers?: Record<string, string> } | undefined)?.headers ?? {};
          outcomes.push(outcome(`${error.$metadata.httpStatusCode} ${error.name}`, { retryAfter: headers['retry-after'] }));
        } else {
          outcomes.push(outcome(`no modelled answer: ${String(error)}`));
        }
        await sleep(20); // refused at once while down: do not spin
      }
    };
    const load = Array.from({ length: CLIENTS }, async () => {
      while (!stopping && sent < MAX_REQUESTS) await create();
    });
    const created = (since: number): number => outcomes.filter((o) => o.answer === '201' && o.sentAt >= since).length;

    try {
      await until(`${BEFORE} orders created before the outage`, () => created(0) >= BEFORE, 60_000);
      // Proof that the cut lands on the worker too: orders in its hands (Processing, some leased) when the server stops.
      const [inHand] = await query<{ processing: number; leased: number }>(
        `select (select count(*)::int from orders where status = 'Processing') processing,
                (select count(*)::int from jobs where lease_owner is not null) leased`,
      );
      const cutAt = Date.now();
      await postgres.stop();
      const downAt = Date.now();

      await until(
        `${ANSWERED_WHILE_DOWN} creates answered while down`,
        () => outcomes.filter((o) => o.sentAt >= downAt).length >= ANSWERED_WHILE_DOWN && Date.now() - downAt >= OUTAGE_MS,
        ANSWER_WITHIN_MS,
      );
      const readyWhileDown = await ready();
      const health = await fetch(`${server.url}/_dialtone/health`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
      const restartAt = Date.now();
      await postgres.start();
      const upAt = Date.now();
      await until(`${AFTER} orders created after the restart`, () => created(upAt) >= AFTER, 60_000);
      stopping = true;
      await Promise.all(load);
      const readyAfter = await ready();

      const whileDown = outcomes.filter((o) => o.sentAt >= downAt && o.answeredAt <= restartAt);
      const answers = countBy(outcomes.map((o) => o.answer));
      t.diagnostic(
        `stop took ${downAt - cutAt} ms, down ${restartAt - downAt} ms, start took ${upAt - restartAt} ms; ` +
          `${inHand!.processing} orders Processing (${inHand!.leased} leased) at the cut; answers ${JSON.stringify(answers)}; ` +
          `${whileDown.length} sent and answered while down; first 201 after the restart ${Math.min(...outcomes.filter((o) => o.answer === '201' && o.sentAt >= upAt).map((o) => o.answeredAt)) - upAt} ms after it`,
      );

      // Every request was answered by a modelled answer: a create, or 503 with Retry-After (never a 500, never a hang).
      for (const o of outcomes) {
        assert.match(o.answer, /^(201|503 ServiceUnavailableException)$/, `${o.e164}: ${o.answer}`);
        if (o.answer !== '201') assert.equal(o.retryAfter, '1', `${o.e164}: Retry-After`);
      }
      assert.ok(whileDown.length >= ANSWERED_WHILE_DOWN, 'creates were answered while the database was down');
      for (const o of whileDown) assert.equal(o.answer, '503 ServiceUnavailableException', `${o.e164} answered while down`);
      assert.ok(inHand!.processing > 0, 'the outage caught orders still in fulfilment');
      assert.deepEqual(readyWhileDown, { status: 503, database: 'unreachable' });
      assert.equal(health.status, 200, 'alive while not ready');
      assert.deepEqual(readyAfter, { status: 200, database: 'ok' });

      // The worker resumes: every order leaves Processing and no job is left.
      await until(
        'every order settled after the restart',
        async () => {
          const [left] = await query<{ n: number }>(`select (select count(*)::int from orders where status = 'Processing') + (select count(*)::int from jobs) n`);
          return left!.n === 0;
        },
        60_000,
      );

      const stored = await query<{ id: string; e164: string; status: string; numbers: number }>(
        `select o.id, min(n.e164) e164, o.status, count(n.*)::int numbers from orders o join order_numbers n on n.order_id = o.id
          where o.account_id = $1 group by o.id, o.status`,
        [ALICE.accountId],
      );
      const storedIds = new Set(stored.map((s) => s.id));
      const acknowledged = outcomes.filter((o) => o.answer === '201');
      for (const o of acknowledged) assert.ok(storedIds.has(o.orderId!), `order ${o.orderId} (${o.e164}) was answered 201 but is not stored`);
      // An order stored without a 201 is one whose commit went through as the connection was cut: its create was
      // answered 503 (the outcome of a COMMIT whose answer is lost is unknown to the client), sent before the cut.
      const byNumber = new Map(outcomes.map((o) => [o.e164, o]));
      const acknowledgedIds = new Set(acknowledged.map((o) => o.orderId));
      const raced = stored.filter((s) => !acknowledgedIds.has(s.id));
      for (const s of raced) {
        const o = byNumber.get(s.e164);
        assert.ok(o !== undefined && o.answer === '503 ServiceUnavailableException' && o.sentAt < downAt, `order ${s.id} (${s.e164}) stored for ${o?.answer ?? 'no request'}`);
      }
      assert.ok(raced.length <= CLIENTS, `at most one create per client can race the cut, found ${raced.length}`);
      t.diagnostic(`${acknowledged.length} orders answered 201, ${stored.length} stored, ${raced.length} stored after a 503 (commit raced the cut)`);
      assert.equal(stored.length, acknowledged.length + raced.length);
      for (const s of stored) assert.equal(s.numbers, 1, `order ${s.id} has one number`);

      // Settled exactly once: one terminal status per order, and each acquired number has one active owner row (of
      // its order), counted once in the account's usage.
      const [check] = await query<{ processing: number; acquired: number; owners: number; doubled: number; reservations: number; usage: number | null }>(
        `select
           (select count(*)::int from order_numbers where status = 'Processing') processing,
           (select count(*)::int from order_numbers where status = 'Acquired') acquired,
           (select count(*)::int from phone_numbers p join order_numbers n on n.order_id = p.order_id and n.e164 = p.e164
             where p.active = 1 and n.status = 'Acquired') owners,
           (select count(*)::int from (select e164 from phone_numbers where active = 1 group by e164 having count(*) > 1) d) doubled,
           (select count(*)::int from phone_numbers where status = 'AcquireInProgress') reservations,
           (select owned_numbers::int from account_usage where account_id = $1) usage`,
        [ALICE.accountId],
      );
      const statuses = countBy(stored.map((s) => s.status));
      const errors = countBy(logged.map((l) => `${l.msg}: ${(l.err?.message ?? '(no error)').replace(/:\d+$/, '').slice(0, 70)}`));
      t.diagnostic(`errors logged by dialtone: ${JSON.stringify(errors)}`);
      // The worker counts what each settle that it saw commit settled: a settle run twice would count its numbers twice.
      // (One whose COMMIT went through as the connection was cut is not counted, so this may fall short, never over.)
      const settled = (await server.metrics.fulfilledNumbers.get()).values.reduce((sum, v) => sum + v.value, 0);
      t.diagnostic(`orders by status ${JSON.stringify(statuses)}; ${check!.acquired} numbers acquired, ${settled} counted by the worker as it settled`);
      assert.ok(settled <= check!.acquired, `the worker settled ${settled} numbers for ${check!.acquired} acquired: some twice`);
      assert.equal(check!.processing, 0);
      assert.equal(check!.reservations, 0, 'no reservation left behind');
      assert.equal(check!.doubled, 0, 'no number owned twice');
      assert.equal(check!.owners, check!.acquired, 'each acquired number has exactly one active owner row');
      assert.equal(check!.usage ?? 0, check!.acquired, "the account's usage (kept by triggers) agrees");
      assert.equal(statuses.Successful, stored.length, 'every order was fulfilled (the carrier refuses nothing here)');
    } finally {
      stopping = true;
      await Promise.all(load);
    }
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
