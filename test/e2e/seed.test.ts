/**
 * `dialtone seed`: owned numbers and orders loaded straight into the database, then served and fulfilled. The command
 * runs as the bundle that `npm start` and the npm package run (built once for this file).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { chimeClient, freshDataDir, startTestServer } from '../support/server.ts';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { waitForTerminal } from '../support/orders.ts';

const run = promisify(execFile);
after(() => removeDialtoneBundle());

describe('dialtone seed', () => {
  it('loads owned numbers and orders that the worker then fulfils', async () => {
    const dataDir = freshDataDir();
    const env = { PATH: process.env.PATH ?? '', HOME: dataDir, DATA_DIR: dataDir };
    const { stdout, stderr } = await run(process.execPath, [await dialtoneBundle(), 'seed', '--numbers', '3000', '--orders', '4', '--per-order', '10'], { env, timeout: 60_000 });
    assert.match(stdout, /seeded 3000 numbers and 4 orders for account 000000000000/);
    assert.match(stderr, /numbers\s+\[#+\] 3000\/3000/);
    const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
    const owned = db.prepare(`select count(*) n, count(distinct e164) d from phone_numbers where active = 1 and status = 'Unassigned' and account_id = '000000000000'`).get() as { n: number; d: number };
    // The planner's statistics gathered after the load (the file's were gathered empty when the seed opened it): the
    // rows of the unique index of active numbers, estimated from a bounded sample (`analysis_limit`).
    const stat = db.prepare(`select stat from sqlite_stat1 where tbl = 'phone_numbers' and idx = 'phone_numbers_active_e164'`).get() as { stat: string } | undefined;
    db.close();
    assert.deepEqual(owned, { n: 3000, d: 3000 });
    assert.ok(stat !== undefined && Number(stat.stat.split(' ')[0]) >= 1000, `statistics of the seeded numbers: ${stat?.stat}`);

    const again = await run(process.execPath, [await dialtoneBundle(), 'seed', '--numbers', '10', '--account', '111111111111'], { env, timeout: 60_000 });
    assert.match(again.stdout, /seeded 10 numbers/);
    // Seeding again picks numbers nobody owns: the 10 new ones are none of the 3000 already owned.
    const check = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
    const after = check.prepare(`select count(*) n, count(distinct e164) d, sum(account_id = '111111111111') b from phone_numbers where active = 1`).get() as { n: number; d: number; b: number };
    check.close();
    assert.deepEqual(after, { n: 3010, d: 3010, b: 10 }, 'seeding again skips numbers already owned');

    const server = await startTestServer({ dataDir, config: { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 20 } } });
    const client = chimeClient(server);
    try {
      const { PhoneNumberOrders } = await client.send(new ListPhoneNumberOrdersCommand({}));
      assert.equal(PhoneNumberOrders?.length, 4);
      for (const order of PhoneNumberOrders!) {
        assert.equal(order.OrderedPhoneNumbers?.length, 10);
        assert.equal((await waitForTerminal(client, order.PhoneNumberOrderId!)).Status, 'Successful');
      }
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('puts some of the seeded numbers on a new voice connector', async () => {
    const dataDir = freshDataDir();
    const env = { PATH: process.env.PATH ?? '', HOME: dataDir, DATA_DIR: dataDir };
    const { stdout } = await run(process.execPath, [await dialtoneBundle(), 'seed', '--numbers', '1200', '--on-voice-connector', '700'], { env, timeout: 60_000 });
    const connectorId = /700 of them on voice connector ([a-z0-9]{22})/.exec(stdout)?.[1];
    assert.ok(connectorId, stdout);
    const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
    const byStatus = db.prepare('select status, count(*) n from phone_numbers where active = 1 group by status order by status').all();
    const associations = db
      .prepare(
        `select count(*) n, count(distinct a.voice_connector_id) c from phone_number_associations a
         join phone_numbers p on p.e164 = a.e164 and p.active = 1 and p.status = 'Assigned' where a.voice_connector_id = ?`,
      )
      .get(connectorId);
    db.close();
    assert.deepEqual(byStatus, [
      { status: 'Assigned', n: 700 },
      { status: 'Unassigned', n: 500 },
    ]);
    assert.deepEqual(associations, { n: 700, c: 1 });
  });

  it('refuses bad arguments with a clear message', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: freshDataDir(), DATA_DIR: freshDataDir() };
    for (const [args, message] of [
      [['seed'], /give --numbers N and\/or --orders N/],
      [['seed', '--numbers', 'lots'], /--numbers: 'lots' is not a whole number/],
      [['seed', '--numbers', '5', '--account', '12'], /--account: '12' must be 12 digits/],
      [['seed', '--numbers', '5', '--product-type', 'Fax'], /--product-type/],
      [['seed', '--numbers', '5', '--on-voice-connector', '6'], /--on-voice-connector: cannot exceed --numbers/],
      [['seed', '--numbers', '5', '--on-voice-connector', '2', '--product-type', 'SipMediaApplicationDialIn'], /needs --product-type VoiceConnector/],
    ] as const) {
      const error = await run(process.execPath, [await dialtoneBundle(), ...args], { env, timeout: 30_000 }).then(() => undefined, (e: unknown) => e as { code: number; stderr: string });
      assert.ok(error, `${args.join(' ')} must fail`);
      assert.equal(error.code, 1);
      assert.match(error.stderr, message);
    }
  });
});
