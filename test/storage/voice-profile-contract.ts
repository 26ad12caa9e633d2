/**
 * Voice profiles as every `Storage` adapter must keep them, whatever the database: round trips (timestamps to the
 * millisecond), reads within one account and region only, expiry (a profile is not read at or after its `expiresAt`,
 * by any read), a domain's listing by (createdAt, id) with its cursor and limit, the account's profile of a speaker
 * search, the domain's profiles of a voiceprint set by a time, updates that answer the stored row, deletes, the
 * pruning of every account's profiles expired at a time (what the reads at that time no longer show; first to expire
 * first, at most `limit`, counted), and the profiles deleted with their domain (the foreign key, which also refuses a
 * profile of no domain). Dialect-free: each case uses fresh account ids and random domain, profile, task ids and
 * voiceprints, so it also runs on a shared database (the prune's case, across accounts, at times long before the
 * others').
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DomainScope } from '../../src/domain/ports/voice-profile-domains.ts';
import type { VoiceProfile } from '../../src/domain/voice-analytics/voice-profile.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { assertPrunedInOrder } from './prune-steps.ts';

const T0 = Date.UTC(2026, 9, 12, 13, 14, 15, 678);
const DAY = 24 * 60 * 60_000;
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));
const voiceprint = (): string => `vp-${randomUUID()}`;
const ids = (profiles: readonly VoiceProfile[]): string[] => profiles.map((p) => p.id);
/** The profiles in the listing's order: by createdAt, then id. */
const byCreation = (profiles: readonly VoiceProfile[]): VoiceProfile[] =>
  [...profiles].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
/** SQLite: "FOREIGN KEY constraint failed"; PostgreSQL: "… violates foreign key constraint …". */
const foreignKey = (error: unknown): boolean => error instanceof Error && /foreign key/i.test(error.message);

