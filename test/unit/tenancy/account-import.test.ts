/**
 * The import use case over a real SQLite database: contents written and read back alike (a number's records in their
 * order, jobs for orders still `Processing`), what a reading leaves out (voice profiles expired, voice analytics tasks
 * past their day), and every refusal — an account that holds data, each kind of key taken by another account — with
 * nothing written.
 */
import { beforeEach, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../../../src/storage/storage.ts';
import type { AccountContents } from '../../../src/tenancy/account-contents.ts';
import { readAccountContents } from '../../support/account-contents.ts';
import { ImportError, importAccount, type ImportSource } from '../../../src/tenancy/import-account.ts';
import { sampleContents } from './fixture-contents.ts';

/** Contents as a checked file gives them: all but the long lists, what is known of those, then their items. */
function sourceOf(contents: AccountContents, extra: Partial<Pick<AccountContents, 'orders' | 'numbers' | 'associations'>> = {}): ImportSource {
  return {
    contents: { ...contents, orders: [], numbers: [], associations: [] },
    counts: {
      orders: contents.orders.length,
      processingOrders: contents.orders.filter((o) => o.status === 'Processing').length,
      phoneNumbers: contents.numbers.length,
      associations: contents.associations.length,
    },
    keys: {
      orderIds: contents.orders.map((o) => o.id),
      ownedNumbers: contents.numbers.filter((n) => n.active !== false).map((n) => n.e164),
      associatedNumbers: contents.associations.map((a) => a.e164),
    },
    async *batches() {
      yield { list: 'orders', items: [...contents.orders, ...(extra.orders ?? [])] };
      yield { list: 'phoneNumbers', items: [...contents.numbers, ...(extra.numbers ?? [])] };
      yield { list: 'associations', items: [...contents.associations, ...(extra.associations ?? [])] };
    },
  };
}

describe('importAccount', () => {
  let storage: Storage;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));
  const run = (contents: AccountContents, configAccountIds: string[] = []) =>
    importAccount(sourceOf(contents), { unitOfWork: narrowed(storage, (r) => r), configAccountIds: new Set(configAccountIds), clock });
  /** Some hours after the fixture's times: its tasks are still known, its profile far from expiring. */
  const fixtureDay = new Date(Date.UTC(2026, 0, 2, 12));
  const read = (accountId: string, at = fixtureDay) => storage.snapshot((repos) => readAccountContents(repos, accountId, at));
  const refused = async (contents: AccountContents, message: RegExp, source = sourceOf(contents)): Promise<void> => {
    const before = await read(contents.accountId);
    const jobs = await storage.jobs.count();
    await assert.rejects(importAccount(source, { unitOfWork: narrowed(storage, (r) => r), configAccountIds: new Set(), clock }), (error: unknown) => {
      assert.ok(error instanceof ImportError, String(error));
      assert.match(error.message, message);
      return true;
    });
    assert.deepEqual(await read(contents.accountId), before, 'nothing of the account was written');
    assert.equal(await storage.jobs.count(), jobs, 'no job was added');
  };

  beforeEach(async () => {
    storage = await openSqliteStorage({ file: ':memory:' });
  });
  afterEach(async () => {
    await storage.close();
  });

  it('writes the contents so that they read back alike, and schedules the Processing order', async () => {
    const summary = await run(sampleContents());
    assert.deepEqual(summary, {
      accountId: '111111111111',
      accountCreated: true,
      orders: 2,
      processingOrders: 1,
      phoneNumbers: 6,
      voiceConnectors: 1,
      voiceConnectorGroups: 1,
      sipMediaApplications: 1,
      sipRules: 1,
      voiceProfileDomains: 1,
      proxySessions: 1,
      voiceProfiles: 1,
      voiceAnalyticsTasks: 2,
      associations: 2,
    });
    assert.deepEqual(await read('111111111111'), sampleContents());
    // The newest record of a number that failed once and was then acquired is the owned one.
    assert.equal((await storage.phoneNumbers.get('111111111111', '+12065550101'))?.status, 'DeleteInProgress');
    assert.equal(await storage.jobs.count(), 1);
    const [job] = await storage.jobs.claim({ owner: 'test', now: clock.now(), leaseMs: 1_000, limit: 10 });
    assert.deepEqual(job && [job.id, job.kind, job.accountId], [sampleContents().orders[1]!.id, 'fulfil-order', '111111111111']);
    assert.equal((await storage.access.getAccount('111111111111'))?.enabled, true);
  });

  it('reads what the API shows at the time given: not a task past its day, nor a profile past its expiry', async () => {
    await run(sampleContents());
    const [profile] = sampleContents().voiceProfiles;
    const [search, analysis] = sampleContents().voiceAnalyticsTasks;
    const day = 24 * 3_600_000;
    const later = async (at: Date) => {
      const contents = await read('111111111111', at);
      return { profiles: contents.voiceProfiles.map((p) => p.id), tasks: contents.voiceAnalyticsTasks.map((t) => t.id) };
    };
    assert.deepEqual(await later(new Date(search!.createdAt.getTime() + day - 1)), { profiles: [profile!.id], tasks: [search!.id, analysis!.id] });
    assert.deepEqual(await later(new Date(search!.createdAt.getTime() + day)), { profiles: [profile!.id], tasks: [analysis!.id] }, 'the search started a day before');
    assert.deepEqual(await later(new Date(profile!.expiresAt.getTime() - 1)), { profiles: [profile!.id], tasks: [] });
    assert.deepEqual(await later(profile!.expiresAt), { profiles: [], tasks: [] }, 'the profile expired');
    // The rest of the account is read whatever the time.
    const none = { voiceProfiles: [], voiceAnalyticsTasks: [] };
    assert.deepEqual({ ...(await read('111111111111', profile!.expiresAt)), ...none }, { ...sampleContents(), ...none });
  });

  it('leaves an account of the configuration file alone, and creates none', async () => {
    const summary = await run(sampleContents(), ['111111111111']);
    assert.equal(summary.accountCreated, false);
    assert.equal(await storage.access.getAccount('111111111111'), undefined);
  });

  it('refuses an account that holds anything', async () => {
    await run(sampleContents());
    await refused(sampleContents('111111111111', 'b'), /^account 111111111111 already holds orders, phone numbers, phone-number settings, global settings, voice connectors, voice connector groups, SIP media applications, SIP rules, voice profile domains, proxy sessions, voice profiles, voice analytics tasks, associations: import into an account that holds nothing/);
    const settingsOnly = await openSqliteStorage({ file: ':memory:' });
    await settingsOnly.phoneNumberSettings.put('333333333333', { callingName: 'X', at: clock.now(), unchangedSince: clock.now() });
    const previous = storage;
    storage = settingsOnly;
    try {
      await refused(sampleContents('333333333333', 'c'), /^account 333333333333 already holds phone-number settings:/);
    } finally {
      storage = previous;
      await settingsOnly.close();
    }
  });

  it("refuses each kind of key another account holds, naming the key and the account", async () => {
    await run(sampleContents('222222222222', 'a'));
    // Another account with the same ids, triggers and numbers: everything is taken.
    const message = new RegExp(
      [
        '^the target database already has what the file would add; nothing was imported:',
        '  order 0000000a-0000-4000-8000-000000000101 exists in account 222222222222',
        '  order 0000000a-0000-4000-8000-000000000102 exists in account 222222222222',
        '  voice connector vca0+ exists in account 222222222222',
        '  voice connector group 0000000a-0000-4000-8000-000000000001 exists in account 222222222222',
        '  SIP media application 0000000a-0000-4000-8000-000000000002 exists in account 222222222222',
        '  SIP rule 0000000a-0000-4000-8000-000000000003 exists in account 222222222222',
        '  voice profile domain 0000000a-0000-4000-8000-000000000004 exists in account 222222222222',
        '  proxy session 0000000a-0000-4000-8000-000000000006 exists in account 222222222222',
        '  voice profile 0000000a-0000-4000-8000-000000000010 exists in account 222222222222',
        '  voice analytics task 0000000a-0000-4000-8000-000000000007 exists in account 222222222222',
        '  voice analytics task 0000000a-0000-4000-8000-000000000008 exists in account 222222222222',
        '  SIP rule trigger ToPhoneNumber \\+18005550100 exists in account 222222222222',
        '  phone number \\+12065550100 is owned by account 222222222222',
        '  phone number \\+12065550101 is owned by account 222222222222',
        '  phone number \\+12065550110 is owned by account 222222222222',
        '  phone number \\+18005550100 is owned by account 222222222222',
        '  phone number \\+12065550100 has an association in account 222222222222',
        '  phone number \\+18005550100 has an association in account 222222222222$',
      ].join('\n'),
    );
    await refused(sampleContents('111111111111', 'a'), message);
    // Only the numbers taken (other ids): refused for those alone. A released record of another account is no conflict.
    await refused(sampleContents('111111111111', 'b'), /nothing was imported:\n {2}SIP rule trigger ToPhoneNumber \+18005550100 exists in account 222222222222\n {2}phone number \+12065550100 is owned/);
  });

  it('refuses items beyond those the check counted (a file that changed since), with nothing written', async () => {
    const contents = sampleContents();
    const other = sampleContents('111111111111', 'b');
    const changed = /^the file changed after it was checked; nothing was imported$/;
    await refused(contents, changed, sourceOf(contents, { orders: [other.orders[0]!] }));
    await refused(contents, changed, sourceOf(contents, { numbers: [{ ...contents.numbers[0]!, e164: '+12065550199' }] }));
    await refused(contents, changed, sourceOf(contents, { associations: [{ ...contents.associations[0]!, e164: '+12065550110' }] }));
  });
});
