/**
 * Behaviour every `Storage` adapter must show, whatever the database. Dialect-free on purpose:
 * each case uses fresh account ids, order ids and meta names, so it also runs on a shared database.
 * Ids are lowercase hex so that (createdAt, id) order is the same under any text collation.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Order, OrderedNumber } from '../../src/domain/orders/order.ts';
import type { OrderCursor } from '../../src/domain/ports/orders.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { jobQueueCases } from './job-queue-contract.ts';
import { orderHousekeepingCases } from './order-housekeeping-contract.ts';

/** What an adapter's test hands the contract. `reopen` closes `storage` and opens the same data anew. */
export interface StorageUnderTest {
  storage: Storage;
  reopen?: () => Promise<Storage>;
}

const hexId = (): string => randomUUID().replaceAll('-', '');
const BASE_MS = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function makeOrder(accountId: string, overrides: Partial<Order> = {}): Order {
  return {
    id: hexId(),
    accountId,
    productType: 'VoiceConnector',
    status: 'Partial',
    numbers: [
      { e164: '+14155550103', status: 'Acquired' },
      { e164: '+14155550101', status: 'Failed', failureReason: 'not-available' },
      { e164: '+14155550102', status: 'Processing' },
    ],
    createdAt: new Date(BASE_MS),
    updatedAt: new Date(BASE_MS + 1500),
    ...overrides,
  };
}

const byCreatedThenId = (a: Order, b: Order): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Declares the storage contract as node:test cases under `describe(name)`.
 * @param name label of the adapter under test.
 * @param open gives a ready storage for one case; the contract closes it afterwards.
 */
