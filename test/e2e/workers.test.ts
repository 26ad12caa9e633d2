/**
 * `dialtone serve --workers 2`: a primary and two real worker processes (the bundle `npm start` runs) on one port and
 * one SQLite file. Requests are answered by both processes (each names its pid in `/_dialtone/status`); conflicting
 * orders of the same numbers sent at once by many clients end with each number sold once and every order settled
 * once; 30 CreateVoiceConnector at once (a count, then an insert, in one transaction) create exactly the quota and
 * fail none (with a deferred BEGIN, one worker's insert fails with SQLITE_BUSY_SNAPSHOT: a 503); `/_dialtone/metrics`
 * answers for the whole group; a worker killed with SIGKILL while it holds leases is restarted by the primary, and every order acknowledged
 * before the kill is still there and settles; the whole group killed with SIGKILL and started again finishes every
 * acknowledged order; SIGTERM stops the primary and every worker (exit 0). The database is then checked directly, with
 * the checks of crash-restart.test.ts and multi-node.test.ts. The same on embedded PostgreSQL, briefly.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ChimeClient, CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import { ChimeSDKVoiceClient, CreateVoiceConnectorCommand } from '@aws-sdk/client-chime-sdk-voice';
import { postgresMigrations } from '../../src/storage/postgres/migrations/index.ts';
import { removeDialtoneBundle, startBundled, stopBundled, type BundledDialtone } from '../support/bundle.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { ALICE, BOB, freshDataDir, writeAccountsConfig } from '../support/server.ts';

const REFUSED = '+1646555';
const POOL = [...Array.from({ length: 40 }, (_, i) => `+1212555${2000 + i}`), ...Array.from({ length: 5 }, (_, i) => `${REFUSED}${1000 + i}`)];
/** A worker holds a lease for about the carrier's latency: long enough to be seen and killed while held. */
const CONFIG = {
  carrier: { latencyMs: 250, failPrefixes: [REFUSED] },
  fulfilment: { leaseMs: 1_000, batchSize: 5, idleMs: 20, maxInFlight: 2 },
  // Creates are sent all at once here; the per-process split of the buckets is tested in test/unit/access.
  throttling: { enabled: false },
  metrics: { refreshMs: 0 },
  limits: { maxVoiceConnectorsPerAccount: 12 },
};
const START_MS = 90_000;

const running = new Set<BundledDialtone>();
const dirs: string[] = [];
after(async () => {
  for (const p of running) for (const pid of [...workerPids(p.pid), p.pid]) kill(pid, 'SIGKILL');
  await Promise.all([...running].map((p) => p.exited));
  await removeDialtoneBundle();
  await stopPostgres();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function serve(env: Record<string, string>, args = ['serve', '--workers', '2']): Promise<BundledDialtone> {
  const proc = await startBundled({ LOG_LEVEL: 'warn', ...env }, START_MS, 'bundle', args);
  running.add(proc);
  void proc.exited.then(() => running.delete(proc));
  return proc;
}

/** The primary's children now: its workers. */
function workerPids(primary: number): number[] {
  try {
    return readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** GET on a connection of its own (each new connection is accepted by either worker). */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error('no answer')));
  });
}

/** The pid that answers `/_dialtone/status`. */
async function answeringPid(url: string): Promise<number> {
  return (JSON.parse(await getText(`${url}/_dialtone/status`)) as { pid: number }).pid;
}

/** Asks on new connections until `wanted` pids have answered (at most `tries`); answers the pids seen. */
async function answeringPids(url: string, wanted: number, tries = 300): Promise<Set<number>> {
  const seen = new Set<number>();
  for (let i = 0; i < tries && seen.size < wanted; i++) seen.add(await answeringPid(url).catch(() => 0));
  seen.delete(0);
  return seen;
}

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Sends orders of 3 random pool numbers from Alice and Bob, `concurrency` at a time, each on a new connection, until
 * `until()` says stop (checked between orders); collects the ids of the orders answered 201. Failures (a worker killed
 * under a request) are counted, not thrown.
 */
/** Creates orders from `concurrency` clients until `until()`; `acknowledged` fills as creates are answered 201. */
async function createOrders(url: string, seed: number, until: () => boolean, concurrency = 12, acknowledged: string[] = []): Promise<{ acknowledged: string[]; failed: number }> {
  const random = rng(seed);
  const clients = [ALICE, BOB].map(
    (who) => new ChimeClient({ endpoint: url, region: 'us-east-1', credentials: who, maxAttempts: 1, requestHandler: { httpAgent: new Agent({ keepAlive: false }) } }),
  );
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!until()) {
        const picked = new Set<string>();
        while (picked.size < 3) picked.add(POOL[Math.floor(random() * POOL.length)]!);
        const client = clients[Math.floor(random() * 2)]!;
        try {
          const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [...picked] }));
          acknowledged.push(created.PhoneNumberOrder!.PhoneNumberOrderId!);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  for (const c of clients) c.destroy();
  return { acknowledged, failed };
}

