/**
 * SIP media applications and SIP rules as every `Storage` adapter must keep them, whatever the database: round trips,
 * keyset listing per account (rules optionally by target application), partial and whole updates, capped counts, the
 * unique trigger, targets in order with their foreign keys (an application a rule targets cannot be deleted: answered
 * `in-use`, never thrown), and the `SipRuleId` associations of numbers with the statuses they flip. Dialect-free: each
 * case uses fresh account ids, numbers and random ids, so it also runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { SipMediaApplication, SipRule } from '../../src/domain/sip/sip.ts';
import type { Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 5, 7, 8, 9, 10, 456);
const at = (ms: number): Date => new Date(T0 + ms);
const account = (): string => String(randomInt(1e11, 1e12 - 1));
const number = (): string => `+1${randomInt(2_000_000_000, 9_999_999_999)}`;

function application(accountId: string, overrides: Partial<SipMediaApplication> = {}): SipMediaApplication {
  return {
    id: randomUUID(),
    accountId,
    name: 'ivr',
    awsRegion: 'us-west-2',
    endpoints: [{ lambdaArn: `arn:aws:lambda:us-west-2:${accountId}:function:ivr` }],
    tags: [],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function rule(accountId: string, overrides: Partial<SipRule> = {}): SipRule {
  return {
    id: randomUUID(),
    accountId,
    name: 'line',
    disabled: false,
    triggerType: 'ToPhoneNumber',
    triggerValue: number(),
    targets: [],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

async function ownDialIn(storage: Storage, accountId: string, e164: string): Promise<void> {
  await storage.bulk.insertOwnedNumbers([{ e164, accountId, productType: 'SipMediaApplicationDialIn', type: 'Local', country: 'US', at: at(0) }]);
}

/** Declares the contract as node:test cases; `open` gives a ready storage that the contract closes. */
export function runSipContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: SIP contract`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('round-trips an application with tags, lists by creation then id, updates what is given, counts up to a cap', async () => {
      const [a, b] = [account(), account()];
      const full = application(a, { tags: [{ key: 'team', value: 'voice' }, { key: 'empty', value: '' }], updatedAt: at(5) });
      await storage.sipMediaApplications.insert(full);
      assert.deepEqual(await storage.sipMediaApplications.get(a, full.id), full);
      assert.equal(await storage.sipMediaApplications.get(b, full.id), undefined, 'another account does not see it');
      const more = [application(a, { createdAt: at(20) }), application(a, { createdAt: at(-10) }), application(a, { createdAt: at(-10) })];
      for (const x of more) await storage.sipMediaApplications.insert(x);
      await storage.sipMediaApplications.insert(application(b));
      const expected = [full, ...more].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1)).map((x) => x.id);
      assert.deepEqual((await storage.sipMediaApplications.list(a, { limit: 10 })).map((x) => x.id), expected);
      const second = [full, ...more].find((x) => x.id === expected[1])!;
      assert.deepEqual(
        (await storage.sipMediaApplications.list(a, { after: { createdAt: second.createdAt, id: second.id }, limit: 10 })).map((x) => x.id),
        expected.slice(2),
      );
      assert.deepEqual(await storage.sipMediaApplications.list(a, { limit: 0 }), []);

      const renamed = await storage.sipMediaApplications.update(a, full.id, { name: 'renamed', updatedAt: at(9) });
      assert.deepEqual(renamed, { ...full, name: 'renamed', updatedAt: at(9) });
      const endpoints = [{ lambdaArn: `arn:aws:lambda:us-west-2:${a}:function:other` }];
      assert.deepEqual(await storage.sipMediaApplications.update(a, full.id, { endpoints, updatedAt: at(10) }), { ...full, name: 'renamed', endpoints, updatedAt: at(10) });
      assert.equal(await storage.sipMediaApplications.update(b, full.id, { name: 'theirs', updatedAt: at(11) }), undefined);

      const tags = [{ key: 'empty', value: '' }, { key: 'new', value: 'é' }];
      assert.equal(await storage.sipMediaApplications.setTags(a, full.id, tags), true);
      assert.deepEqual(await storage.sipMediaApplications.get(a, full.id), { ...full, name: 'renamed', endpoints, updatedAt: at(10), tags });
      assert.equal(await storage.sipMediaApplications.setTags(b, full.id, []), false, "another account's id is not found");
      assert.equal(await storage.sipMediaApplications.setTags(a, full.id, []), true);
      assert.deepEqual((await storage.sipMediaApplications.get(a, full.id))?.tags, []);

      assert.equal(await storage.sipMediaApplications.loggingOf(a, full.id), null, 'no logging configuration yet');
      assert.equal(await storage.sipMediaApplications.loggingOf(b, full.id), undefined, "another account's id is not found");
      assert.equal(await storage.sipMediaApplications.putLogging(a, full.id, { enableMessageLogs: true }), true);
      assert.deepEqual(await storage.sipMediaApplications.loggingOf(a, full.id), { enableMessageLogs: true });
      assert.equal(await storage.sipMediaApplications.putLogging(b, full.id, { enableMessageLogs: false }), false);
      assert.deepEqual((await storage.sipMediaApplications.get(a, full.id))?.updatedAt, at(10), 'the logging leaves updatedAt');

      assert.equal(await storage.sipMediaApplications.count(a, 10), 4);
      assert.equal(await storage.sipMediaApplications.count(a, 2), 3, 'counted up to cap + 1');
      assert.deepEqual(await storage.sipMediaApplications.regionsOf(a, [full.id, full.id, randomUUID()]), new Map([[full.id, 'us-west-2']]));
      assert.deepEqual(await storage.sipMediaApplications.regionsOf(b, [full.id]), new Map());
      assert.equal(await storage.sipMediaApplications.delete(b, full.id), 'not-found');
      assert.equal(await storage.sipMediaApplications.delete(a, full.id), 'deleted');
      assert.equal(await storage.sipMediaApplications.delete(a, full.id), 'not-found');
    });

    it('stores a rule with its targets in order, refuses a second rule with the same trigger, lists by target, replaces', async () => {
      const [a, b] = [account(), account()];
      const [one, two] = [application(a), application(a, { awsRegion: 'us-east-1' })];
      await storage.sipMediaApplications.insert(one);
      await storage.sipMediaApplications.insert(two);
      const targets = [
        { sipMediaApplicationId: two.id, priority: 2, awsRegion: 'us-east-1' },
        { sipMediaApplicationId: one.id, priority: 1, awsRegion: 'us-west-2' },
      ];
      const first = rule(a, { targets, disabled: true });
      assert.equal(await storage.sipRules.insert(first), true);
      assert.deepEqual(await storage.sipRules.get(a, first.id), first);
      assert.equal(await storage.sipRules.get(b, first.id), undefined);
      assert.equal(await storage.sipRules.insert(rule(a, { triggerValue: first.triggerValue })), false, 'one rule per trigger');
      assert.equal(await storage.sipRules.insert(rule(b, { triggerValue: first.triggerValue })), false, 'whatever the account');
      assert.equal(await storage.sipRules.count(a, 10), 1, 'the refused rules left nothing');
      const host = rule(a, { triggerType: 'RequestUriHostname', triggerValue: first.triggerValue, targets: [targets[1]!], createdAt: at(5) });
      assert.equal(await storage.sipRules.insert(host), true, 'the same value under another trigger type is another trigger');

      assert.deepEqual((await storage.sipRules.list(a, { limit: 10 })).map((r) => r.id), [first.id, host.id]);
      assert.deepEqual((await storage.sipRules.list(a, { limit: 10, targeting: two.id })).map((r) => r.id), [first.id]);
      assert.deepEqual((await storage.sipRules.list(a, { limit: 10, targeting: one.id })).map((r) => r.id), [first.id, host.id]);
      assert.deepEqual((await storage.sipRules.list(a, { limit: 10, targeting: one.id, after: { createdAt: first.createdAt, id: first.id } })).map((r) => r.id), [host.id]);
      assert.deepEqual(await storage.sipRules.list(b, { limit: 10, targeting: one.id }), []);
      assert.deepEqual(await storage.sipRules.rulesTargeting(a, one.id), [first.id, host.id].sort());
      assert.deepEqual(await storage.sipRules.rulesTargeting(b, one.id), []);

      assert.equal(await storage.sipRules.replace(a, first.id, { name: 'renamed', disabled: false, targets: [targets[0]!], updatedAt: at(7) }), true);
      assert.deepEqual(await storage.sipRules.get(a, first.id), { ...first, name: 'renamed', disabled: false, targets: [targets[0]!], updatedAt: at(7) });
      assert.equal(await storage.sipRules.replace(b, first.id, { name: 'theirs', disabled: true, targets: [], updatedAt: at(8) }), false);
      assert.deepEqual(await storage.sipRules.rulesTargeting(a, one.id), [host.id]);

      assert.equal(await storage.sipRules.delete(b, host.id), false);
      assert.equal(await storage.sipRules.delete(a, host.id), true);
      assert.equal(await storage.sipRules.get(a, host.id), undefined);
      assert.deepEqual(await storage.sipRules.rulesTargeting(a, one.id), [], 'the targets went with their rule');
      assert.equal(await storage.sipRules.insert(rule(a, { triggerType: 'RequestUriHostname', triggerValue: host.triggerValue })), true, 'its trigger is free again');
    });

    it('answers in-use, never throws, for deleting an application that a rule targets, inside a transaction too', async () => {
      const a = account();
      const app = application(a);
      await storage.sipMediaApplications.insert(app);
      const target = rule(a, { targets: [{ sipMediaApplicationId: app.id, priority: 1, awsRegion: app.awsRegion }] });
      await storage.sipRules.insert(target);
      assert.equal(await storage.sipMediaApplications.delete(a, app.id), 'in-use');
      const marker = new Error('rolled back');
      await assert.rejects(
        storage.transaction(async (repos) => {
          assert.equal(await repos.sipMediaApplications.delete(a, app.id), 'in-use');
          throw marker;
        }),
        (error) => error === marker,
      );
      assert.ok(await storage.sipMediaApplications.get(a, app.id), 'still there');
      await storage.sipRules.delete(a, target.id);
      assert.equal(await storage.sipMediaApplications.delete(a, app.id), 'deleted');
    });

    it('keeps one association per number: a rule associates, the number turns Assigned and back to Unassigned when freed', async () => {
      const a = account();
      const e164 = number();
      await ownDialIn(storage, a, e164);
      const [first, second] = [rule(a, { triggerValue: e164 }), rule(a)];
      await storage.sipRules.insert(first);
      await storage.sipRules.insert(second);
      await storage.transaction(async (repos) => {
        assert.equal(await repos.sipRules.associateNumber(a, first.id, e164, at(1)), true);
        assert.deepEqual(await repos.phoneNumbers.markAssigned(a, [e164], { productType: 'SipMediaApplicationDialIn', at: at(1) }), new Set([e164]));
      });
      assert.equal((await storage.phoneNumbers.get(a, e164))!.status, 'Assigned');
      assert.equal(await storage.sipRules.associateNumber(a, second.id, e164, at(2)), false, 'a number has one association');
      await assert.rejects(storage.sipRules.delete(a, first.id), 'a rule with numbers cannot be deleted');
      assert.ok(await storage.sipRules.get(a, first.id));

      await storage.transaction(async (repos) => {
        assert.deepEqual(await repos.sipRules.dissociateNumbers(a, first.id), [e164]);
        assert.equal(await repos.sipRules.delete(a, first.id), true);
        await repos.phoneNumbers.markUnassignedWhereFree(a, [e164], at(3));
      });
      const freed = (await storage.phoneNumbers.get(a, e164))!;
      assert.equal(freed.status, 'Unassigned');
      assert.deepEqual(freed.updatedAt, at(3));
      assert.deepEqual(await storage.sipRules.dissociateNumbers(a, first.id), []);
      assert.equal(await storage.sipRules.associateNumber(a, second.id, e164, at(4)), true, 'free for another rule');
    });
  });
}