export function runStorageContract(name: string, open: () => Promise<StorageUnderTest>): void {
  describe(`${name}: storage contract`, () => {
    let subject: StorageUnderTest;
    let current: Storage | undefined;

    beforeEach(async () => {
      subject = await open();
      current = subject.storage;
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const storage = (): Storage => {
      assert.ok(current, 'storage is open');
      return current;
    };

    it('answers ping', () => storage().ping());

    jobQueueCases(storage);

    orderHousekeepingCases(storage);

    it('round-trips an order with all fields, Dates and number order', async () => {
      const order = makeOrder(hexId());
      await storage().orders.insert(order);
      const got = await storage().orders.get(order.accountId, order.id);
      assert.deepEqual(got, order);
      assert.ok(got?.createdAt instanceof Date && got.updatedAt instanceof Date);
      assert.equal(got.createdAt.getTime(), BASE_MS);
      assert.equal(Object.hasOwn(got.numbers[0] ?? {}, 'failureReason'), false, 'no failureReason key when none');
    });

    it('round-trips an order with hundreds of numbers in order', async () => {
      const numbers: OrderedNumber[] = Array.from({ length: 450 }, (_, i) => ({
        e164: `+1415555${String(9999 - i).padStart(4, '0')}`,
        status: i % 3 === 0 ? 'Failed' : 'Acquired',
        ...(i % 3 === 0 ? { failureReason: `reason-${i}` } : {}),
      }));
      const order = makeOrder(hexId(), { numbers, status: 'Partial' });
      await storage().orders.insert(order);
      assert.deepEqual(await storage().orders.get(order.accountId, order.id), order);
    });

    it('stores many orders at once as one by one: each reads back alike (hundreds of numbers in order, none, a name); a taken id refuses the whole call in its transaction', async () => {
      const accountId = hexId();
      const many: OrderedNumber[] = Array.from({ length: 450 }, (_, i) => ({ e164: `+1415556${String(i).padStart(4, '0')}`, status: 'Acquired' }));
      const orders = [
        ...Array.from({ length: 300 }, (_, i) => makeOrder(accountId, { createdAt: new Date(BASE_MS + i), numbers: [{ e164: `+1415557${String(i).padStart(4, '0')}`, status: 'Processing' }], status: 'Processing' })),
        makeOrder(accountId, { numbers: many }),
        makeOrder(accountId, { numbers: [], name: 'empty', status: 'Failed' }),
      ];
      await storage().transaction((repos) => repos.orders.insertAll(orders));
      for (const order of orders) assert.deepEqual(await storage().orders.get(accountId, order.id), order);
      await storage().transaction((repos) => repos.orders.insertAll([]));

      const fresh = makeOrder(accountId);
      await assert.rejects(storage().transaction((repos) => repos.orders.insertAll([fresh, { ...orders[5]!, numbers: [] }])));
      assert.equal(await storage().orders.get(accountId, fresh.id), undefined, 'nothing of the call kept');
      assert.deepEqual(await storage().orders.get(accountId, orders[5]!.id), orders[5]);
    });

    it('hides an order from other accounts and unknown ids', async () => {
      const order = makeOrder(hexId());
      await storage().orders.insert(order);
      assert.equal(await storage().orders.get(hexId(), order.id), undefined);
      assert.equal(await storage().orders.get(order.accountId, hexId()), undefined);
    });

    it('answers gets asked together as it answers each alone: per account, unknown ids none, objects of their own', async () => {
      const [a, b] = [hexId(), hexId()];
      const [a1, a2, b1] = [makeOrder(a), makeOrder(a, { numbers: [] }), makeOrder(b)];
      for (const order of [a1, a2, b1]) await storage().orders.insert(order);
      const keys: [string, string][] = [[a, a1.id], [a, a2.id], [b, b1.id], [a, b1.id], [b, a1.id], [a, hexId()], [a, a1.id]];
      const together = await Promise.all(keys.map(([accountId, id]) => storage().orders.get(accountId, id)));
      assert.deepEqual(together, [a1, a2, b1, undefined, undefined, undefined, a1]);
      assert.notEqual(together[6], together[0], 'each get has an order of its own');
      together[0]!.numbers.length = 0;
      assert.deepEqual(together[6], a1);
    });

    it('rejects a second order with the same id and keeps the first intact', async () => {
      const order = makeOrder(hexId());
      await storage().orders.insert(order);
      await assert.rejects(storage().orders.insert({ ...order, status: 'Failed', numbers: [] }));
      assert.deepEqual(await storage().orders.get(order.accountId, order.id), order);
    });

    it('lists by (createdAt, id) with keyset paging: no repeats, no gaps, own account only', async () => {
      const account = hexId();
      const other = hexId();
      const numbersFor = (i: number): OrderedNumber[] =>
        Array.from({ length: i % 4 }, (_, n) => ({ e164: `+1206555${1000 + i * 10 + n}`, status: 'Acquired' }));
      const mine = Array.from({ length: 25 }, (_, i) =>
        makeOrder(account, { createdAt: new Date(BASE_MS + Math.floor(i / 4) * 1000), numbers: numbersFor(i) }), // ties by 4
      );
      const theirs = Array.from({ length: 6 }, () => makeOrder(other));
      for (const order of [...mine, ...theirs].sort(() => Math.random() - 0.5)) await storage().orders.insert(order);
      const expected = [...mine].sort(byCreatedThenId);

      const seen: Order[] = [];
      let after: OrderCursor | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await storage().orders.list(account, { limit: 7, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        assert.ok(page.length <= 7);
        seen.push(...page);
        const last = page.at(-1)!;
        after = { createdAt: last.createdAt, id: last.id };
      }
      assert.deepEqual(seen, expected);
      assert.equal(new Set(seen.map((o) => o.id)).size, 25);

      const fromMiddle = await storage().orders.list(account, {
        after: { createdAt: new Date(BASE_MS + 2000), id: '' },
        limit: 100,
      });
      assert.deepEqual(fromMiddle, expected.slice(8), 'cursor need not name an existing order');
      assert.deepEqual(await storage().orders.list(account, { limit: 0 }), []);
      assert.deepEqual(await storage().orders.list(hexId(), { limit: 10 }), []);
      assert.deepEqual(await storage().orders.list(other, { limit: 100 }), [...theirs].sort(byCreatedThenId));
    });

    it('round-trips an order name; an order without one reads back without the key', async () => {
      const account = hexId();
      const named = makeOrder(account, { name: 'Seattle office, 2nd floor' });
      const plain = makeOrder(account, { createdAt: new Date(BASE_MS + 1) });
      await storage().orders.insert(named);
      await storage().orders.insert(plain);
      assert.deepEqual(await storage().orders.get(account, named.id), named);
      assert.equal(Object.hasOwn((await storage().orders.get(account, plain.id))!, 'name'), false);
      assert.deepEqual(await storage().orders.list(account, { limit: 10 }), [named, plain]);
      const many = await storage().orders.getMany([named, plain].map((o) => ({ accountId: account, orderId: o.id })));
      assert.deepEqual(many.sort(byCreatedThenId), [named, plain]);
    });

    it('lists only orders of the given product types, pages still full, the cursor after the last one kept', async () => {
      const account = hexId();
      const productTypes = ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'] as const;
      const orders = Array.from({ length: 12 }, (_, i) =>
        makeOrder(account, { productType: productTypes[i % 3]!, createdAt: new Date(BASE_MS + i * 1000), numbers: [] }),
      );
      for (const order of orders) await storage().orders.insert(order);
      const voice = orders.filter((o) => o.productType !== 'BusinessCalling');
      const kept = ['VoiceConnector', 'SipMediaApplicationDialIn'] as const;

      const seen: Order[] = [];
      let after: OrderCursor | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await storage().orders.list(account, { limit: 3, productTypes: kept, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        if (seen.length + 3 <= voice.length) assert.equal(page.length, 3, 'a full page although business calling orders lie between');
        seen.push(...page);
        after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
      }
      assert.deepEqual(seen, voice);
      assert.deepEqual(await storage().orders.list(account, { limit: 10, productTypes: ['BusinessCalling'] }), orders.filter((o) => o.productType === 'BusinessCalling'));
      assert.deepEqual(await storage().orders.list(account, { limit: 10, productTypes: [] }), [], 'no product type known: nothing');
      assert.deepEqual(await storage().orders.list(account, { limit: 100 }), orders, 'no restriction: everything');
      const inTransaction = await storage().transaction((repos) => repos.orders.list(account, { limit: 2, productTypes: ['SipMediaApplicationDialIn'] }));
      assert.deepEqual(inTransaction, orders.filter((o) => o.productType === 'SipMediaApplicationDialIn').slice(0, 2));
    });

    it('rolls back every write when the work throws', async () => {
      const order = makeOrder(hexId());
      const metaName = `contract-${hexId()}`;
      const boom = new Error('boom');
      await assert.rejects(
        storage().transaction(async (repos) => {
          await repos.orders.insert(order);
          await repos.meta.getOrCreate(metaName, () => 'rolled-back');
          assert.deepEqual(await repos.orders.get(order.accountId, order.id), order, 'sees its own writes');
          throw boom;
        }),
        (error) => error === boom,
      );
      assert.equal(await storage().orders.get(order.accountId, order.id), undefined);
      assert.deepEqual(await storage().orders.list(order.accountId, { limit: 10 }), []);
      assert.equal(await storage().meta.getOrCreate(metaName, () => 'fresh'), 'fresh');
    });

    it('commits every write when the work succeeds and returns its result', async () => {
      const account = hexId();
      const first = makeOrder(account);
      const second = makeOrder(account, { createdAt: new Date(BASE_MS + 1) });
      const result = await storage().transaction(async (repos) => {
        await repos.orders.insert(first);
        await repos.orders.insert(second);
        return 'done';
      });
      assert.equal(result, 'done');
      assert.deepEqual(await storage().orders.list(account, { limit: 10 }), [first, second]);
    });

    it('meta getOrCreate stores once and never calls create again', async () => {
      const name = `contract-${hexId()}`;
      let calls = 0;
      const create = (): string => `value-${++calls}`;
      assert.equal(await storage().meta.getOrCreate(name, create), 'value-1');
      assert.equal(await storage().meta.getOrCreate(name, create), 'value-1');
      assert.equal(calls, 1);
    });

    it('meta getOrCreate gives concurrent callers one value', async () => {
      const name = `contract-${hexId()}`;
      const values = await Promise.all(
        Array.from({ length: 5 }, (_, i) => storage().meta.getOrCreate(name, () => `candidate-${i}`)),
      );
      assert.equal(new Set(values).size, 1);
    });

    it('meta increment adds every concurrent delta, from 0 when absent, past 2^32; read sees the sum', async () => {
      const name = `contract-${hexId()}`;
      assert.equal(await storage().meta.read(name), undefined);
      const big = 400 * 86_400_000 * 365; // a test clock moved by centuries: beyond 32 bits
      const sums = await Promise.all([1, 2, 3, 4, big].map((delta) => storage().meta.increment(name, delta)));
      assert.equal(Math.max(...sums), big + 10);
      assert.equal(new Set(sums).size, 5, 'each increment saw its own sum');
      assert.equal(await storage().meta.read(name), String(big + 10));
      assert.equal(await storage().transaction((repos) => repos.meta.increment(name, 0)), big + 10);
    });

    it('keeps orders and meta across a reopen', async (t) => {
      if (subject.reopen === undefined) {
        t.skip('adapter has no reopen');
        return;
      }
      const order = makeOrder(hexId());
      const name = `contract-${hexId()}`;
      await storage().orders.insert(order);
      const value = await storage().meta.getOrCreate(name, () => 'kept');
      current = undefined; // reopen closes it
      current = await subject.reopen();
      assert.deepEqual(await storage().orders.get(order.accountId, order.id), order);
      assert.equal(await storage().meta.getOrCreate(name, () => 'replaced'), value);
    });
  });
}
