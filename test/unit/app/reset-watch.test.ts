/**
 * The reset watch over a real SQLite storage: its first check only records the marks; afterwards each reset counted in
 * the database (by this process or another) makes it drop the throttling buckets of that account, or of all.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ResetWatch } from '../../../src/app/reset-watch.ts';
import { Throttle } from '../../../src/auth/throttle.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';

const A = '111111111111';
const B = '222222222222';
const LIMIT = { ratePerSecond: 0.001, burst: 2 };

describe('reset watch', () => {
  let storage: Storage;
  let throttle: Throttle;
  let forgotten: (string | undefined)[];
  let watch: ResetWatch;

  beforeEach(async () => {
    storage = await openSqliteStorage({ file: ':memory:' });
    throttle = new Throttle({ now: () => 0 });
    forgotten = [];
    watch = new ResetWatch(storage.meta, (accountId) => {
      forgotten.push(accountId);
      throttle.forget(accountId);
    });
  });
  afterEach(() => storage.close());

  const drain = (account: string) => {
    for (let i = 0; i < 2; i++) assert.equal(throttle.take(account, 'mutating', LIMIT).allowed, true);
    assert.equal(throttle.take(account, 'mutating', LIMIT).allowed, false);
  };

  it('records the marks at its first check, then forgets exactly the accounts whose mark moved', async () => {
    await storage.resetAccount(A);
    assert.equal(await watch.check(), 0, 'a reset before the first check needs nothing dropped');
    drain(A);
    drain(B);
    assert.equal(await watch.check(), 0);
    await storage.resetAccount(A);
    assert.equal(await watch.check(), 1);
    assert.deepEqual(forgotten, [A]);
    assert.equal(throttle.take(A, 'mutating', LIMIT).allowed, true, "A's bucket starts full");
    assert.equal(throttle.take(B, 'mutating', LIMIT).allowed, false, "B's bucket is as it was");
    await storage.resetAll();
    assert.equal(await watch.check(), 1);
    assert.deepEqual(forgotten, [A, undefined]);
    assert.equal(throttle.take(B, 'mutating', LIMIT).allowed, true, 'a reset of everything drops every bucket');
    assert.equal(throttle.size, 1, 'only the bucket used since');
  });
});