/** The first `n` orders: stops once that many were sent. */
const first = (n: number): (() => boolean) => {
  let sent = 0;
  return () => sent++ >= n;
};

type Count = (sql: string, params?: unknown[]) => Promise<number>;

async function untilNoneProcessing(count: Count, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await count(`select count(*) n from orders where status = 'Processing'`)) > 0) {
    if (Date.now() > deadline) assert.fail(`orders still Processing after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** What every quiet database must hold: each number sold once, every order settled once and consistent. */
async function assertConsistent(count: Count, acknowledged: string[]): Promise<void> {
  assert.equal(await count(`select count(*) n from orders where status = 'Processing'`), 0, 'every order terminal');
  assert.equal(await count(`select count(*) n from order_numbers where status = 'Processing'`), 0, 'every number settled');
  assert.equal(await count(`select count(*) n from jobs`), 0, 'no job left');
  assert.equal(await count(`select count(*) n from phone_numbers where status = 'AcquireInProgress'`), 0, 'no reservation left');
  assert.equal(
    await count(`select count(*) n from (select 1 from order_numbers where status = 'Acquired' group by e164 having count(*) > 1) t`),
    0,
    'no number acquired by two orders',
  );
  assert.equal(
    await count(`select count(*) n from (select 1 from phone_numbers where order_id is not null group by order_id, e164 having count(*) > 1) t`),
    0,
    'each order reserved each of its numbers once',
  );
  assert.equal(
    await count(`select count(*) n from order_numbers o where o.status = 'Acquired' and (select count(*) from phone_numbers p
                  where p.e164 = o.e164 and p.order_id = o.order_id and p.active = 1 and p.status = 'Unassigned') <> 1`),
    0,
    'each acquired number has exactly one active owner row, of its order',
  );
  assert.equal(
    await count(`select count(*) n from (select distinct e164 from order_numbers where e164 not like '${REFUSED}%') ordered
                  where not exists (select 1 from order_numbers a where a.e164 = ordered.e164 and a.status = 'Acquired')`),
    0,
    'every orderable number that was ordered is owned by exactly one order',
  );
  assert.equal(await count(`select count(*) n from order_numbers where status = 'Acquired' and e164 like '${REFUSED}%'`), 0, 'refused prefix never acquired');
  assert.equal(
    await count(`select count(*) n from (select o.status, sum(case when n.status = 'Acquired' then 1 else 0 end) a, count(*) c
                  from orders o join order_numbers n on n.order_id = o.id group by o.id, o.status) t
                  where status <> case when a = c then 'Successful' when a = 0 then 'Failed' else 'Partial' end`),
    0,
    'each order’s status follows its numbers',
  );
  const ids = new Set<string>();
  for (let i = 0; i < acknowledged.length; i += 500) {
    const batch = acknowledged.slice(i, i + 500);
    const found = await count(`select count(*) n from orders where id in (${batch.map((id) => `'${id}'`).join(',')})`);
    if (found !== batch.length) for (const id of batch) if ((await count(`select count(*) n from orders where id = '${id}'`)) === 0) ids.add(id);
  }
  assert.deepEqual([...ids], [], 'every acknowledged order is stored');
}

/** Polls until one of `pids` holds a job lease (its worker is between claim and settle); answers that pid. */
async function leaseHolder(count: Count, pids: number[], timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const pid of pids) if ((await count(`select count(*) n from jobs where lease_owner like '%:${pid}:%'`)) > 0) return pid;
    if (Date.now() > deadline) assert.fail(`no worker of ${pids.join(', ')} held a lease within ${timeoutMs} ms`);
    await sleep(2);
  }
}

/**
 * Waits until one of `pids` holds a lease, then freezes `frozen(pid)` (SIGSTOP) and answers the pid if it still holds
 * one (else lets them go on and waits again): a kill that follows lands while the lease is held, however loaded the
 * machine.
 */
async function frozenWhileLeased(count: Count, pids: number[], frozen: (holder: number) => number[], timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const holder = await leaseHolder(count, pids, Math.max(1, deadline - Date.now()));
    const stopped = frozen(holder);
    for (const pid of stopped) kill(pid, 'SIGSTOP');
    if ((await count(`select count(*) n from jobs where lease_owner like '%:${holder}:%'`)) > 0) return holder;
    for (const pid of stopped) kill(pid, 'SIGCONT');
  }
}

describe('dialtone serve --workers 2 on one SQLite file', () => {
  const dataDir = freshDataDir();
  dirs.push(dataDir);
  const env = { DATA_DIR: dataDir, DIALTONE_CONFIG: writeAccountsConfig(dataDir, CONFIG) };
  const peek = (): Database.Database => new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true, timeout: 5_000 });
  const count: Count = (sql) => {
    const db = peek();
    try {
      return Promise.resolve(Number((db.prepare(sql).get() as { n: number }).n));
    } finally {
      db.close();
    }
  };
  const acknowledged: string[] = [];
  let group: BundledDialtone;

  it('serves from both workers on one port, and names them in the banner', async () => {
    group = await serve(env);
    const banner = /workers: 2 processes \(pids (\d+), (\d+)\)/.exec(group.output());
    assert.ok(banner, group.output());
    const pids = [Number(banner[1]), Number(banner[2])].sort();
    assert.deepEqual(workerPids(group.pid).sort(), pids, 'the pids named are the primary’s children');
    const seen = await answeringPids(group.url, 2);
    assert.deepEqual([...seen].sort(), pids, 'both workers answered requests on the one port');
  });

  it('sells each number once and settles every order once under conflicting creates from many clients', async () => {
    const { acknowledged: ids, failed } = await createOrders(group.url, 7, first(60));
    assert.equal(failed, 0);
    assert.equal(ids.length, 60);
    acknowledged.push(...ids);
    await untilNoneProcessing(count);
    await assertConsistent(count, acknowledged);
    assert.ok((await count(`select count(*) n from order_numbers where failure_reason = 'owned-by-another-account'`)) > 0, 'the accounts competed for numbers');
  });

  it('runs transactions that read before they write one at a time across the workers: the quota holds, nothing fails', async () => {
    // CreateVoiceConnector counts the account's connectors, then inserts, in one transaction: a deferred BEGIN in
    // two workers at once would fail one of them at its insert (SQLITE_BUSY_SNAPSHOT, answered 503).
    const voice = new ChimeSDKVoiceClient({
      endpoint: group.url,
      region: 'us-east-1',
      credentials: ALICE,
      maxAttempts: 1,
      requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
    });
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          voice.send(new CreateVoiceConnectorCommand({ Name: `trunk-${i}`, RequireEncryption: true })).then(
            () => 'created',
            (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => `${error.$metadata?.httpStatusCode} ${error.name}`,
          ),
        ),
      );
      const tally = outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [o]: (t[o] ?? 0) + 1 }), {});
      assert.deepEqual(tally, { created: 12, '400 ResourceLimitExceededException': 18 }, JSON.stringify(tally));
      assert.equal(await count(`select count(*) n from voice_connectors where account_id = '${ALICE.accountId}'`), 12);
    } finally {
      voice.destroy();
    }
  });

  it('answers /_dialtone/metrics for the whole group, whichever worker is asked', async () => {
    for (let i = 0; i < 4; i++) {
      const text = await getText(`${group.url}/_dialtone/metrics`);
      const sum = (pattern: RegExp): number => [...text.matchAll(pattern)].reduce((total, m) => total + Number(m[1]), 0);
      assert.equal(sum(/^dialtone_fulfilment_numbers_total\{outcome="\w+"\} (\d+)/gm), 60 * 3, 'every ordered number settled once, summed over the workers');
      assert.equal(sum(/^dialtone_orders\{status="\w+"\} (\d+)/gm), 60, 'the database-backed gauge is counted once, not once per worker');
    }
  });

  it('restarts a worker killed with SIGKILL while it holds leases; every order acknowledged before is kept and settles', async () => {
    const before = workerPids(group.pid);
    let stop = false;
    const load = createOrders(group.url, 11, () => stop);
    const victim = await frozenWhileLeased(count, before, (holder) => [holder]);
    kill(victim, 'SIGKILL');
    const orphaned = await count(`select count(*) n from jobs where lease_owner like '%:${victim}:%'`);
    // The primary starts another in its place, which serves the port too.
    const deadline = Date.now() + START_MS;
    let now = workerPids(group.pid);
    while (now.length < 2 || now.includes(victim)) {
      if (Date.now() > deadline) assert.fail(`no worker restarted: ${now.join(', ')}\n${group.output()}`);
      await sleep(100);
      now = workerPids(group.pid);
    }
    const replacement = now.find((pid) => !before.includes(pid))!;
    const seen = await answeringPids(group.url, 2);
    assert.ok(seen.has(replacement), `the restarted worker ${replacement} answers (seen ${[...seen].join(', ')})`);
    await sleep(500);
    stop = true;
    const { acknowledged: ids } = await load;
    acknowledged.push(...ids);
    assert.ok(orphaned > 0, 'the kill landed while the victim held jobs');
    assert.ok(ids.length > 0);
    assert.match(group.output(), new RegExp(`"workerPid":${victim}.*"signal":"SIGKILL".*worker exited; restarting it`));
    await untilNoneProcessing(count);
    await assertConsistent(count, acknowledged);
  });

  it('finishes every acknowledged order after the whole group is killed with SIGKILL and started again', async (t) => {
    // A process frozen inside a commit (SIGSTOP waits for its fsync to return) has written and synced the commit's
    // frames, but not yet told the WAL index: the leases seen while it was frozen may be settled after all once the
    // next start recovers the WAL. The kill is then tried again, until it leaves leases behind.
    const ATTEMPTS = 5;
    for (let attempt = 1; ; attempt++) {
      let stop = false;
      const answered: string[] = [];
      const load = createOrders(group.url, 13 + attempt, () => stop, 12, answered);
      const workers = workerPids(group.pid);
      // Some creates acknowledged before the kill: leases of earlier orders may be seen at once.
      const deadline = Date.now() + 30_000;
      while (answered.length === 0 && Date.now() < deadline) await sleep(20);
      await frozenWhileLeased(count, workers, () => [...workers, group.pid]);
      for (const pid of [...workers, group.pid]) kill(pid, 'SIGKILL');
      await group.exited;
      stop = true;
      const { acknowledged: ids } = await load;
      acknowledged.push(...ids);
      assert.ok(ids.length > 0);
      const leftBehind = await count(`select count(*) n from jobs where lease_owner is not null`);
      for (const pid of workers) {
        const deadline = Date.now() + 5_000;
        while (alive(pid) && Date.now() < deadline) await sleep(50);
        assert.ok(!alive(pid), `worker ${pid} is gone`);
      }
      group = await serve(env, ['serve', '--workers', '2']);
      if (leftBehind > 0) {
        if (attempt > 1) t.diagnostic(`the kill left leases behind at attempt ${attempt}`);
        break;
      }
      assert.ok(attempt < ATTEMPTS, `no kill of ${ATTEMPTS} left leases behind`);
    }
    await untilNoneProcessing(count);
    await assertConsistent(count, acknowledged);
  });

  it('stops the primary and every worker on SIGTERM, exit 0', async () => {
    const workers = workerPids(group.pid);
    assert.equal(workers.length, 2);
    const exit = await stopBundled(group, 'SIGTERM', 30_000);
    assert.deepEqual(exit, { code: 0, signal: null }, group.output());
    for (const pid of workers) assert.ok(!alive(pid), `worker ${pid} stopped with the primary`);
    assert.doesNotMatch(group.output(), /restarting it/, 'no worker was restarted while stopping');
  });
});

describe('dialtone serve --workers 2 that cannot listen', () => {
  it('exits 1 with the worker’s reason', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    try {
      const started = serve({ DATA_DIR: dataDir, PORT: String(port) });
      await assert.rejects(started, (error: Error) => {
        assert.match(error.message, /exited \(1\) before serving/);
        assert.match(error.message, new RegExp(`cannot listen: bind EADDRINUSE 127.0.0.1:${port}`));
        assert.match(error.message, /dialtone: worker \d \(pid \d+\) exited \(code 1\) before it listened; not serving\n/);
        return true;
      });
    } finally {
      taken.close();
    }
  });
});

describe('dialtone serve --workers 2 on PostgreSQL', () => {
  it('shares the work and sells each number once; SIGTERM stops all', async () => {
    const url = await freshDatabase('workers');
    const db = new pg.Pool({ connectionString: url, max: 2 });
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    try {
      const count: Count = async (sql) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
      const group = await serve({ DATABASE_URL: url, DATA_DIR: dataDir, DIALTONE_WORKERS: '2', DIALTONE_CONFIG: writeAccountsConfig(dataDir, CONFIG) }, ['serve']);
      const pids = workerPids(group.pid).sort();
      assert.equal(pids.length, 2);
      assert.deepEqual([...(await answeringPids(group.url, 2))].sort(), pids);
      const { acknowledged, failed } = await createOrders(group.url, 17, first(40));
      assert.equal(failed, 0);
      await untilNoneProcessing(count);
      await assertConsistent(count, acknowledged);
      assert.equal(await count(`select count(*) n from kysely_migration`), Object.keys(postgresMigrations).length, 'migrated once');
      const exit = await stopBundled(group, 'SIGTERM', 30_000);
      assert.deepEqual(exit, { code: 0, signal: null }, group.output());
      for (const pid of pids) assert.ok(!alive(pid));
    } finally {
      await db.end();
    }
  });
});
