/**
 * The direct reads of one turn run together in one SQLite read transaction (src/storage/sqlite/turn-reads.ts). Each
 * must see every commit made before it was asked (by another connection too), answer its own failure alone, leave no
 * transaction open behind it, and step aside (answer `undefined`) while someone else's transaction is open.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { TurnReads } from '../../src/storage/sqlite/turn-reads.ts';

describe('TurnReads', () => {
  let dir: string;
  let reader: Database.Database;
  let writer: Database.Database;
  let reads: TurnReads;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dialtone-turn-reads-'));
    const file = join(dir, 'turn.sqlite');
    reader = new Database(file);
    reader.pragma('journal_mode = WAL');
    reader.exec('create table t (n integer primary key)');
    // Whether the statement calling it runs inside an explicit transaction.
    reader.function('in_transaction', () => (reader.inTransaction ? 1 : 0));
    writer = new Database(file);
    reads = new TurnReads(reader);
  });

  afterEach(() => {
    reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (): unknown[] => reader.prepare('select count(*) as n, in_transaction() as inside from t').all();

  it('runs the reads of a turn in one transaction, each seeing the commits made before it was asked', async () => {
    writer.prepare('insert into t values (1)').run();
    const first = reads.read(count);
    // Committed by another connection after the first read was asked, before the second: both see it, since the
    // reads run only once the turn is over.
    writer.prepare('insert into t values (2)').run();
    const second = reads.read(count);
    assert.deepEqual(await Promise.all([first, second]), [[{ n: 2, inside: 1 }], [{ n: 2, inside: 1 }]]);
    assert.equal(reader.inTransaction, false, 'the read transaction is ended');
    // The connection can take the write lock at once.
    reader.exec('begin immediate');
    reader.exec('rollback');
  });

  it('answers a failing read with its error and the others with their rows', async () => {
    writer.prepare('insert into t values (1)').run();
    const before = reads.read(count);
    const failing = reads.read(() => reader.prepare('select * from missing_table').all());
    const after = reads.read(count);
    await assert.rejects(failing, /no such table: missing_table/);
    assert.deepEqual(await before, [{ n: 1, inside: 1 }]);
    assert.deepEqual(await after, [{ n: 1, inside: 1 }]);
    assert.equal(reader.inTransaction, false);
  });

  it('steps aside while a transaction of someone else is open on the connection, and leaves it open', async () => {
    reader.exec('begin immediate');
    reader.prepare('insert into t values (7)').run();
    let ran = false;
    const declined = reads.read(() => {
      ran = true;
      return count();
    });
    assert.equal(await declined, undefined);
    assert.equal(ran, false, 'the read did not run inside the open transaction');
    assert.equal(reader.inTransaction, true, 'the transaction is left to its owner');
    reader.exec('rollback');
    assert.deepEqual(await reads.read(count), [{ n: 0, inside: 0 }]);
  });

  it('runs a read asked while answering a batch in the next one', async () => {
    const chained = reads.read(count).then(() => reads.read(count));
    writer.prepare('insert into t values (3)').run();
    assert.deepEqual(await chained, [{ n: 1, inside: 0 }]);
  });

  it('answers reads asked before the connection closed with the error, not never', async () => {
    const reading = [reads.read(count), reads.read(count)];
    reader.close();
    for (const read of reading) await assert.rejects(read, /not open/);
    reader = new Database(join(dir, 'turn.sqlite'));
  });

  it('answers reads asked in different turns, each in its own batch', async () => {
    assert.deepEqual(await reads.read(count), [{ n: 0, inside: 0 }]);
    writer.prepare('insert into t values (4)').run();
    assert.deepEqual(await reads.read(count), [{ n: 1, inside: 0 }]);
  });
});
