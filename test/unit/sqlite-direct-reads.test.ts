/**
 * The hot reads (an order, a number, a page) go straight to better-sqlite3 while no transaction is open on the
 * connection (src/storage/kysely/query-template.ts, `readDirectly`). They must answer what kysely's path answers, and
 * a read made while a transaction is open must never see that transaction's uncommitted rows: it waits for the
 * transaction through kysely and sees its outcome.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Order } from '../../src/domain/orders/order.ts';
import { openSqliteStorage } from '../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';

const ACCOUNT = '123456789012';

function order(e164: string, at: number): Order {
  return {
    id: randomUUID(),
    accountId: ACCOUNT,
    productType: 'VoiceConnector',
    status: 'Processing',
    numbers: [{ e164, status: 'Processing' }],
    createdAt: new Date(at),
    updatedAt: new Date(at),
  };
}

describe('SQLite reads outside kysely', () => {
  let storage: Storage;
  before(async () => {
    storage = await openSqliteStorage({ file: ':memory:' });
  });
  after(() => storage.close());

  it('answers what a read inside a transaction answers (the same order, the same page)', async () => {
    const written = [order('+12065550100', 1_000), order('+12065550101', 2_000), order('+12065550102', 3_000)];
    for (const o of written) await storage.orders.insert(o);
    const direct = await storage.orders.get(ACCOUNT, written[1]!.id);
    const page = await storage.orders.list(ACCOUNT, { limit: 2 });
    // Inside a transaction the templates are built anew and run through kysely.
    const [viaKysely, pageViaKysely] = await storage.transaction(async (repos) => [
      await repos.orders.get(ACCOUNT, written[1]!.id),
      await repos.orders.list(ACCOUNT, { limit: 2 }),
    ]);
    assert.deepEqual(direct, written[1]);
    assert.deepEqual(direct, viaKysely);
    assert.deepEqual(page.map((o) => o.id), written.slice(0, 2).map((o) => o.id));
    assert.deepEqual(page, pageViaKysely);
    assert.equal(await storage.orders.get(ACCOUNT, randomUUID()), undefined);
  });

  it('answers each of the reads asked in one turn (run together) with its own rows', async () => {
    const written = [order('+12065550130', 30_000), order('+12065550131', 31_000)];
    for (const o of written) await storage.orders.insert(o);
    const [first, unknown, second, page] = await Promise.all([
      storage.orders.get(ACCOUNT, written[0]!.id),
      storage.orders.get(ACCOUNT, randomUUID()),
      storage.orders.get(ACCOUNT, written[1]!.id),
      storage.orders.list(ACCOUNT, { limit: 50 }),
    ]);
    assert.deepEqual([first, unknown, second], [written[0], undefined, written[1]]);
    assert.deepEqual(page.slice(-2), written);
  });

  /**
   * Inserts `o` in a transaction held open until `end` is called: the transaction commits, or rolls back when `end`
   * is given `fail`. Resolves once the row is written (still uncommitted).
   */
  async function holdOpen(o: Order): Promise<{ end(fail?: boolean): void; done: Promise<void> }> {
    let inserted!: () => void;
    const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
    let end!: (fail?: boolean) => void;
    const ending = new Promise<boolean | undefined>((resolve) => (end = resolve));
    const done = storage.transaction(async (repos) => {
      await repos.orders.insert(o);
      inserted();
      if (await ending) throw new Error('abandoned');
    });
    await insertedOnce;
    return { end, done };
  }

  it('never sees the rows of a transaction still open, and sees them once it commits', async () => {
    const pending = order('+12065550110', 10_000);
    const held = await holdOpen(pending);
    let read: Order | undefined | 'not yet' = 'not yet';
    const reading = storage.orders.get(ACCOUNT, pending.id).then((o) => (read = o));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const during = read;
    held.end();
    await held.done;
    assert.equal(during, 'not yet', 'a read made during the transaction is answered only after it ends');
    await reading;
    assert.deepEqual(read, pending);
  });

  it('never sees the rows of a transaction that rolls back', async () => {
    const doomed = order('+12065550120', 20_000);
    const held = await holdOpen(doomed);
    const reading = storage.orders.get(ACCOUNT, doomed.id);
    held.end(true);
    await assert.rejects(held.done, /abandoned/);
    assert.equal(await reading, undefined);
    assert.equal(await storage.orders.get(ACCOUNT, doomed.id), undefined);
  });
});
