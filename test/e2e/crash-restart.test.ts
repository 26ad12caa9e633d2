/**
 * Crash safety: a real dialtone process (the bundle that `npm start` runs) is killed with SIGKILL at random moments while orders are created and
 * fulfilled — each time while it holds a job's lease (shown by the job row naming its pid) — and restarted on the same
 * data directory, several times. Afterwards every order is terminal, every
 * acknowledged order exists, and the database is consistent: each acquired number has exactly one active owner row
 * (of the order that acquired it), failed numbers have none, and no job or reservation is left behind.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreatePhoneNumberOrderCommand, type ChimeClient } from '@aws-sdk/client-chime';
import { ALICE, BOB, chimeClient, freshDataDir, writeAccountsConfig } from '../support/server.ts';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { dialtoneBundle, removeDialtoneBundle } from '../support/bundle.ts';
import { waitForTerminal } from '../support/orders.ts';

const ROUNDS = 6;
const running = new Set<DialtoneProcess>();
after(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await Promise.all([...running].map((p) => p.exited));
  await removeDialtoneBundle();
});

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('kill -9 during fulfilment', () => {
  it(`leaves every order terminal and consistent after ${ROUNDS} random kills and restarts`, async () => {
    const dataDir = freshDataDir();
    const env = {
      DATA_DIR: dataDir,
      DIALTONE_CONFIG: writeAccountsConfig(dataDir, {
        // The worker holds a lease for about the carrier's latency: long enough that the kill below, sent as soon as a
        // lease shows, lands while it is held even on a loaded machine.
        carrier: { latencyMs: 250, failPrefixes: ['+1646555'] },
        fulfilment: { leaseMs: 1_000, batchSize: 7, idleMs: 20, maxInFlight: 3 },
      }),
    };
    const random = rng(20261127);
    const numbers = Array.from({ length: 80 }, (_, i) => (i % 10 === 9 ? `+1646555${1000 + i}` : `+1212555${2000 + i}`));
    const acknowledged = new Map<string, ChimeClient>();
    const clients: ChimeClient[] = [];
    let interrupted = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const proc = await startDialtone(env, 20_000, await dialtoneBundle());
      running.add(proc);
      const accounts = [ALICE, BOB].map((a) => chimeClient(proc, a));
      clients.push(...accounts);
      // Kill at a random moment after this round's first few acknowledged orders (bounded, whatever the load).
      const before = acknowledged.size;
      const giveUpAt = Date.now() + 15_000;
      let killAt = Infinity;
      const inFlight: Promise<void>[] = [];
      const order = (): void => {
        const picked = new Set<string>();
        while (picked.size < 3) picked.add(numbers[Math.floor(random() * numbers.length)]!);
        const client = accounts[Math.floor(random() * 2)]!;
        inFlight.push(
          client
            .send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [...picked] }))
            .then((r) => void acknowledged.set(r.PhoneNumberOrder!.PhoneNumberOrderId!, client))
            .catch(() => undefined),
        );
      };
      while (Date.now() < killAt && Date.now() < giveUpAt) {
        if (killAt === Infinity && acknowledged.size - before >= 4) killAt = Date.now() + random() * 500;
        order();
        await sleep(5 + random() * 25);
      }
      // Kill only while this process holds a lease (its worker is then between claim and settle, mostly waiting on
      // the carrier): the job row names the process in lease_owner (`host:pid:…`).
      const owner = `%:${proc.child.pid}:%`;
      const peek = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
      const leased = peek.prepare('select count(*) n from jobs where lease_owner like ?');
      const leaseDeadline = Date.now() + 15_000;
      for (let polls = 0; (leased.get(owner) as { n: number }).n === 0; polls++) {
        if (Date.now() > leaseDeadline) assert.fail(`round ${round}: the worker never held a lease`);
        if (polls % 10 === 9) order(); // keep work coming until a lease shows
        await sleep(2);
      }
      proc.child.kill('SIGKILL');
      await proc.exited;
      running.delete(proc);
      // The dead process can no longer change the table: a lease it still owns proves the kill landed while held.
      const held = (leased.get(owner) as { n: number }).n;
      peek.close();
      assert.ok(held > 0, `round ${round}: the kill landed after the lease was given up`);
      interrupted += held;
      await Promise.all(inFlight);
      for (const c of accounts) c.destroy();
    }

    assert.ok(interrupted >= ROUNDS, 'every kill landed while a job was leased');
    const final = await startDialtone(env, 20_000, await dialtoneBundle());
    running.add(final);
    const check = [ALICE, BOB].map((a) => chimeClient(final, a));
    assert.ok(acknowledged.size >= 4 * ROUNDS, `only ${acknowledged.size} orders were acknowledged`);
    for (const [id, oldClient] of acknowledged) {
      const client = check[clients.indexOf(oldClient) % 2]!;
      const order = await waitForTerminal(client, id, 20_000);
      assert.notEqual(order.Status, 'Processing');
    }
    for (const c of check) c.destroy();
    final.child.kill('SIGTERM');
    const exit = await final.exited;
    running.delete(final);
    assert.equal(exit.code, 0);

    const db = new Database(join(dataDir, 'dialtone.sqlite'), { readonly: true });
    try {
      const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
      assert.equal(count(`select count(*) n from orders where status = 'Processing'`), 0, 'every order terminal');
      assert.equal(count(`select count(*) n from order_numbers where status = 'Processing'`), 0, 'every number settled');
      assert.equal(count(`select count(*) n from jobs`), 0, 'no job left');
      assert.equal(count(`select count(*) n from phone_numbers where status = 'AcquireInProgress'`), 0, 'no reservation left');
      assert.equal(
        count(`select count(*) n from order_numbers o where o.status = 'Acquired' and (select count(*) from phone_numbers p
               where p.e164 = o.e164 and p.order_id = o.order_id and p.active = 1 and p.status = 'Unassigned') <> 1`),
        0,
        'each acquired number has exactly one active owner row, of its order',
      );
      assert.equal(
        count(`select count(*) n from order_numbers o where o.status = 'Failed' and exists (select 1 from phone_numbers p
               where p.e164 = o.e164 and p.order_id = o.order_id and p.active = 1)`),
        0,
        'failed numbers are not owned through their order',
      );
      assert.equal(count(`select count(*) n from (select e164 from order_numbers where status = 'Acquired' group by e164 having count(*) > 1)`), 0, 'no number acquired twice');
      assert.equal(count(`select count(*) n from order_numbers where status = 'Acquired' and e164 like '+1646555%'`), 0, 'refused prefix never acquired');
      const statuses = db.prepare(`select o.id, o.status, sum(n.status = 'Acquired') a, count(*) c from orders o join order_numbers n on n.order_id = o.id group by o.id`).all() as { status: string; a: number; c: number }[];
      for (const s of statuses) assert.equal(s.status, s.a === s.c ? 'Successful' : s.a === 0 ? 'Failed' : 'Partial');
      const ids = new Set((db.prepare('select id from orders').all() as { id: string }[]).map((r) => r.id));
      for (const id of acknowledged.keys()) assert.ok(ids.has(id), `acknowledged order ${id} lost`);
    } finally {
      db.close();
    }
  });
});