/** A domain's profile (of its account and region) enrolled at T0, lasting a day. */
function profile(domain: { id: string } & DomainScope, overrides: Partial<VoiceProfile> = {}): VoiceProfile {
  return {
    id: randomUUID(),
    accountId: domain.accountId,
    region: domain.region,
    voiceProfileDomainId: domain.id,
    voiceprint: voiceprint(),
    speakerSearchTaskId: randomUUID(),
    createdAt: at(0),
    updatedAt: at(0),
    expiresAt: at(DAY),
    ...overrides,
  };
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runVoiceProfileContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: voice profile contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    /** A new voice profile domain of the account in the region: its id with its scope. */
    async function domainOf(accountId: string, region = 'us-east-1'): Promise<{ id: string } & DomainScope> {
      const id = randomUUID();
      const created = at(-DAY);
      await storage.voiceProfileDomains.insert({ id, accountId, region, name: 'callers', kmsKeyArn: `arn:aws:kms:${region}:${accountId}:key/${randomUUID()}`, tags: [], createdAt: created, updatedAt: created });
      return { id, accountId, region };
    }

    const scopeOf = (p: Pick<VoiceProfile, 'accountId' | 'region'>): DomainScope => ({ accountId: p.accountId, region: p.region });
    /** The profile as `get` reads it in its own scope at T0. */
    const read = (p: VoiceProfile, now = at(0)) => storage.voiceProfiles.get(scopeOf(p), p.id, now);

    async function insertAll(profiles: readonly VoiceProfile[]): Promise<void> {
      for (const p of profiles) await storage.voiceProfiles.insert(p);
    }

    it('round-trips a profile with timestamps to the millisecond, read in its account and region only', async () => {
      const a = account();
      const d = await domainOf(a);
      const repo = storage.voiceProfiles;
      const p = profile(d, { voiceprint: 'vp é "quoted" \u{1F5E3}', createdAt: at(1), updatedAt: at(2_345), expiresAt: at(3 * 365 * DAY + 9) });
      await repo.insert(p);

      const got = await read(p);
      assert.deepEqual(got, p);
      assert.ok(got!.createdAt instanceof Date && got!.updatedAt instanceof Date && got!.expiresAt instanceof Date);
      assert.equal(got!.createdAt.getTime() % 1000, 679, 'milliseconds kept');
      assert.equal(got!.expiresAt.getTime(), at(3 * 365 * DAY + 9).getTime(), 'a time three years on, to the millisecond');
      assert.equal(await repo.get({ accountId: account(), region: d.region }, p.id, at(0)), undefined, 'another account does not see it');
      assert.equal(await repo.get({ accountId: a, region: 'us-west-2' }, p.id, at(0)), undefined, 'nor another region of the account');
      assert.equal(await repo.get(d, randomUUID(), at(0)), undefined, 'no such id');

      await assert.rejects(repo.insert({ ...p, voiceprint: voiceprint() }), 'an id is stored once');
      const elsewhere = await domainOf(a);
      await assert.rejects(repo.insert(profile(elsewhere, { id: p.id })), 'an id is stored once, whatever the domain');
      assert.deepEqual(await read(p), p, 'the refused duplicates changed nothing');
    });

    it('is not read at or after its expiresAt, by any read', async () => {
      const a = account();
      const d = await domainOf(a);
      const repo = storage.voiceProfiles;
      const p = profile(d, { createdAt: at(0), updatedAt: at(5), expiresAt: at(DAY) });
      await repo.insert(p);
      const reads = async (now: Date): Promise<boolean[]> => [
        (await repo.get(d, p.id, now)) !== undefined,
        (await repo.list(d, d.id, { now, limit: 10 })).length === 1,
        (await repo.byTask(a, p.speakerSearchTaskId, now)) !== undefined,
        (await repo.matching(a, d.id, p.voiceprint, at(5), now)).length === 1,
      ];
      assert.deepEqual(await reads(at(-1)), [true, true, true, true], 'a time before its creation');
      assert.deepEqual(await reads(at(DAY - 1)), [true, true, true, true], 'a millisecond before it expires');
      assert.deepEqual(await reads(at(DAY)), [false, false, false, false], 'at expiresAt');
      assert.deepEqual(await reads(at(DAY + 1)), [false, false, false, false], 'after');
      assert.deepEqual(await repo.get(d, p.id, at(DAY - 1)), p, 'the whole profile');
    });

    it("lists a domain's unexpired profiles of the account and region by (createdAt, id), after a cursor, up to a limit", async () => {
      const a = account();
      const d = await domainOf(a);
      const sibling = await domainOf(a);
      const west = await domainOf(a, 'us-west-2');
      const repo = storage.voiceProfiles;
      const live = [
        profile(d, { createdAt: at(20), updatedAt: at(90) }),
        profile(d, { createdAt: at(10) }),
        profile(d, { createdAt: at(0) }),
        profile(d, { createdAt: at(10), updatedAt: at(11) }),
        profile(d, { createdAt: at(10) }),
      ];
      const expiring = profile(d, { createdAt: at(5), expiresAt: at(50) });
      const siblings = profile(sibling);
      const wests = profile(west);
      await insertAll([...live, siblings, expiring, wests]);
      const ordered = byCreation(live);
      const now = at(100);
      const list = (scope: DomainScope, domainId: string, options: Partial<Parameters<typeof repo.list>[2]> = {}) => repo.list(scope, domainId, { now, limit: 100, ...options });

      assert.deepEqual(await list(d, d.id), ordered, 'whole profiles, oldest first, ties by id; the expired one left out');
      assert.deepEqual(ids(await list(d, d.id, { now: at(49) })), ids(byCreation([...live, expiring])), 'before it expired, in its place');
      assert.deepEqual(await list(d, sibling.id), [siblings], "the other domain's only");
      assert.deepEqual(await list(west, west.id), [wests]);
      assert.deepEqual(await list(d, west.id), [], "the west domain's profile is not listed in the east");
      assert.deepEqual(await list({ accountId: a, region: 'us-west-2' }, d.id), [], 'nor an east profile in the west');
      assert.deepEqual(await list({ accountId: account(), region: d.region }, d.id), [], 'nor in another account');
      assert.deepEqual(await list(d, randomUUID()), [], 'no such domain');

      assert.deepEqual(ids(await list(d, d.id, { limit: 2 })), ids(ordered.slice(0, 2)), 'up to the limit');
      assert.deepEqual(ids(await list(d, d.id, { limit: 1 })), ids(ordered.slice(0, 1)));
      for (const [i, p] of ordered.entries()) {
        const after = { createdAt: p.createdAt, id: p.id };
        assert.deepEqual(ids(await list(d, d.id, { after })), ids(ordered.slice(i + 1)), `strictly after #${i}`);
        assert.deepEqual(ids(await list(d, d.id, { after, limit: 1 })), ids(ordered.slice(i + 1, i + 2)));
      }
      const twins = ordered.filter((p) => p.createdAt.getTime() === at(10).getTime());
      assert.equal(twins.length, 3);
      assert.deepEqual(ids(await list(d, d.id, { after: { createdAt: at(10), id: '' } })), ids(ordered.slice(1)), 'a cursor between rows: every twin is after it');
      assert.deepEqual(ids(await list(d, d.id, { after: { createdAt: at(10), id: 'g' } })), ids(ordered.slice(4)), 'an id after every UUID: no twin is');
      assert.deepEqual(ids(await list(d, d.id, { after: { createdAt: at(9), id: 'g' } })), ids(ordered.slice(1)));

      assert.deepEqual(await list(d, d.id, { limit: 0 }), [], 'a limit of 0');
      await assert.rejects(list(d, d.id, { limit: -1 }), RangeError, 'a negative limit');
      await assert.rejects(list(d, d.id, { limit: 1.5 }), RangeError, 'a limit that is not an integer');
    });

    it("finds the account's unexpired profile of a speaker search, in any of its domains and regions", async () => {
      const [a, b] = [account(), account()];
      const d = await domainOf(a);
      const west = await domainOf(a, 'us-west-2');
      const theirs = await domainOf(b);
      const repo = storage.voiceProfiles;
      const p = profile(d);
      const w = profile(west);
      const search = randomUUID();
      const expired = profile(d, { speakerSearchTaskId: search, expiresAt: at(10) });
      const stranger = profile(theirs, { speakerSearchTaskId: p.speakerSearchTaskId });
      await insertAll([p, w, expired, stranger]);
      // One profile per search of an account: the database refuses a second, expired or not.
      await assert.rejects(repo.insert(profile(d, { speakerSearchTaskId: search })));
      await assert.rejects(repo.insert(profile(west, { speakerSearchTaskId: p.speakerSearchTaskId })));

      assert.deepEqual(await repo.byTask(a, p.speakerSearchTaskId, at(0)), p);
      assert.deepEqual(await repo.byTask(a, w.speakerSearchTaskId, at(0)), w, 'of a domain of another region');
      assert.deepEqual(await repo.byTask(b, p.speakerSearchTaskId, at(0)), stranger, "another account's own");
      assert.equal(await repo.byTask(b, w.speakerSearchTaskId, at(0)), undefined, "another account does not see the account's");
      assert.equal(await repo.byTask(a, randomUUID(), at(0)), undefined, 'no profile of that search');
      assert.deepEqual(await repo.byTask(a, search, at(9)), expired, 'until it expires');
      assert.equal(await repo.byTask(a, search, at(10)), undefined, 'the expired one left out');
      assert.equal(await repo.byTask(a, p.speakerSearchTaskId, at(DAY)), undefined, 'expired');
    });

    it("matches the domain's unexpired profiles of a voiceprint created at or before enrolledBy, of the account, oldest first", async () => {
      const [a, b] = [account(), account()];
      const d = await domainOf(a);
      const sibling = await domainOf(a);
      const theirs = await domainOf(b);
      const repo = storage.voiceProfiles;
      const vp = voiceprint();
      const first = profile(d, { voiceprint: vp, createdAt: at(0), updatedAt: at(0) });
      const twins = [profile(d, { voiceprint: vp, createdAt: at(5), updatedAt: at(30) }), profile(d, { voiceprint: vp, createdAt: at(5), updatedAt: at(5) })];
      const updatedLater = profile(d, { voiceprint: vp, createdAt: at(1), updatedAt: at(60) });
      const expiring = profile(d, { voiceprint: vp, createdAt: at(2), updatedAt: at(2), expiresAt: at(100) });
      const otherVoice = profile(d, { createdAt: at(0) });
      const siblings = profile(sibling, { voiceprint: vp });
      const stranger = profile(theirs, { voiceprint: vp });
      await insertAll([twins[0]!, updatedLater, otherVoice, expiring, siblings, first, stranger, twins[1]!]);
      const match = async (enrolledBy: number, now: number, accountId = a, domainId = d.id, print = vp) => repo.matching(accountId, domainId, print, at(enrolledBy), at(now));

      assert.deepEqual(await match(30, 100), byCreation([first, updatedLater, ...twins]), 'whole profiles, ties by id; the expired one left out');
      assert.deepEqual(ids(await match(30, 99)), ids(byCreation([first, updatedLater, expiring, ...twins])), 'before it expired, in its place');
      assert.deepEqual(ids(await match(5, 100)), ids(byCreation([first, updatedLater, ...twins])), 'created at enrolledBy counts');
      assert.deepEqual(ids(await match(4, 100)), ids(byCreation([first, updatedLater])), 'created a millisecond after enrolledBy: left out');
      assert.deepEqual(ids(await match(1, 100)), ids(byCreation([first, updatedLater])), 'by its creation, not its update');
      assert.deepEqual(ids(await match(-1, 100)), [], 'none set by then');
      assert.deepEqual(await match(30, 100, a, d.id, otherVoice.voiceprint), [otherVoice]);
      assert.deepEqual(await match(30, 100, a, d.id, voiceprint()), [], 'another voiceprint');
      assert.deepEqual(await match(30, 100, a, sibling.id), [siblings], "the other domain's only");
      assert.deepEqual(await match(30, 100, b, theirs.id), [stranger], "another account's own");
      assert.deepEqual(await match(30, 100, b, d.id), [], 'not in another account');
      assert.deepEqual(await match(30, 100, a, randomUUID()), [], 'no such domain');
    });

    it('updates the voiceprint, its search and times, answering the profile as stored, in its account and region only', async () => {
      const a = account();
      const d = await domainOf(a);
      const repo = storage.voiceProfiles;
      const p = profile(d, { createdAt: at(3), updatedAt: at(4) });
      const neighbour = profile(d, { createdAt: at(3) });
      await insertAll([p, neighbour]);
      const changes = { voiceprint: voiceprint(), speakerSearchTaskId: randomUUID(), updatedAt: at(500), expiresAt: at(DAY + 500) };

      assert.equal(await repo.update({ accountId: account(), region: d.region }, p.id, changes), undefined, 'another account');
      assert.equal(await repo.update({ accountId: a, region: 'eu-west-2' }, p.id, changes), undefined, 'another region');
      assert.equal(await repo.update(d, randomUUID(), changes), undefined, 'no such profile');
      assert.deepEqual(await read(p), p, 'unchanged by the other scopes');

      const updated = await repo.update(d, p.id, changes);
      assert.deepEqual(updated, { ...p, ...changes }, 'the id, account, region, domain and createdAt stay');
      assert.ok(updated!.updatedAt instanceof Date && updated!.expiresAt instanceof Date && updated!.createdAt instanceof Date);
      assert.deepEqual(await read(p), updated, 'answered as stored');
      assert.deepEqual(await read(neighbour), neighbour, 'the other profile unchanged');
      assert.deepEqual(await repo.get(d, p.id, at(DAY + 100)), updated, 'it lasts to its new expiresAt');
      assert.deepEqual(await repo.byTask(a, changes.speakerSearchTaskId, at(0)), updated, 'found by its new search');
      assert.equal(await repo.byTask(a, p.speakerSearchTaskId, at(0)), undefined, 'not by the old one');
      assert.deepEqual(await repo.matching(a, d.id, changes.voiceprint, at(3), at(0)), [updated], 'matched by its new voiceprint, as of its creation');
      assert.deepEqual(await repo.matching(a, d.id, changes.voiceprint, at(2), at(0)), []);
      assert.deepEqual(await repo.matching(a, d.id, p.voiceprint, at(1_000), at(0)), [], 'not by the old one');
      assert.deepEqual(ids(await repo.list(d, d.id, { now: at(0), limit: 10 })), ids(byCreation([p, neighbour])), 'listed in its place still');
    });

    it('deletes a profile once, in its account and region only', async () => {
      const a = account();
      const d = await domainOf(a);
      const repo = storage.voiceProfiles;
      const p = profile(d);
      const sibling = profile(d);
      await insertAll([p, sibling]);

      assert.equal(await repo.delete({ accountId: account(), region: d.region }, p.id), false, 'another account');
      assert.equal(await repo.delete({ accountId: a, region: 'us-west-2' }, p.id), false, 'another region');
      assert.equal(await repo.delete(d, randomUUID()), false, 'no such profile');
      assert.deepEqual(await read(p), p);
      assert.equal(await repo.delete(d, p.id), true);
      assert.equal(await read(p), undefined);
      assert.equal(await repo.delete(d, p.id), false, 'the second time');
      assert.equal(await repo.byTask(a, p.speakerSearchTaskId, at(0)), undefined);
      assert.deepEqual(await repo.list(d, d.id, { now: at(0), limit: 10 }), [sibling], 'the other profile stays');
      await repo.insert(p);
      assert.deepEqual(await read(p), p, 'its id is free again');
    });

    it('prunes the profiles of every account expired at `now`, exactly those the reads no longer show, first to expire first, at most `limit`', async () => {
      // Long before every other case's expiries: on a shared database, a prune across accounts reaches only this case's.
      const base = -1_000 * DAY;
      const [a, b] = [account(), account()];
      const mine = await domainOf(a);
      const theirs = await domainOf(b, 'eu-central-1');
      const repo = storage.voiceProfiles;
      const now = at(base + 10 * DAY);
      const expiring = (domain: typeof mine, expiresAt: number): VoiceProfile => profile(domain, { createdAt: at(base - DAY), updatedAt: at(base - DAY), expiresAt: at(expiresAt) });
      // Due, by expiry: the two accounts interleaved; the last one expiring at `now` itself.
      const due = [expiring(mine, base), expiring(theirs, base + DAY), expiring(mine, base + 2 * DAY), expiring(theirs, base + 3 * DAY), expiring(mine, base + 10 * DAY)];
      const kept = [expiring(theirs, base + 10 * DAY + 1), expiring(mine, base + 20 * DAY)];
      await insertAll([due[2]!, kept[1]!, due[4]!, due[0]!, kept[0]!, due[3]!, due[1]!]);
      /** Whether each is still stored: read at a time before it expired. */
      const present = async (profiles: readonly VoiceProfile[]): Promise<boolean[]> => (await Promise.all(profiles.map((p) => read(p, at(base - DAY))))).map((p) => p !== undefined);

      await assertPrunedInOrder((limit) => repo.pruneExpired(now, limit), () => present(due), {
        firstTwo: 'the first two to expire went, of both accounts',
        last: 'only what is left, the profile expiring at `now` with it',
      });
      assert.deepEqual(await present(kept), [true, true], 'expiring after `now`: kept');
      for (const p of kept) assert.deepEqual(await read(p, now), p, 'what is kept is what a read at the same `now` shows');
      assert.equal(await repo.pruneExpired(at(base + 20 * DAY), 100), 2, 'a later `now` reaches the rest');
      assert.deepEqual(await present(kept), [false, false]);
    });

    it('refuses a profile of no domain, and deletes the profiles with their domain', async () => {
      const a = account();
      const d = await domainOf(a);
      const survivor = await domainOf(a);
      const repo = storage.voiceProfiles;
      await assert.rejects(repo.insert(profile({ ...d, id: randomUUID() })), foreignKey, 'no domain with that id');
      const gone = [profile(d, { createdAt: at(1) }), profile(d, { createdAt: at(2), expiresAt: at(3) })];
      const kept = profile(survivor, { voiceprint: gone[0]!.voiceprint });
      await insertAll([...gone, kept]);

      assert.equal(await storage.voiceProfileDomains.delete(d, d.id), true, 'profiles do not hold their domain back');
      for (const p of gone) assert.equal(await read(p, at(0)), undefined, 'gone with the domain');
      assert.deepEqual(await repo.list(d, d.id, { now: at(0), limit: 10 }), []);
      assert.equal(await repo.byTask(a, gone[0]!.speakerSearchTaskId, at(0)), undefined);
      assert.deepEqual(await repo.matching(a, d.id, gone[0]!.voiceprint, at(10), at(0)), []);
      assert.equal(await repo.delete(d, gone[0]!.id), false, 'nothing left to delete');
      assert.deepEqual(await read(kept), kept, "another domain's profile stays");
      assert.deepEqual(await repo.matching(a, survivor.id, kept.voiceprint, at(10), at(0)), [kept]);
      await assert.rejects(repo.insert(profile(d)), foreignKey, 'the domain is gone');
      const moved = { ...gone[1]!, voiceProfileDomainId: survivor.id };
      await repo.insert(moved);
      assert.deepEqual(await read(moved, at(2)), moved, 'the rows went, expired ones too: their ids are free');
    });
  });
}
