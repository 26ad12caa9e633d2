/**
 * Voice profile domains as every `Storage` adapter must keep them, whatever the database: round trips (a description
 * and a token present or absent), keyset listing per account and region (or every region, for an export), partial
 * updates, tags, deletes and capped counts that stay within one account and region, the lookup by `ClientRequestToken`
 * and its uniqueness. Dialect-free: each case uses fresh account ids and random ids, so it also runs on a shared
 * database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { VoiceProfileDomain } from '../../src/domain/voice-profile-domains/voice-profile-domain.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 5, 7, 8, 9, 10, 456);
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));

function domain(accountId: string, overrides: Partial<VoiceProfileDomain> = {}): VoiceProfileDomain {
  return {
    id: randomUUID(),
    accountId,
    region: 'us-east-1',
    name: 'callers',
    kmsKeyArn: `arn:aws:kms:us-east-1:${accountId}:key/${randomUUID()}`,
    tags: [],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runVoiceProfileDomainContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: voice profile domain contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('round-trips a domain, within its account and region only; lists by creation then id, per region or all', async () => {
      const [a, b] = [account(), account()];
      const east = { accountId: a, region: 'us-east-1' };
      const repo = storage.voiceProfileDomains;
      const full = domain(a, { description: 'enrolled', clientRequestToken: 'tok-1', tags: [{ key: 'team', value: 'voice' }], updatedAt: at(5) });
      const bare = domain(a, { createdAt: at(-10), updatedAt: at(-10) });
      const twin = domain(a, { createdAt: at(-10), updatedAt: at(-10) });
      const west = domain(a, { region: 'us-west-2', createdAt: at(-20), updatedAt: at(-20) });
      for (const d of [full, bare, twin, west, domain(b)]) await repo.insert(d);
      assert.deepEqual(await repo.get(east, full.id), full);
      assert.deepEqual(await repo.get(east, bare.id), bare, 'no description, no token: absent, not null');
      assert.equal(await repo.get({ accountId: b, region: 'us-east-1' }, full.id), undefined, 'another account does not see it');
      assert.equal(await repo.get({ accountId: a, region: 'us-west-2' }, full.id), undefined, 'nor another region');

      const eastIds = [full, bare, twin].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1)).map((x) => x.id);
      assert.deepEqual((await repo.list(a, { region: 'us-east-1', limit: 10 })).map((x) => x.id), eastIds);
      assert.deepEqual((await repo.list(a, { limit: 10 })).map((x) => x.id), [west.id, ...eastIds], 'every region');
      const first = [full, bare, twin].find((x) => x.id === eastIds[0])!;
      assert.deepEqual((await repo.list(a, { region: 'us-east-1', after: { createdAt: first.createdAt, id: first.id }, limit: 10 })).map((x) => x.id), eastIds.slice(1));
      assert.deepEqual(await repo.list(a, { limit: 0 }), []);

      assert.equal(await repo.count(east, 10), 3);
      assert.equal(await repo.count(east, 1), 2, 'counted up to cap + 1');
      assert.equal(await repo.count({ accountId: a, region: 'us-west-2' }, 10), 1);
    });

    it('updates what is given, replaces tags, deletes, and finds a domain by its create token', async () => {
      const a = account();
      const east = { accountId: a, region: 'us-east-1' };
      const repo = storage.voiceProfileDomains;
      const d = domain(a, { description: 'first', clientRequestToken: 'tok-2' });
      await repo.insert(d);
      assert.deepEqual(await repo.update(east, d.id, { name: 'renamed', updatedAt: at(9) }), { ...d, name: 'renamed', updatedAt: at(9) });
      assert.deepEqual(await repo.update(east, d.id, { description: '', updatedAt: at(10) }), { ...d, name: 'renamed', description: '', updatedAt: at(10) });
      assert.equal(await repo.update({ accountId: a, region: 'eu-west-2' }, d.id, { name: 'x', updatedAt: at(11) }), undefined);

      const tags = [{ key: 'env', value: 'prod' }, { key: 'empty', value: '' }];
      assert.equal(await repo.setTags(east, d.id, tags), true);
      assert.deepEqual((await repo.get(east, d.id))?.tags, tags);
      assert.equal((await repo.get(east, d.id))?.updatedAt.getTime(), at(10).getTime(), 'tags leave updatedAt');
      assert.equal(await repo.setTags({ accountId: account(), region: 'us-east-1' }, d.id, []), false);

      assert.equal((await repo.byClientRequestToken(east, 'tok-2'))?.id, d.id);
      assert.equal(await repo.byClientRequestToken(east, 'tok-3'), undefined);
      assert.equal(await repo.byClientRequestToken({ accountId: a, region: 'us-west-2' }, 'tok-2'), undefined);
      await assert.rejects(repo.insert(domain(a, { clientRequestToken: 'tok-2' })), 'a token is unique in its account and region');
      await repo.insert(domain(a, { region: 'us-west-2', clientRequestToken: 'tok-2' }));
      await repo.insert(domain(account(), { clientRequestToken: 'tok-2' }));

      assert.equal(await repo.delete({ accountId: a, region: 'us-west-2' }, d.id), false, 'not in that region');
      assert.equal(await repo.delete(east, d.id), true);
      assert.equal(await repo.delete(east, d.id), false);
      assert.equal(await repo.byClientRequestToken(east, 'tok-2'), undefined, 'the token goes with its domain');
    });
  });
}
