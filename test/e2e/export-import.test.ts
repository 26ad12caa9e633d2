/**
 * `dialtone export` / `dialtone import` on SQLite, through the real processes: the round trip of a rich account
 * (support/export-import.ts), then refused imports — not JSON, another version, malformed, inconsistent, an account
 * that already holds data, ids and numbers taken by other accounts — each with its message and nothing written; and
 * an account created by the import when neither the configuration nor the database has it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import { runCli } from '../support/cli.ts';
import { cliArgs, exportImportRoundTrip, type RoundTrip, type Side } from '../support/export-import.ts';
import { waitForTerminal } from '../support/orders.ts';
import { fixtureConfig } from '../support/rich-account.ts';
import { ALICE, BOB, chimeClient, freshDataDir, startTestServer } from '../support/server.ts';

/** Every row of every table of a data directory's SQLite database, as text: equal when nothing was written. */
function dump(dataDir: string): string {
  const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
  try {
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[];
    // In key order: a WITHOUT ROWID table (order_numbers) has no rowid to order by.
    const key = (table: string): string => {
      const columns = db.prepare('select name from pragma_table_info(?) where pk > 0 order by pk').pluck().all(table) as string[];
      return columns.length > 0 ? columns.map((column) => `"${column}"`).join(', ') : 'rowid';
    };
    return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by ${key(name)}`).all()]));
  } finally {
    db.close();
  }
}

describe('dialtone export and import on SQLite', () => {
  const dirs: string[] = [];
  const side = (): Side => {
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    return { dataDir, env: {} };
  };
  let source: Side;
  let target: Side;
  let trip: RoundTrip;
  let document: Record<string, unknown>;

  before(async () => {
    source = side();
    target = side();
  });
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('exports a rich account while its server serves; imported into a fresh database, every list and get answers alike', async () => {
    trip = await exportImportRoundTrip(source, target);
    document = JSON.parse(readFileSync(trip.file, 'utf8')) as Record<string, unknown>;
    // The fixture's parts are all in the file, as the API showed them.
    const numbers = document.phoneNumbers as { e164: string; status: string; active: boolean }[];
    const statuses = new Set(numbers.map((n) => `${n.status}${n.active ? '' : ' (not owned)'}`));
    for (const status of ['Unassigned', 'Assigned', 'DeleteInProgress', 'AcquireInProgress', 'AcquireFailed (not owned)', 'DeleteInProgress (not owned)']) {
      assert.ok(statuses.has(status), `a number record ${status} is exported (${[...statuses].join(', ')})`);
    }
    const orders = document.orders as { status: string }[];
    assert.deepEqual([...new Set(orders.map((o) => o.status))].sort(), ['Failed', 'Partial', 'Processing', 'Successful']);
    const sessions = document.proxySessions as { name?: string; capabilities: string[]; expiryMinutes: number }[];
    assert.deepEqual(
      sessions.map((p) => [p.name, p.capabilities, p.expiryMinutes]),
      [
        ['delivery', ['Voice', 'SMS'], 120],
        [undefined, ['SMS'], 100],
      ],
    );
  });

  it('export, dialtone reset --account, import into the same database: every list and get answers as before, the other account untouched', async () => {
    const same = side();
    await exportImportRoundTrip(same, same, {
      async beforeImport() {
        const cli = cliArgs(same);
        const reset = await runCli(['reset', ...cli.args, '--account', ALICE.accountId, '--yes'], cli.env);
        assert.equal(reset.code, 0, reset.stderr);
      },
    });
  });

  it('refuses a file that is not JSON, of another version or malformed, before opening the database', async () => {
    const fresh = side();
    const args = ['import', '--data-dir', fresh.dataDir];
    const attempt = async (content: string, message: RegExp) => {
      const outcome = await runCli([...args, '-'], {}, content);
      assert.equal(outcome.code, 1, outcome.stdout);
      assert.match(outcome.stderr, message);
      assert.ok(!existsSync(join(fresh.dataDir, 'dialtone.sqlite')), 'no database was created');
    };
    await attempt('{"format": "dialtone-export", "version": 1,', /standard input is not JSON: /);
    await attempt(JSON.stringify({ ...document, version: 2 }), /export version 2 is not supported: this dialtone reads version 1/);
    // Each malformed member is named by its path (every refusal of the format: test/unit/tenancy/export-format.test.ts).
    await attempt(
      JSON.stringify({ ...document, accountId: '42', exportedAt: '2026-01-01T00:00:00Z' }),
      /malformed dialtone export \(version 1\):\n {2}exportedAt: must be an ISO 8601 UTC timestamp with milliseconds(.|\n)*\n {2}accountId: must be 12 digits/,
    );
    const missing = await runCli([...args, join(fresh.dataDir, 'nope.json')], {});
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /import: cannot read .*nope\.json: ENOENT/);
  });

  it('refuses an account that already holds data, and ids or numbers that other accounts hold, writing nothing', async () => {
    const cli = cliArgs(target);
    const before = dump(target.dataDir);
    const again = await runCli(['import', ...cli.args, trip.file], cli.env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /account 111111111111 already holds orders, phone numbers, phone-number settings, global settings, voice connectors, voice connector groups, SIP media applications, SIP rules, voice profile domains, proxy sessions, associations: import into an account that holds nothing/);

    // The same file as another account's: every id, trigger and owned number is taken by account 111111111111.
    const other = join(target.dataDir, 'as-333.json');
    writeFileSync(other, JSON.stringify({ ...document, accountId: '333333333333' }));
    const taken = await runCli(['import', ...cli.args, other], cli.env);
    assert.equal(taken.code, 1);
    const orderId = (document.orders as { id: string }[])[0]!.id;
    assert.match(taken.stderr, /the target database already has what the file would add; nothing was imported/);
    assert.match(taken.stderr, new RegExp(`order ${orderId} exists in account 111111111111`));
    assert.match(taken.stderr, /… and \d+ more/);
    assert.equal(dump(target.dataDir), before, 'nothing was written');

    // A fresh database where another account owns one of the numbers (and its calling name and association, none).
    const third = freshDataDir();
    dirs.push(third);
    const server = await startTestServer({ dataDir: third, config: fixtureConfig({ latencyMs: 0 }) });
    const bob = chimeClient(server, BOB);
    try {
      const created = await bob.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550101'] }));
      assert.equal((await waitForTerminal(bob, created.PhoneNumberOrder!.PhoneNumberOrderId!)).Status, 'Successful');
    } finally {
      bob.destroy();
      await server.close();
    }
    const thirdCli = cliArgs({ dataDir: third, env: {} });
    const beforeThird = dump(third);
    const owned = await runCli(['import', ...thirdCli.args, trip.file], thirdCli.env);
    assert.equal(owned.code, 1);
    assert.match(owned.stderr, /phone number \+12065550101 is owned by account 222222222222/);
    assert.equal(dump(third), beforeThird, 'nothing was written');
  });

  it('creates the account when neither the configuration nor the database has it', async () => {
    const fresh = side();
    const imported = await runCli(['import', '--data-dir', fresh.dataDir, trip.file], {});
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /imported account 111111111111 \(created: give it keys with dialtone keys create\)/);
    const accounts = await runCli(['accounts', 'list', '--json', '--data-dir', fresh.dataDir], {});
    assert.equal(accounts.code, 0, accounts.stderr);
    const listed = JSON.parse(accounts.stdout) as { accountId: string; origin: string; enabled: boolean; keys: number }[];
    assert.deepEqual(
      listed.find((a) => a.accountId === '111111111111'),
      { accountId: '111111111111', enabled: true, origin: 'cli', keys: 0, limits: {} },
    );
    // And its export is the file it came from, but for the time of the export.
    const exported = await runCli(['export', '--data-dir', fresh.dataDir, '--account', '111111111111'], {});
    assert.equal(exported.code, 0, exported.stderr);
    const strip = (doc: Record<string, unknown>) => ({ ...doc, exportedAt: undefined });
    assert.deepEqual(strip(JSON.parse(exported.stdout) as Record<string, unknown>), strip(document));
  });

  it('refuses to export an account that does not exist, or over an existing file', async () => {
    const cli = cliArgs(target);
    const unknown = await runCli(['export', ...cli.args, '--account', '999999999999'], cli.env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no account 999999999999/);
    const existing = await runCli(['export', ...cli.args, '--account', '111111111111', '--output', trip.file], cli.env);
    assert.equal(existing.code, 1);
    assert.match(existing.stderr, /exists; it is not overwritten/);
    const nowhere = await runCli(['export', '--data-dir', join(target.dataDir, 'none')], {});
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /there is no database at/);
  });
});
