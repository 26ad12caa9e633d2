/** The console overview's storage contract on SQLite, and migration 0015 on a database that already holds numbers. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect } from 'kysely';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import { heldAsListed, runOverviewContract } from '../storage/overview-contract.ts';

runOverviewContract('sqlite :memory:', () => openSqliteStorage({ file: ':memory:' }));

describe('migration 0015 on SQLite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-overview-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts the numbers an older version left, and keeps counting', async () => {
    const file = path.join(dir, 'dialtone.sqlite');
    const older = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    const { error } = await new Migrator({ db: older, provider: { getMigrations: () => Promise.resolve(sqliteMigrations) } }).migrateTo('0013-webhook-pruned-events');
    if (error !== undefined) throw error;
    const rows: [string, string, number, string][] = [
      ['+12065550801', 'Unassigned', 1, 'VoiceConnector'],
      ['+12065550802', 'Unassigned', 1, 'VoiceConnector'],
      ['+12065550803', 'Assigned', 1, 'SipMediaApplicationDialIn'],
      ['+12065550804', 'AcquireFailed', 0, 'VoiceConnector'],
    ];
    for (const [e164, status, active, product] of rows) {
      await sql`insert into phone_numbers (e164, account_id, status, active, product_type, number_type, country, created_at, updated_at)
        values (${e164}, '700700700715', ${status}, ${active}, ${product}, 'Local', 'US', 0, 0)`.execute(older);
    }
    await older.destroy();
    const storage = await openSqliteStorage({ file });
    try {
      const now = new Date(Date.UTC(2026, 6, 1));
      const window = { since: new Date(0), until: now, bucketSeconds: 86_400 * 30 };
      const { numbers } = await storage.overview.overview('700700700715', window, now);
      assert.deepEqual(numbers, [
        { status: 'Assigned', productType: 'SipMediaApplicationDialIn', count: 1 },
        { status: 'Unassigned', productType: 'VoiceConnector', count: 2 },
      ]);
      assert.deepEqual(numbers, await heldAsListed(storage, '700700700715', now));
      await storage.phoneNumbers.queueDeletion('700700700715', '+12065550801', { at: now, deletionAt: new Date(now.getTime() + 1000) });
      assert.deepEqual((await storage.overview.overview('700700700715', window, now)).numbers, await heldAsListed(storage, '700700700715', now));
    } finally {
      await storage.close();
    }
  });
});
