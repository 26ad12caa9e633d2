/**
 * The owned-number lifecycle every `Storage` adapter must show (listing, conditional transitions, the sweeps, the
 * settings guard), whatever the database. Dialect-free: each case uses fresh account ids and numbers, so it also
 * runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OwnedNumber } from '../../src/domain/phone-numbers/phone-number.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 1, 2, 3, 4, 5, 678);
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));
/** Ten numbers in a block of their own, so that parallel cases on one database never share a number. */
const block = (): string[] => {
  const base = randomInt(2_000_000, 9_999_999) * 1000;
  return Array.from({ length: 10 }, (_, i) => `+1${base + i}`);
};
const UPDATABLE = ['Unassigned' as const, 'Assigned' as const];

async function own(storage: Storage, accountId: string, e164s: string[]): Promise<void> {
  await storage.bulk.insertOwnedNumbers(e164s.map((e164) => ({ e164, accountId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: at(0) })));
}

/** Declares the owned-number contract as node:test cases; `open` gives a ready storage that the contract closes. */
/** Every page of the account's records (`recordPages`), in the order given. */
async function recordPagesOf(storage: Storage, accountId: string): Promise<OwnedNumber[][]> {
  const pages: OwnedNumber[][] = [];
  for await (const page of storage.phoneNumbers.recordPages(accountId)) pages.push(page);
  return pages;
}

