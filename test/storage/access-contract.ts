/**
 * Accounts, access keys (0004) and quota usage counts as every `Storage` adapter must keep them, whatever the
 * database. Dialect-free: each case uses fresh account and key ids, so it also runs on a shared database. Key ids mix
 * upper and lower case on purpose: listings are in byte order (as SQLite compares text), whatever the collation.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { StoredAccessKey } from '../../src/domain/ports/access.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 2, 3, 4, 5, 6, 789);
const at = (ms: number): Date => new Date(T0 + ms);
const accountId = (): string => String(randomInt(1e11, 1e12 - 1));
const keyId = (prefix: string): string => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}`;

function key(account: string, accessKeyId: string, overrides: Partial<StoredAccessKey> = {}): StoredAccessKey {
  return { accessKeyId, accountId: account, secretCiphertext: `v1:${accessKeyId}`, enabled: true, deny: [], createdAt: at(0), updatedAt: at(0), ...overrides };
}

/** Declares the access contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runAccessContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: access and usage contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('stores accounts once, with their limits, and suspends and lists them by id', async () => {
      const [a, b] = [accountId(), accountId()].sort();
      const access = storage.access;
      assert.equal(await access.insertAccount({ accountId: b!, enabled: true, createdAt: at(0), updatedAt: at(0) }), true);
      assert.equal(await access.insertAccount({ accountId: a!, enabled: true, limits: { maxNumbersPerOrder: 5 }, createdAt: at(1), updatedAt: at(1) }), true);
      assert.equal(await access.insertAccount({ accountId: a!, enabled: false, createdAt: at(2), updatedAt: at(2) }), false, 'exists');
      assert.deepEqual(await access.getAccount(a!), { accountId: a, enabled: true, limits: { maxNumbersPerOrder: 5 }, createdAt: at(1), updatedAt: at(1) });
      assert.equal(await access.setAccountEnabled(b!, false, at(5)), true);
      assert.equal(await access.setAccountEnabled(accountId(), false, at(5)), false, 'unknown');
      assert.deepEqual(await access.getAccount(b!), { accountId: b, enabled: false, createdAt: at(0), updatedAt: at(5) });
      const listed = (await access.listAccounts()).filter((x) => x.accountId === a || x.accountId === b).map((x) => x.accountId);
      assert.deepEqual(listed, [a, b]);
      assert.equal(await access.getAccount(accountId()), undefined);
    });

    it('stores keys once, lists an account’s keys in byte order, rotates, disables and deletes them', async () => {
      const account = accountId();
      const access = storage.access;
      const upper = keyId('AKIDZ');
      const lower = keyId('AKIDb');
      const first = key(account, lower, { allow: ['chime:Get*'], deny: ['chime:DeletePhoneNumber'] });
      assert.equal(await access.insertKey(first), true);
      assert.equal(await access.insertKey(key(account, upper)), true);
      assert.equal(await access.insertKey(key(accountId(), upper)), false, 'key ids are unique across accounts');
      assert.deepEqual(await access.getKey(lower), first);
      assert.deepEqual((await access.listKeys(account)).map((k) => k.accessKeyId), [upper, lower], "'Z' sorts before 'b' bytewise");
      assert.ok((await access.listKeys()).some((k) => k.accessKeyId === upper));

      assert.equal(await access.rotateKey(upper, { secretCiphertext: 'v1:new', previousSecretCiphertext: `v1:${upper}`, previousValidUntil: at(60_000), at: at(10) }), true);
      const rotated = await access.getKey(upper);
      assert.deepEqual(
        [rotated?.secretCiphertext, rotated?.previousSecretCiphertext, rotated?.previousValidUntil, rotated?.updatedAt],
        ['v1:new', `v1:${upper}`, at(60_000), at(10)],
      );
      assert.equal(await access.rotateKey(upper, { secretCiphertext: 'v1:newer', at: at(20) }), true);
      assert.equal((await access.getKey(upper))?.previousSecretCiphertext, undefined, 'a rotation without grace drops the former secret');
      assert.equal(await access.setKeyEnabled(upper, false, at(30)), true);
      assert.equal((await access.getKey(upper))?.enabled, false);
      assert.equal(await access.deleteKey(upper), true);
      assert.equal(await access.deleteKey(upper), false);
      assert.equal(await access.getKey(upper), undefined);
      assert.equal(await access.rotateKey(upper, { secretCiphertext: 'x', at: at(40) }), false);
    });

    it('keeps owned numbers, numbers on order and orders in Processing, equal to a recount', async () => {
      const account = accountId();
      const base = randomInt(2_000_000, 9_999_999) * 1000;
      const e164 = (i: number): string => `+1${base + i}`;
      await storage.bulk.insertOwnedNumbers([0, 1, 2].map((i) => ({ e164: e164(i), accountId: account, productType: 'VoiceConnector', type: 'Local', country: 'US', at: at(0) })));
      for (const [i, status] of [[5, 'Processing'], [7, 'Successful']] as const) {
        await storage.orders.insert({
          id: randomUUID(),
          accountId: account,
          productType: 'VoiceConnector',
          status,
          numbers: [{ e164: e164(i), status: status === 'Processing' ? 'Processing' : 'Acquired' }, { e164: e164(i + 1), status: status === 'Processing' ? 'Processing' : 'Acquired' }],
          createdAt: at(i),
          updatedAt: at(i),
        });
      }
      const expected = { ownedNumbers: 3, numbersOnOrder: 2, processingOrders: 1 };
      assert.deepEqual(await storage.usage.usageOf(account), expected);
      assert.deepEqual(await storage.usage.recount(account), expected);
      assert.deepEqual(await storage.transaction((repos) => repos.usage.usageOf(account)), expected, 'the same inside a transaction');
      assert.deepEqual(await storage.usage.usageOf(accountId()), { ownedNumbers: 0, numbersOnOrder: 0, processingOrders: 0 });
      assert.deepEqual(await storage.usage.recount(accountId()), { ownedNumbers: 0, numbersOnOrder: 0, processingOrders: 0 });
    });

    it('keeps the owned-number count right through acquisition, failure and release', async () => {
      const account = accountId();
      const base = randomInt(2_000_000, 9_999_999) * 1000;
      const e164 = (i: number): string => `+1${base + i}`;
      const orderId = randomUUID();
      const owned = async (): Promise<number> => (await storage.usage.usageOf(account)).ownedNumbers;
      await storage.transaction((repos) =>
        repos.phoneNumbers.reserve([0, 1, 2].map((i) => ({ e164: e164(i), accountId: account, orderId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: at(0) }))),
      );
      assert.equal(await owned(), 0, 'numbers being acquired are not owned yet');
      await storage.phoneNumbers.settleAcquisitionsOf([{ orderId, e164: e164(0), acquired: true }, { orderId, e164: e164(1), acquired: true }, { orderId, e164: e164(2), acquired: false }], at(1));
      assert.equal(await owned(), 2, 'acquired numbers count, a failed one does not');
      await storage.bulk.insertOwnedNumbers([{ e164: e164(5), accountId: account, productType: 'VoiceConnector', type: 'Local', country: 'US', at: at(2) }]);
      assert.equal(await owned(), 3);
      assert.equal(await storage.phoneNumbers.queueDeletion(account, e164(0), { at: at(3), deletionAt: at(4) }), true);
      assert.equal(await owned(), 3, 'a number in the deletion queue is still owned');
      assert.ok((await storage.phoneNumbers.releaseDue(at(5), 100)).length >= 1);
      assert.equal(await owned(), 2, 'a released number no longer counts');
    });
  });
}
