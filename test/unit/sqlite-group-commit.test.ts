/**
 * SQLite's group commit of creates (src/storage/sqlite/group-commit-intake.ts), through the order service on a real
 * database file, watched from a second connection: a create is answered only once its order is committed (visible to
 * another connection), creates that arrive together share a transaction, a create refused inside the batch (its quota,
 * its invocation id, a failing statement) answers its own error and leaves the others stored, invocation-id retries
 * work within and across batches, and when SQLite refuses the writes (the database at its size limit) each create is
 * answered created-and-stored or refused-and-absent, never created-and-lost. The cases every adapter shares are in
 * test/storage/group-commit-contract.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Order } from '../../src/domain/orders/order.ts';
import type { OrderService } from '../../src/domain/orders/order-service.ts';
import type { OrderIntake } from '../../src/domain/ports/order-intake.ts';
import type { AccountQuotas } from '../../src/domain/ports/quotas.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { GroupCommitIntake } from '../../src/storage/sqlite/group-commit-intake.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { canSeeOpenFiles, deletedFiles } from '../support/open-files.ts';
import { ALICE, BOB, number, orderService, runGroupCommitContract, settled } from '../storage/group-commit-contract.ts';

const REFUSING = '999999999999';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

let file: string;
let storage: Storage;
/** A second connection to the same file: it sees only what has been committed. */
let probe: Database.Database;

beforeEach(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-group-commit-'));
  dirs.push(dir);
  file = path.join(dir, 'dialtone.sqlite');
  storage = await openSqliteStorage({ file });
  probe = new Database(file);
  probe.pragma('busy_timeout = 5000');
});
afterEach(async () => {
  probe.close();
  await storage.close();
});

function service(options: { intake?: OrderIntake; quotas?: AccountQuotas } = {}): OrderService {
  return orderService(storage, options);
}

const committed = (orderId: string): boolean => probe.prepare('select 1 from orders where id = ?').get(orderId) !== undefined;
const storedOrders = (accountId: string): number => (probe.prepare('select count(*) n from orders where account_id = ?').get(accountId) as { n: number }).n;