export function runPhoneNumberContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: owned-number contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('lists the active records and the newest failed attempt, by E.164, after a key, filtered, per account', async () => {
      const [a, b] = [account(), account()];
      const n = block();
      await own(storage, a, [n[3]!, n[1]!, n[2]!]);
      await own(storage, b, [n[5]!]);
      for (const orderId of ['o1', 'o2']) {
        await storage.phoneNumbers.reserve([{ e164: n[4]!, accountId: a, orderId: `${orderId}-${a}`, productType: 'SipMediaApplicationDialIn', type: 'Local', country: 'US', at: at(0) }]);
        await storage.phoneNumbers.settleAcquisitionsOf([{ orderId: `${orderId}-${a}`, e164: n[4]!, acquired: false }], at(1));
      }
      const list = async (options: Partial<Parameters<Storage['phoneNumbers']['listListed']>[1]> = {}) =>
        (await storage.phoneNumbers.listListed(a, { limit: 10, now: at(0), ...options })).map((r) => `${r.e164}:${r.status}`);
      assert.deepEqual(await list(), [`${n[1]}:Unassigned`, `${n[2]}:Unassigned`, `${n[3]}:Unassigned`, `${n[4]}:AcquireFailed`]);
      assert.deepEqual(await list({ after: n[2]!, limit: 1 }), [`${n[3]}:Unassigned`]);
      assert.deepEqual(await list({ status: 'AcquireFailed' }), [`${n[4]}:AcquireFailed`]);
      assert.deepEqual(await list({ productType: 'SipMediaApplicationDialIn' }), [`${n[4]}:AcquireFailed`]);
      assert.deepEqual(await list({ limit: 0 }), []);
      assert.equal((await storage.phoneNumbers.get(a, n[4]!))?.active, false);
      assert.deepEqual((await storage.phoneNumbers.listListed(b, { limit: 10, now: at(0) })).map((r) => r.e164), [n[5]]);
    });

    it("reads an account's every record for export by number, each number's oldest first, over several reads", async () => {
      const [a, b] = [account(), account()];
      // 2,100 numbers (reads are of 1,000 records): written from the last number to the first, so that neither the
      // order of writing nor that of the row ids is the order answered; every seventh has two released records
      // before its owned one, and the other account owns every tenth of them too.
      const base = randomInt(200_000, 999_999) * 10_000;
      const numbers = Array.from({ length: 2_100 }, (_, i) => `+1${base + i}`).reverse();
      const record = (accountId: string, e164: string, minute: number, active: boolean): OwnedNumber => ({
        e164,
        accountId,
        status: active ? 'Unassigned' : 'ReleaseInProgress',
        active,
        productType: 'VoiceConnector',
        type: 'Local',
        country: 'US',
        createdAt: at(minute * 60_000),
        updatedAt: at(minute * 60_000),
        ...(active ? {} : { releasedAt: at(minute * 60_000 + 1) }),
      });
      const mine = numbers.flatMap((e164, i) => (i % 7 === 0 ? [record(a, e164, 1, false), record(a, e164, 2, false), record(a, e164, 3, true)] : [record(a, e164, 3, true)]));
      const theirs = numbers.filter((_, i) => i % 10 === 0).map((e164) => record(b, e164, 0, false));
      await storage.phoneNumbers.insertRecords([...theirs, ...mine]);
      const expected = [...mine].sort((x, y) => (x.e164 < y.e164 ? -1 : x.e164 > y.e164 ? 1 : x.createdAt.getTime() - y.createdAt.getTime()));
      // A page at a time, as an export reads them: several pages, none empty, none over 1,000.
      const pages = await recordPagesOf(storage, a);
      assert.ok(pages.length >= 3, `${pages.length} pages`);
      for (const page of pages) assert.ok(page.length > 0 && page.length <= 1_000, `a page of ${page.length}`);
      const read = pages.flat();
      assert.equal(read.length, mine.length, "every record of the account, none of the other's");
      assert.deepEqual(
        read.map((r) => `${r.accountId} ${r.e164} ${r.createdAt.toISOString()} ${r.active}`),
        expected.map((r) => `${r.accountId} ${r.e164} ${r.createdAt.toISOString()} ${r.active}`),
      );
      assert.deepEqual(
        (await recordPagesOf(storage, b)).flat().map((r) => r.e164),
        theirs.map((r) => r.e164).sort(),
      );
      for await (const page of storage.phoneNumbers.recordPages(account())) assert.fail(`an account with no numbers gave a page of ${page.length}`);
    });

    it('changes only the active record in an allowed status; a pending calling name blocks another until due', async () => {
      const a = account();
      const [x] = block();
      await own(storage, a, [x!]);
      const pn = storage.phoneNumbers;
      assert.equal(await pn.changeProductType(account(), x!, { productType: 'BusinessCalling', from: UPDATABLE, at: at(1) }), false, 'other account');
      assert.equal(await pn.changeProductType(a, x!, { productType: 'BusinessCalling', from: ['Assigned'], at: at(1) }), false, 'status');
      assert.equal(await pn.changeProductType(a, x!, { productType: 'BusinessCalling', from: UPDATABLE, at: at(1) }), true);
      assert.equal(await pn.changeCallingName(a, x!, { callingName: 'Acme', from: UPDATABLE, at: at(2), dueAt: at(100) }), true);
      assert.equal(await pn.changeCallingName(a, x!, { callingName: 'Other', from: UPDATABLE, at: at(99), dueAt: at(200) }), false);
      const pending = await pn.get(a, x!);
      assert.deepEqual(
        [pending?.productType, pending?.callingName, pending?.callingNameStatus, pending?.callingNameDueAt, pending?.updatedAt],
        ['BusinessCalling', 'Acme', 'UpdateInProgress', at(100), at(2)],
      );
      assert.deepEqual(await pn.completeCallingNames(at(99), 100), []);
      assert.deepEqual(
        (await pn.completeCallingNames(at(100), 100)).map((r) => [r.e164, r.callingNameStatus, r.callingNameDueAt, r.updatedAt]),
        [[x, 'UpdateSucceeded', undefined, at(100)]],
        'answers the completed records as they now are',
      );
      const done = await pn.get(a, x!);
      assert.deepEqual([done?.callingNameStatus, done?.callingNameDueAt, done?.updatedAt], ['UpdateSucceeded', undefined, at(100)]);
      assert.equal(await pn.changeCallingName(a, x!, { callingName: '', from: UPDATABLE, at: at(101), dueAt: at(300) }), true);
      assert.equal((await pn.get(a, x!))?.callingName, '');
    });

    it('answers the active owner of each reserved number: those it took, those held before, one asked twice', async () => {
      const [a, b] = [account(), account()];
      const n = block();
      const pn = storage.phoneNumbers;
      const reservation = (e164: string, accountId: string, orderId: string) => ({ e164, accountId, orderId, productType: 'VoiceConnector' as const, type: 'Local' as const, country: 'US', at: at(0) });
      await own(storage, b, [n[0]!]);
      await pn.reserve([reservation(n[1]!, b, `held-${b}`)]);
      const owners = await pn.reserve([
        reservation(n[3]!, a, `first-${a}`),
        reservation(n[0]!, a, `first-${a}`),
        reservation(n[2]!, a, `first-${a}`),
        reservation(n[1]!, a, `first-${a}`),
        reservation(n[2]!, b, `second-${b}`),
      ]);
      assert.deepEqual(
        [...owners].sort(([x], [y]) => x.localeCompare(y)),
        [
          [n[0], { accountId: b }],
          [n[1], { accountId: b, orderId: `held-${b}` }],
          [n[2], { accountId: a, orderId: `first-${a}` }],
          [n[3], { accountId: a, orderId: `first-${a}` }],
        ],
      );
      assert.deepEqual([(await pn.get(a, n[2]!))?.status, (await pn.get(b, n[2]!))?.status], ['AcquireInProgress', undefined], 'one record of the number asked twice');
      const again = await pn.reserve([reservation(n[3]!, a, `first-${a}`), reservation(n[4]!, a, `first-${a}`)]);
      assert.deepEqual([again.get(n[3]!), again.get(n[4]!)], [{ accountId: a, orderId: `first-${a}` }, { accountId: a, orderId: `first-${a}` }], 'a retried reservation finds its own');
      assert.equal((await pn.listListed(a, { limit: 10, now: at(0) })).length, 3, 'no second record');
    });

    it('keeps the name a reservation gives; changes or clears it at once in an allowed status, per account', async () => {
      const a = account();
      const [x, y, z] = block();
      const pn = storage.phoneNumbers;
      const orderId = `named-${a}`;
      await pn.reserve([
        { e164: x!, accountId: a, orderId, productType: 'VoiceConnector', type: 'Local', country: 'US', name: 'Front desk', at: at(0) },
        { e164: y!, accountId: a, orderId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: at(0) },
      ]);
      await pn.settleAcquisitionsOf([{ orderId, e164: x!, acquired: true }, { orderId, e164: y!, acquired: true }], at(1));
      await own(storage, a, [z!]);
      const [named, unnamed] = [await pn.get(a, x!), await pn.get(a, y!)];
      assert.deepEqual([named?.name, named?.orderId, named?.status], ['Front desk', orderId, 'Unassigned']);
      assert.equal(Object.hasOwn(unnamed!, 'name'), false, 'no name key when none');
      assert.equal((await pn.get(a, z!))?.name, undefined, 'seeded numbers have none');
      assert.deepEqual((await pn.listListed(a, { limit: 10, now: at(1) })).map((r) => r.name ?? null), [x, y, z].sort().map((e) => (e === x ? 'Front desk' : null)));

      assert.equal(await pn.changeName(account(), x!, { name: 'Other', from: UPDATABLE, at: at(2) }), false, 'other account');
      assert.equal(await pn.changeName(a, x!, { name: 'Other', from: ['Assigned'], at: at(2) }), false, 'status');
      assert.equal(await pn.changeName(a, y!, { name: 'Lobby', from: UPDATABLE, at: at(3) }), true);
      assert.deepEqual([(await pn.get(a, y!))?.name, (await pn.get(a, y!))?.updatedAt], ['Lobby', at(3)]);
      assert.equal(await pn.changeName(a, x!, { name: undefined, from: UPDATABLE, at: at(4) }), true);
      assert.equal(Object.hasOwn((await pn.get(a, x!))!, 'name'), false, 'cleared');
    });

    it('lists only numbers of the given product types, the key after the last one kept', async () => {
      const a = account();
      const n = block();
      const productTypes = ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'] as const;
      await storage.bulk.insertOwnedNumbers(n.map((e164, i) => ({ e164, accountId: a, productType: productTypes[i % 3]!, type: 'Local', country: 'US', at: at(0) })));
      const kept = ['VoiceConnector', 'SipMediaApplicationDialIn'] as const;
      const visible = n.filter((_, i) => i % 3 !== 0);
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await storage.phoneNumbers.listListed(a, { limit: 3, now: at(0), productTypes: kept, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        if (seen.length + 3 <= visible.length) assert.equal(page.length, 3, 'a full page');
        seen.push(...page.map((r) => r.e164));
        after = page.at(-1)!.e164;
      }
      assert.deepEqual(seen, visible);
      assert.deepEqual(
        (await storage.phoneNumbers.listListed(a, { limit: 10, now: at(0), productTypes: kept, productType: 'BusinessCalling' })).length,
        0,
        'a filter for a product type outside the kept ones finds nothing',
      );
      assert.deepEqual(await storage.phoneNumbers.listListed(a, { limit: 10, now: at(0), productTypes: [] }), []);
      assert.equal((await storage.phoneNumbers.listListed(a, { limit: 10, now: at(0) })).length, 10);
    });

    it('queues, restores and releases: conditional, once, aging from the deletion time', async () => {
      const a = account();
      const [x, y] = block();
      await own(storage, a, [x!, y!]);
      const pn = storage.phoneNumbers;
      assert.equal(await pn.restore(a, x!, at(1)), false, 'not queued');
      assert.equal(await pn.queueDeletion(a, x!, { at: at(1), deletionAt: at(1000) }), true);
      assert.equal(await pn.queueDeletion(a, x!, { at: at(2), deletionAt: at(2000) }), false, 'already queued');
      assert.equal(await pn.queueDeletion(account(), y!, { at: at(1), deletionAt: at(1000) }), false, 'other account');
      assert.deepEqual((await pn.get(a, x!))?.deletionAt, at(1000));
      assert.deepEqual((await pn.listListed(a, { limit: 10, now: at(999), status: 'DeleteInProgress' })).map((r) => r.e164), [x]);
      assert.deepEqual((await pn.listListed(a, { limit: 10, now: at(1000) })).map((r) => r.e164), [y], 'due: no longer listed');
      assert.equal(await pn.restore(a, x!, at(1000)), false, 'too late to restore');
      assert.equal(await pn.restore(a, x!, at(999)), true);
      assert.equal((await pn.get(a, x!))?.deletionAt, undefined);

      await pn.queueDeletion(a, x!, { at: at(1001), deletionAt: at(5000) });
      assert.deepEqual(await pn.releaseDue(at(4999), 100), []);
      const released = await Promise.all([pn.releaseDue(at(6000), 100), pn.releaseDue(at(6000), 100)]);
      assert.deepEqual(
        released.flat().map((r) => [r.e164, r.active, r.releasedAt, r.deletionAt]),
        [[x, false, at(5000), undefined]],
        'released once, answered as released',
      );
      const record = await pn.get(a, x!);
      assert.deepEqual([record?.active, record?.releasedAt, record?.deletionAt], [false, at(5000), undefined]);
      assert.deepEqual(await pn.agingSince([x!, y!], at(4999)), new Set([x]));
      assert.deepEqual(await pn.agingSince([x!], at(5000)), new Set());
      const owners = await pn.reserve([{ e164: x!, accountId: a, orderId: `again-${a}`, productType: 'VoiceConnector', type: 'Local', country: 'US', at: at(7000) }]);
      assert.equal(owners.get(x!)?.orderId, `again-${a}`, 'a released number can be owned again');
    });

    it('finds the owned, aging and held numbers under any of 1 to 65 prefixes, each template size alike', async () => {
      const a = account();
      const n = block();
      const [owned, agingOut, aging, held, settled] = [n[0]!, n[1]!, n[2]!, n[3]!, n[4]!];
      await own(storage, a, [owned, agingOut, aging]);
      const pn = storage.phoneNumbers;
      for (const [e164, deletionAt] of [[agingOut, 1000], [aging, 5000]] as const) {
        await pn.queueDeletion(a, e164, { at: at(1), deletionAt: at(deletionAt) });
      }
      assert.equal((await pn.releaseDue(at(6000), 100)).length, 2);
      const order = (id: string, e164: string, status: 'Processing' | 'Successful') => ({
        id: `${id}-${a}`,
        accountId: a,
        productType: 'VoiceConnector' as const,
        status,
        numbers: [{ e164, status: status === 'Processing' ? ('Processing' as const) : ('Acquired' as const) }],
        createdAt: at(0),
        updatedAt: at(0),
      });
      await storage.orders.insert(order('held', held, 'Processing'));
      await storage.orders.insert(order('settled', settled, 'Successful'));
      const since = at(2000); // released at 1000: aged out; released at 5000: still aging
      const expected = new Set([owned, aging, held]);
      // Prefixes that select nothing pad each list; the block's own prefix sits at every position.
      const empty = (i: number) => `+1${String(1_000_000_000 + i).slice(0, 9)}0`;
      for (const count of [1, 2, 3, 5, 16, 17, 32, 33, 64, 65]) {
        for (const position of [0, count - 1]) {
          const prefixes = Array.from({ length: count }, (_, i) => (i === position ? owned.slice(0, -1) : empty(i)));
          assert.deepEqual(await pn.unavailableUnder(prefixes, since), expected, `${count} prefixes, the block's at ${position}`);
        }
      }
      assert.deepEqual(await pn.unavailableUnder([owned, aging, settled], since), new Set([owned, aging]), 'whole numbers as prefixes');
      assert.deepEqual(await pn.unavailableUnder([], since), new Set());
    });

    it('guards the default calling name: written when unchanged since the bound, per account', async () => {
      const [a, b] = [account(), account()];
      const s = storage.phoneNumberSettings;
      assert.equal(await s.get(a), undefined);
      assert.equal(await s.put(a, { callingName: 'First', at: at(10), unchangedSince: at(0) }), true);
      assert.equal(await s.put(a, { callingName: 'Second', at: at(20), unchangedSince: at(9) }), false);
      assert.deepEqual(await s.get(a), { callingName: 'First', callingNameUpdatedAt: at(10) });
      assert.equal(await s.put(a, { callingName: '', at: at(30), unchangedSince: at(10) }), true);
      assert.deepEqual(await s.get(a), { callingName: '', callingNameUpdatedAt: at(30) });
      assert.equal(await s.get(b), undefined);
    });

    it('keeps each account\'s global settings whole: written over, a bucket left out unset', async () => {
      const [a, b] = [account(), account()];
      const g = storage.globalSettings;
      assert.equal(await g.get(a), undefined);
      await g.put(a, { voiceConnectorCdrBucket: 'trunks', businessCallingCdrBucket: 'calls', updatedAt: at(10) });
      assert.deepEqual(await g.get(a), { voiceConnectorCdrBucket: 'trunks', businessCallingCdrBucket: 'calls', updatedAt: at(10) });
      await g.put(a, { businessCallingCdrBucket: 'calls-2', updatedAt: at(20) });
      assert.deepEqual(await g.get(a), { businessCallingCdrBucket: 'calls-2', updatedAt: at(20) });
      assert.equal(await g.get(b), undefined);
    });

    it('answers the default calling names of the accounts that have one; a settlement gives one to the numbers it names', async () => {
      const [a, b, c] = [account(), account(), account()];
      const s = storage.phoneNumberSettings;
      await s.put(a, { callingName: 'Acme Corp', at: at(0), unchangedSince: at(0) });
      await s.put(b, { callingName: '', at: at(0), unchangedSince: at(0) });
      assert.deepEqual(await s.defaultCallingNames([a, b, c, a]), new Map([[a, 'Acme Corp']]), 'none for a cleared default or none set');
      assert.deepEqual(await s.defaultCallingNames([]), new Map());

      const [x, y, z, w] = block();
      const pn = storage.phoneNumbers;
      const reservation = (e164: string, orderId: string) => ({ e164, accountId: a, orderId, productType: 'VoiceConnector' as const, type: 'Local' as const, country: 'US', at: at(0) });
      await pn.reserve([reservation(x!, `one-${a}`), reservation(y!, `one-${a}`), reservation(z!, `two-${a}`), reservation(w!, `two-${a}`)]);
      const callingName = { name: 'Acme Corp', dueAt: at(60_000) };
      await pn.settleAcquisitionsOf(
        [
          { orderId: `one-${a}`, e164: x!, acquired: true, callingName },
          { orderId: `one-${a}`, e164: y!, acquired: true },
          { orderId: `two-${a}`, e164: z!, acquired: true, callingName: { name: 'Other', dueAt: at(30_000) } },
          { orderId: `two-${a}`, e164: w!, acquired: false, callingName },
        ],
        at(5),
      );
      const [rx, ry, rz, rw] = await Promise.all([x!, y!, z!, w!].map((e164) => pn.get(a, e164)));
      assert.deepEqual([rx?.status, rx?.callingName, rx?.callingNameStatus, rx?.callingNameDueAt, rx?.updatedAt], ['Unassigned', 'Acme Corp', 'UpdateInProgress', at(60_000), at(5)]);
      assert.deepEqual([ry?.status, ry?.callingName, ry?.callingNameStatus], ['Unassigned', undefined, undefined]);
      assert.deepEqual([rz?.callingName, rz?.callingNameDueAt], ['Other', at(30_000)]);
      assert.deepEqual([rw?.status, rw?.callingName], ['AcquireFailed', undefined], 'a failed attempt takes none');
      assert.deepEqual(
        (await pn.completeCallingNames(at(60_000), 100))
          .filter((r) => r.accountId === a)
          .map((r) => [r.e164, r.callingNameStatus])
          .sort(([p], [q]) => (p! < q! ? -1 : 1)),
        [x, z].sort().map((e164) => [e164, 'UpdateSucceeded']),
        'the sweep completes them like any calling-name update (in no promised order)',
      );
    });
  });
}
