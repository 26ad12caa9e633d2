/**
 * Times reach the tables as milliseconds (src/storage/kysely/millis.ts): a valid date as its epoch milliseconds, an
 * invalid one refused with a RangeError that names what it was, before anything is written.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { millisOf } from '../../src/storage/kysely/millis.ts';
import { toMillis } from '../../src/storage/kysely/order-repository.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';

describe('times written to the tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-millis-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are epoch milliseconds; an invalid date is a RangeError naming what it was', () => {
    assert.equal(millisOf(new Date(Date.UTC(2026, 11, 5, 4, 30)), 'a time'), Date.UTC(2026, 11, 5, 4, 30));
    assert.equal(millisOf(new Date(0), 'a time'), 0);
    assert.throws(() => millisOf(new Date(Number.NaN), 'SIP rule timestamp'), { name: 'RangeError', message: 'SIP rule timestamp is not a valid date' });
    assert.throws(() => toMillis(new Date('not a date'), 'createdAt'), { name: 'RangeError', message: 'order createdAt is not a valid date' });
  });

  it('a voice connector with an invalid time is refused and nothing of it is stored', async () => {
    const storage = await openSqliteStorage({ file: join(dir, 'dialtone.sqlite') });
    try {
      const connector = { id: 'abcdefghijklmnopqrstuv', accountId: '100000000000', name: 'c', awsRegion: 'us-east-1', requireEncryption: true, tags: [] };
      await assert.rejects(storage.voiceConnectors.insert({ ...connector, createdAt: new Date(Number.NaN), updatedAt: new Date(0) }), {
        name: 'RangeError',
        message: 'voice connector timestamp is not a valid date',
      });
      assert.equal(await storage.voiceConnectors.get(connector.accountId, connector.id), undefined);
      await storage.voiceConnectors.insert({ ...connector, createdAt: new Date(5), updatedAt: new Date(6) });
      assert.deepEqual([(await storage.voiceConnectors.get(connector.accountId, connector.id))?.createdAt, (await storage.voiceConnectors.get(connector.accountId, connector.id))?.updatedAt], [new Date(5), new Date(6)]);
    } finally {
      await storage.close();
    }
  });
});
