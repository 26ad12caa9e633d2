/**
 * The test-mode clock survives a restart: its offset is kept in the database. A real dialtone process (SQLite) moves
 * its clock 5 days forward while a deleted number waits in the 7-day deletion queue, is killed with SIGKILL (nothing
 * written at shutdown), and is started again on the same data directory: the clock reads the same offset, the number's
 * DeletionTimestamp is still ahead of the clock by 2 days (not 7 again), and 2 more days release it. Before the offset
 * was kept, the restarted clock started at 0 and those 2 days did not release it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DeletePhoneNumberCommand, GetPhoneNumberCommand } from '@aws-sdk/client-chime';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { advanceClock, assertError, eventually, orderNumbers } from '../support/phone-numbers.ts';
import { ALICE, chimeClient, freshDataDir, writeAccountsConfig } from '../support/server.ts';

// The bundle that `npm start` and the package run: it starts in a fraction of the CPU time of bin/dialtone.js.
after(() => removeDialtoneBundle());

const DAY_MS = 86_400_000;
const running = new Set<DialtoneProcess>();
after(() => {
  for (const p of running) p.child.kill('SIGKILL');
});

async function readClock(proc: { url: string }): Promise<{ now: number; offsetMs: number }> {
  const res = await fetch(`${proc.url}/_dialtone/clock`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { now: string; offsetMs: number };
  return { now: Date.parse(body.now), offsetMs: body.offsetMs };
}

describe('the test clock across a restart', () => {
  it('keeps its offset through kill -9 and restart, so deletion-queue times do not jump back', async () => {
    const dataDir = freshDataDir();
    const env = {
      DATA_DIR: dataDir,
      DIALTONE_CLOCK_CONTROL: 'true',
      DIALTONE_CONFIG: writeAccountsConfig(dataDir, { carrier: { latencyMs: 0 }, phoneNumbers: { deletionQueueDays: 7, sweepIntervalMs: 50 } }),
    };
    const e164 = '+12065550142';
    let proc = await startDialtone(env, 20_000, await dialtoneBundle());
    running.add(proc);
    let alice = chimeClient(proc, ALICE);
    try {
      await orderNumbers(alice, 'VoiceConnector', [e164]);
      await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: e164 }));
      const queued = await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }));
      const deletionAt = queued.PhoneNumber!.DeletionTimestamp!.getTime();
      assert.equal(queued.PhoneNumber!.Status, 'DeleteInProgress');

      const offset = await advanceClock(proc, { advanceDays: 5 });
      assert.ok(offset >= 5 * DAY_MS && offset < 5 * DAY_MS + 1_000, `offset ${offset}`);

      proc.child.kill('SIGKILL');
      await proc.exited;
      running.delete(proc);
      alice.destroy();
      proc = await startDialtone(env, 20_000, await dialtoneBundle());
      running.add(proc);
      alice = chimeClient(proc, ALICE);

      const after = await readClock(proc);
      assert.equal(after.offsetMs, offset, 'the offset survived the restart');
      assert.ok(Math.abs(after.now - (Date.now() + offset)) < 5_000, 'the clock reads real time plus the offset');
      const still = await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 }));
      assert.equal(still.PhoneNumber!.Status, 'DeleteInProgress');
      assert.equal(still.PhoneNumber!.DeletionTimestamp!.getTime(), deletionAt);
      const left = deletionAt - after.now;
      assert.ok(left > 1.9 * DAY_MS && left <= 2 * DAY_MS, `deletion due in ${left / DAY_MS} days of the clock, not 7 again`);

      // Two more days: the number leaves the queue (released: NotFound for its former owner).
      await advanceClock(proc, { advanceDays: 2 });
      await eventually(() => assertError(alice.send(new GetPhoneNumberCommand({ PhoneNumberId: e164 })), 'NotFoundException', 404), 10_000);
      // And the clock moves forward only: a second restart keeps the sum of both advances.
      proc.child.kill('SIGKILL');
      await proc.exited;
      running.delete(proc);
      proc = await startDialtone(env, 20_000, await dialtoneBundle());
      running.add(proc);
      assert.equal((await readClock(proc)).offsetMs, offset + 2 * DAY_MS);
    } finally {
      alice.destroy();
      proc.child.kill('SIGKILL');
    }
  });
});
