/**
 * A graceful stop that cannot finish: `shutdownTimeoutMs` cuts the requests still in flight, the carrier calls in
 * flight are cancelled and their jobs given back, the process exits 0, and the next start fulfils those orders.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import { holdRequest } from '../support/held-request.ts';
import { waitForTerminal } from '../support/orders.ts';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { ALICE, chimeClient, freshDataDir, writeAccountsConfig } from '../support/server.ts';

// The bundle that `npm start` and the package run: it starts in a fraction of the CPU time of bin/dialtone.js.
after(() => removeDialtoneBundle());

const SHUTDOWN_TIMEOUT_MS = 1_500;

describe('shutdown after shutdownTimeoutMs', () => {
  const running = new Set<DialtoneProcess>();
  after(() => {
    for (const p of running) p.child.kill('SIGKILL');
  });

  it('cuts a request still in flight, gives back the jobs of cancelled carrier calls, and the next start fulfils them', async () => {
    const dataDir = freshDataDir();
    // A carrier that never answers within the test: every claimed job waits on it until the stop cancels the call.
    const frozen = writeAccountsConfig(dataDir, { carrier: { latencyMs: 600_000 }, fulfilment: { idleMs: 20 }, shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS });
    const proc = await startDialtone({ DATA_DIR: dataDir, DIALTONE_CONFIG: frozen, LOG_LEVEL: 'warn' }, 20_000, await dialtoneBundle());
    running.add(proc);
    const client = chimeClient(proc, ALICE);
    const ids: string[] = [];
    for (const number of ['+12065550100', '+12065550101', '+12065550102']) {
      const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [number] }));
      ids.push(created.PhoneNumberOrder!.PhoneNumberOrderId!);
    }
    client.destroy();
    const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
    const jobs = (): { leased: number; free: number } =>
      db.prepare(`select count(*) filter (where lease_owner like ?) leased, count(*) filter (where lease_owner is null) free from jobs`).get(`%:${proc.child.pid}:%`) as { leased: number; free: number };
    try {
      const deadline = Date.now() + 20_000;
      while (jobs().leased < 3) {
        if (Date.now() > deadline) assert.fail(`the worker did not claim the three jobs: ${JSON.stringify(jobs())}`);
        await sleep(20);
      }
      // A request in flight that will never complete: headers and half its body.
      const held = await holdRequest(proc.url, {
        method: 'POST',
        target: '/phone-number-orders',
        body: JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550103'] }),
        credentials: ALICE,
      });
      proc.child.kill('SIGTERM');
      await sleep(SHUTDOWN_TIMEOUT_MS / 3);
      assert.equal(held.closed(), false, 'not cut before shutdownTimeoutMs');
      const answer = await held.answer(30_000);
      assert.equal(answer.error === undefined || !answer.error.startsWith('still open'), true, 'cut once shutdownTimeoutMs ran out');
      assert.equal(answer.status, 0, `cut without an answer, got ${answer.status} ${answer.body}`);
      const exit = await proc.exited;
      running.delete(proc);
      assert.deepEqual(exit, { code: 0, signal: null }, proc.output());
      assert.deepEqual(jobs(), { leased: 0, free: 3 }, 'the jobs were given back');
      const processing = db.prepare(`select count(*) n from orders where status = 'Processing'`).get() as { n: number };
      assert.equal(processing.n, 3, 'and their orders wait');
      const all = db.prepare('select count(*) n from orders').get() as { n: number };
      assert.equal(all.n, 3, 'the cut request created nothing');
    } finally {
      db.close();
    }

    const fast = writeAccountsConfig(freshDataDir(), { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 20 } });
    const again = await startDialtone({ DATA_DIR: dataDir, DIALTONE_CONFIG: fast, LOG_LEVEL: 'warn' }, 20_000, await dialtoneBundle());
    running.add(again);
    const check = chimeClient(again, ALICE);
    for (const id of ids) assert.equal((await waitForTerminal(check, id, 30_000)).Status, 'Successful');
    check.destroy();
    again.child.kill('SIGTERM');
    assert.equal((await again.exited).code, 0);
    running.delete(again);
  });
});
