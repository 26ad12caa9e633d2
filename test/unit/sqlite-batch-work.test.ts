/**
 * SQLite's `Storage.batchWork` (fulfilment's transactions): the same atomic transactions as `transaction`, with the
 * connection's statement journals in memory while one runs and SQLite's default again after it, failed or not; other
 * work on the connection waits for it. Real better-sqlite3 files, real kysely.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Order } from '../../src/domain/orders/order.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { inMemoryJournals } from '../../src/storage/sqlite/memory-journals.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';

const MEMORY = 2;
const DEFAULT = 0;

describe('inMemoryJournals', () => {
  let dir: string;
  let sqlite: Database.Database;
  let db: Kysely<DatabaseSchema>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dialtone-batch-work-'));
    sqlite = new Database(join(dir, 'db.sqlite'));
    db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const tempStore = (): unknown => sqlite.pragma('temp_store', { simple: true });

  it('runs the work with temp_store MEMORY, inside its transaction too, and puts the default back after', async () => {
    const seen: unknown[] = [];
    const answer = await inMemoryJournals(db, sqlite)(async (connection) => {
      seen.push(tempStore());
      return connection.transaction().execute(async (trx) => {
        await sql`create table t (x integer)`.execute(trx);
        seen.push(tempStore(), sqlite.inTransaction);
        return 'done';
      });
    });
    assert.equal(answer, 'done');
    assert.deepEqual(seen, [MEMORY, MEMORY, true]);
    assert.equal(tempStore(), DEFAULT);
  });

  it('puts the default back when the work fails, and the failure reaches the caller; the transaction is undone', async () => {
    await sql`create table t (x integer)`.execute(db);
    const failure = new Error('the batch failed');
    await assert.rejects(
      inMemoryJournals(db, sqlite)((connection) =>
        connection.transaction().execute(async (trx) => {
          await sql`insert into t values (1)`.execute(trx);
          throw failure;
        }),
      ),
      (error) => error === failure,
    );
    assert.equal(tempStore(), DEFAULT);
    assert.equal(sqlite.inTransaction, false);
    assert.deepEqual(sqlite.prepare('select count(*) as n from t').get(), { n: 0 });
  });

  it('holds the connection: a query issued meanwhile runs after the work, with the default back', async () => {
    await sql`create table t (x integer)`.execute(db);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batch = inMemoryJournals(db, sqlite)(async (connection) => {
      await connection.transaction().execute(async (trx) => {
        await sql`insert into t values (1)`.execute(trx);
        order.push('batch wrote');
        await gate;
        order.push('batch ends');
      });
    });
    await new Promise((resolve) => setImmediate(resolve));
    const other = sql<{ n: number }>`select count(*) as n from t`.execute(db).then((r) => {
      order.push(`other read ${r.rows[0]!.n} with temp_store ${String(tempStore())}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([batch, other]);
    assert.deepEqual(order, ['batch wrote', 'batch ends', `other read 1 with temp_store ${DEFAULT}`]);
  });
});

describe('Storage.batchWork on SQLite', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await openSqliteStorage({ file: ':memory:' });
  });
  afterEach(() => storage.close());

  const order = (id: string): Order => ({
    id,
    accountId: '111111111111',
    productType: 'VoiceConnector',
    status: 'Processing',
    numbers: [{ e164: '+12065550100', status: 'Processing' }],
    createdAt: new Date(Date.UTC(2026, 11, 3)),
    updatedAt: new Date(Date.UTC(2026, 11, 3)),
  });

  it('commits all of its work or none of it, like transaction', async () => {
    const batchWork = storage.batchWork ?? assert.fail('SQLite storage offers batchWork');
    const kept = order('0193f1a2-0000-7000-8000-000000000001');
    const undone = order('0193f1a2-0000-7000-8000-000000000002');
    await batchWork.transaction(async (repos) => {
      await repos.orders.insert(kept);
      await repos.jobs.enqueue({ id: kept.id, kind: 'fulfil-order', accountId: kept.accountId, runAt: kept.createdAt });
    });
    await assert.rejects(
      batchWork.transaction(async (repos) => {
        await repos.orders.insert(undone);
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.deepEqual(await storage.orders.get(kept.accountId, kept.id), kept);
    assert.equal(await storage.orders.get(undone.accountId, undone.id), undefined);
    assert.equal(await storage.jobs.count(), 1);
  });

  it('announces the accounts whose events it appended once it committed, and none of a failed one', async () => {
    const batchWork = storage.batchWork ?? assert.fail('SQLite storage offers batchWork');
    const rung: string[][] = [];
    storage.eventCommits.onCommitted((accounts) => rung.push([...accounts]));
    const event = (accountId: string) => ({ id: `${accountId}-e`, accountId, type: 'Phone Number Order Created' as const, at: new Date(), resources: [], detail: {} });
    await batchWork.transaction((repos) => repos.events.append([event('111111111111'), event('222222222222')]));
    await assert.rejects(batchWork.transaction(async (repos) => {
      await repos.events.append([event('333333333333')]);
      throw new Error('refused');
    }));
    assert.deepEqual(rung.map((accounts) => accounts.sort()), [['111111111111', '222222222222']]);
  });
});
