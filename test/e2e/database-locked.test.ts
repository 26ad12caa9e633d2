/**
 * A SQLite database locked by another connection: creates are answered (503 ServiceUnavailableException with
 * Retry-After when SQLite reports the database busy or locked, or success once the lock has gone), never left
 * hanging, and nothing is stored for a refused create. Once the lock is gone, creates succeed without a restart.
 */
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Agent } from 'node:http';
import { ChimeClient, ChimeServiceException, CreatePhoneNumberOrderCommand, GetPhoneNumberCommand, ListPhoneNumberOrdersCommand } from '@aws-sdk/client-chime';
import { eventually } from '../support/phone-numbers.ts';
import { ALICE, FROZEN_CARRIER, startTestServer, type TestServer } from '../support/server.ts';

/** The server's wait for the write lock (`database.sqliteBusyTimeoutMs`; 5 s by default). */
const BUSY_TIMEOUT_MS = 1_000;
/** Longer than the busy timeout (which may block this process) plus sweeps waiting on it too; short of a hang. */
const ANSWER_WITHIN_MS = 20_000;

function order(client: ChimeClient, e164: string) {
  const sent = client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] }));
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS);
  });
  return Promise.race([sent, hang]).finally(() => clearTimeout(timer));
}

describe('SQLite locked by another connection', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let file: string;

  before(async () => {
    server = await startTestServer({ config: { ...FROZEN_CARRIER, database: { sqliteBusyTimeoutMs: BUSY_TIMEOUT_MS } } });
    // A connection per request: a server blocked by SQLite's busy wait may close an idle kept-alive one as it is reused.
    alice = new ChimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: ALICE,
      maxAttempts: 1,
      requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
    });
    file = join(server.dataDir, 'dialtone.sqlite');
  });
  after(async () => {
    alice.destroy();
    await server.close();
  });

  it('answers a create 503 with Retry-After while the write lock is held, then creates again once it is released', async () => {
    await order(alice, '+12065550101');
    // Fulfilment has reserved the number (the frozen carrier keeps it there): the lock below then meets only the create
    // under test, not also the reservation of the order before it, which runs at a later turn of the event loop.
    await eventually(async () => {
      const reserved = await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: '+12065550101' }));
      assert.equal(reserved.PhoneNumber?.Status, 'AcquireInProgress');
    }, ANSWER_WITHIN_MS);
    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    let refused: unknown;
    try {
      await order(alice, '+12065550102');
    } catch (error) {
      refused = error;
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    assert.ok(refused instanceof ChimeServiceException, `expected a modelled error, got ${String(refused)}`);
    assert.equal(refused.name, 'ServiceUnavailableException');
    assert.equal(refused.$metadata.httpStatusCode, 503);
    assert.equal((refused.$response as { headers?: Record<string, string> } | undefined)?.headers?.['retry-after'], '1');

    const again = await order(alice, '+12065550102');
    assert.equal(again.PhoneNumberOrder?.Status, 'Processing');
    const listed = await alice.send(new ListPhoneNumberOrdersCommand({}));
    const numbers = (listed.PhoneNumberOrders ?? []).map((o) => o.OrderedPhoneNumbers?.[0]?.E164PhoneNumber).sort();
    assert.deepEqual(numbers, ['+12065550101', '+12065550102'], 'the refused create stored nothing');
  });

  it('answers every create while another process holds the lock, and creates once it has let go', async () => {
    const holder = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}); db.exec('BEGIN EXCLUSIVE'); console.log('locked');
        setTimeout(() => { db.exec('COMMIT'); db.close(); }, 1500);`],
      { cwd: join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before locking`)));
    });
    const outcomes = await Promise.all(
      ['+12065550103', '+12065550104', '+12065550105'].map((e164) =>
        order(alice, e164).then(
          (created) => created.PhoneNumberOrder?.Status ?? 'no order',
          (error: unknown) => (error instanceof ChimeServiceException ? `${error.$metadata.httpStatusCode} ${error.name}` : String(error)),
        ),
      ),
    );
    for (const outcome of outcomes) assert.match(outcome, /^(Processing|503 ServiceUnavailableException)$/);
    await exited;
    const after = await order(alice, '+12065550106');
    assert.equal(after.PhoneNumberOrder?.Status, 'Processing');
  });
});