describe('group commit of creates on SQLite', () => {
  runGroupCommitContract(() => ({
    storage,
    committed: (orderId) => Promise.resolve(committed(orderId)),
    storedOrders: (accountId) => Promise.resolve(storedOrders(accountId)),
  }));

  it('answers a create only once its order is committed, and stores creates that arrive together in one transaction', async () => {
    const orders = service();
    const seen: { committed: boolean; version: number }[] = [];
    const creates = Array.from({ length: 200 }, (_, i) =>
      orders.create(i % 2 ? ALICE : BOB, 'VoiceConnector', [number(i)]).then((order) => {
        // Read at the moment the answer is ready, before anything else runs: committed, or it would not be visible here.
        seen.push({ committed: committed(order.id), version: probe.pragma('data_version', { simple: true }) as number });
        return order;
      }),
    );
    const { orders: created, errors } = await settled(creates);
    assert.deepEqual(errors, []);
    assert.equal(created.length, 200);
    assert.ok(seen.every((s) => s.committed), 'every answered order was visible to another connection when answered');
    const transactions = new Set(seen.map((s) => s.version)).size;
    assert.ok(transactions < 50, `200 creates at once were committed in ${transactions} transactions`);
    assert.equal(storedOrders(ALICE) + storedOrders(BOB), 200);
    const jobs = (probe.prepare('select count(*) n from jobs').get() as { n: number }).n;
    assert.equal(jobs, 200, 'each order with its fulfilment job');
  });

  it('stores each create with its event, numbered per account in commit order, and announces the commit', async () => {
    const orders = service();
    const heard: string[] = [];
    storage.eventCommits.onCommitted((accounts) => heard.push(...accounts));
    const creates = Array.from({ length: 40 }, (_, i) =>
      orders.create(i % 2 ? ALICE : BOB, 'VoiceConnector', [number(i)]).then((order) => {
        const row = probe.prepare(`select seq, type from events where account_id = ? and json_extract(detail, '$.PhoneNumberOrderId') = ?`).get(order.accountId, order.id);
        assert.ok(row, 'its event was committed with it');
        return order;
      }),
    );
    const { errors } = await settled(creates);
    assert.deepEqual(errors, []);
    for (const account of [ALICE, BOB]) {
      const events = await storage.events.after(account, { afterSeq: 0, limit: 100 });
      assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.ok(events.every((e) => e.type === 'Phone Number Order Created'));
    }
    assert.ok(heard.includes(ALICE) && heard.includes(BOB));
  });

  it('answers a create whose statement fails inside the batch with its error, and stores the others', async () => {
    // A real failure of one create's insert, leaving the transaction open: a trigger that refuses one account.
    probe.exec(`create trigger refuse_account before insert on orders when new.account_id = '${REFUSING}'
      begin select raise(abort, 'refused by the test'); end`);
    const orders = service();
    const creates = Array.from({ length: 30 }, (_, i) => orders.create(i % 3 === 0 ? REFUSING : ALICE, 'VoiceConnector', [number(i)]));
    const results = await Promise.allSettled(creates);
    results.forEach((r, i) => {
      if (i % 3 === 0) {
        assert.equal(r.status, 'rejected');
        assert.match(String((r as PromiseRejectedResult).reason), /refused by the test/);
      } else {
        assert.equal(r.status, 'fulfilled', String((r as PromiseRejectedResult).reason));
        assert.ok(committed((r as PromiseFulfilledResult<Order>).value.id));
      }
    });
    assert.equal(storedOrders(REFUSING), 0);
    assert.equal(storedOrders(ALICE), 20);
    assert.equal((probe.prepare('select count(*) n from order_numbers').get() as { n: number }).n, 20, 'nothing of a refused create is left');
  });

  it('appends the events of a transaction\'s creates together, each account numbered in the order of its creates', async () => {
    probe.exec(`create trigger refuse_account before insert on orders when new.account_id = '${REFUSING}'
      begin select raise(abort, 'refused by the test'); end`);
    const orders = service();
    const accounts = [ALICE, BOB, REFUSING];
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => orders.create(accounts[i % 3]!, 'VoiceConnector', [number(i)])));
    const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    assert.equal(created.length, 20);
    for (const account of [ALICE, BOB]) {
      const events = probe
        .prepare(`select seq, type, detail from events where account_id = ? order by seq`)
        .all(account) as { seq: number; type: string; detail: string }[];
      const mine = created.filter((order) => order.accountId === account).map((order) => order.id);
      assert.deepEqual(events.map((e) => e.seq), mine.map((_, i) => i + 1), `${account}'s events are numbered 1… with no gap`);
      assert.deepEqual(events.map((e) => (JSON.parse(e.detail) as { PhoneNumberOrderId: string }).PhoneNumberOrderId), mine, 'in the order of the creates');
      assert.ok(events.every((e) => e.type === 'Phone Number Order Created'));
    }
    assert.equal((probe.prepare('select count(*) n from events where account_id = ?').get(REFUSING) as { n: number }).n, 0, 'a refused create has no event');
  });

  it('answers every create of a transaction with the error when its events cannot be stored, and stores none of them', async () => {
    // The events are appended after the creates, for the whole transaction: a failure there undoes the transaction.
    probe.exec(`create trigger refuse_events before insert on events when new.account_id = '${REFUSING}'
      begin select raise(abort, 'events refused by the test'); end`);
    const orders = service();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => orders.create(i === 5 ? REFUSING : ALICE, 'VoiceConnector', [number(i)])));
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.match(String((r as PromiseRejectedResult).reason), /events refused by the test/);
    }
    assert.equal(storedOrders(ALICE) + storedOrders(REFUSING), 0);
    assert.equal((probe.prepare('select count(*) n from events').get() as { n: number }).n, 0);
    assert.equal((probe.prepare('select count(*) n from order_numbers').get() as { n: number }).n, 0);
    // The next creates go on in a transaction of their own.
    const next = await orders.create(ALICE, 'VoiceConnector', [number(20)]);
    assert.ok(committed(next.id));
  });

  it('keeps its savepoints\' journal in memory while a batch runs, and the connection\'s journals in files after it', async (t) => {
    if (!canSeeOpenFiles) return t.skip('needs /proc (Linux) to see the open files');
    const sqlite = new Database(file);
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      const intake = new GroupCommitIntake(db, sqlite);
      const before = new Set(deletedFiles());
      const seen: string[] = [];
      const at = new Date(Date.UTC(2026, 7, 1));
      // 60 creates of 10 numbers arrive together: one batch, each create changing well over 64 KiB of pages with the
      // ones before it; each one looks at the open files from inside the transaction, before its writes.
      const placements = Array.from({ length: 60 }, (_, i) => {
        const id = randomUUID();
        const numbers = Array.from({ length: 10 }, (_, j) => ({ e164: number(1_000 + 10 * i + j), status: 'Processing' as const }));
        return intake.place({
          order: { id, accountId: ALICE, productType: 'VoiceConnector', status: 'Processing', numbers, createdAt: at, updatedAt: at },
          events: [],
          job: { id, kind: 'fulfil-order', accountId: ALICE, runAt: at },
          checkUsage: () => void seen.push(...deletedFiles().filter((f) => !before.has(f))),
        });
      });
      assert.ok((await Promise.all(placements)).every((outcome) => outcome.placed));
      assert.deepEqual(seen, []);
      assert.equal(storedOrders(ALICE), 60);
      // After the batch the connection is back to SQLite's default: a large savepoint's journal goes to a file.
      assert.equal(sqlite.pragma('temp_store', { simple: true }), 0);
      sqlite.exec(`create table _pages (k integer primary key, v text not null)`);
      const insert = sqlite.prepare('insert into _pages (k, v) values (?, ?)');
      sqlite.transaction(() => {
        for (let k = 0; k < 2_000; k++) insert.run(k, 'x'.repeat(200));
      })();
      let during: string[] = [];
      sqlite.transaction(() => {
        sqlite.transaction(() => sqlite.prepare(`update _pages set v = ?`).run('y'.repeat(200)))();
        during = deletedFiles().filter((f) => !before.has(f));
      })();
      assert.ok(during.length > 0, 'a large savepoint outside the group commit spills to a temporary file (the check sees files)');
    } finally {
      await db.destroy();
    }
  });

  it('never answers a create as stored when SQLite refuses the writes (database full), and stores again once there is room', async () => {
    // A connection of its own, whose database size limit (max_page_count) the test controls: SQLITE_FULL for real.
    const sqlite = new Database(file);
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      const orders = service({ intake: new GroupCommitIntake(db, sqlite) });
      const pages = sqlite.pragma('page_count', { simple: true }) as number;
      sqlite.pragma(`max_page_count = ${pages + 3}`);
      const many = (from: number) =>
        Array.from({ length: 300 }, (_, i) => orders.create(ALICE, 'VoiceConnector', [number(from + 3 * i), number(from + 3 * i + 1), number(from + 3 * i + 2)], { name: 'x'.repeat(200) }));
      const full = await Promise.allSettled(many(0));
      const refused = full.filter((r) => r.status === 'rejected');
      assert.ok(refused.length > 0, 'the database filled up');
      for (const r of refused) assert.equal((r.reason as { code?: string }).code, 'SQLITE_FULL', String(r.reason));
      const answered = full.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      assert.ok(answered.every((o) => committed(o.id)), 'every create answered as stored is stored');
      assert.equal(storedOrders(ALICE), answered.length, 'and nothing else is');
      sqlite.pragma('max_page_count = 4294967294');
      const roomy = await settled(many(1000));
      assert.deepEqual(roomy.errors, []);
      assert.equal(storedOrders(ALICE), answered.length + 300);
    } finally {
      await db.destroy();
    }
  });
});
