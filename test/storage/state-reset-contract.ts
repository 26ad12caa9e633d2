/**
 * `resetAccount` / `resetAll` on a real `Storage` (SQLite and PostgreSQL): an account's every kind of resource is
 * removed and counted, another account's stays whole, accounts and keys and server-wide meta values stay, the reset
 * mark counts up, and a fulfilment job claimed before the reset writes nothing after it. Each case opens an empty
 * database of its own (a reset of everything would wipe a shared one).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { JobQueue } from '../../src/domain/jobs/job-queue.ts';
import { FULFIL_ORDER } from '../../src/domain/orders/fulfilment.ts';
import { RESET_ALL_MARK, RESET_MARK_PREFIX, type ResetCounts } from '../../src/domain/ports/state-reset.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';

const T0 = Date.UTC(2026, 4, 6, 7, 8, 9);
const A = '310000000001';
const B = '320000000002';

/** What one account is given: two Seattle numbers per account, by a distinct block per account. */
function numbersOf(account: string): { owned: string; onRule: string; ordered: string } {
  const block = account === A ? '+1206555' : '+1425555';
  return { owned: `${block}0101`, onRule: `${block}0102`, ordered: `${block}0103` };
}

/** One of every resource for `account`, written through the repositories; answers the ids. */
async function populate(storage: Storage, account: string): Promise<{ orderId: string; connectorId: string }> {
  const at = new Date(T0);
  const n = numbersOf(account);
  const orderId = randomUUID();
  await storage.transaction(async (repos) => {
    await repos.orders.insert({
      id: orderId,
      accountId: account,
      productType: 'VoiceConnector',
      status: 'Processing',
      numbers: [{ e164: n.ordered, status: 'Processing' }],
      createdAt: at,
      updatedAt: at,
    });
    await repos.events.append([
      { id: randomUUID(), accountId: account, type: 'Phone Number Order Created', at, resources: [{ kind: 'phone-number-order', id: orderId }], detail: {} },
    ]);
    await repos.jobs.enqueue({ id: orderId, kind: FULFIL_ORDER, accountId: account, runAt: at });
    await repos.orderInvocations.claim({ accountId: account, invocationId: randomUUID(), orderId, fingerprint: 'f', at }, new Date(0));
  });
  const inserted = await storage.bulk.insertOwnedNumbers(
    [n.owned, n.onRule].map((e164) => ({ e164, accountId: account, productType: 'VoiceConnector' as const, type: 'Local' as const, country: 'US', at })),
  );
  assert.equal(inserted, 2);
  const connectorId = randomUUID().replaceAll('-', '').slice(0, 22);
  const applicationId = randomUUID();
  const ruleId = randomUUID();
  await storage.transaction(async (repos) => {
    await repos.voiceConnectors.insert({ id: connectorId, accountId: account, name: 'trunk', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: at, updatedAt: at });
    await repos.voiceConnectorGroups.insert({ id: randomUUID(), accountId: account, region: 'us-east-1', name: 'g', items: [{ voiceConnectorId: connectorId, priority: 1 }], createdAt: at, updatedAt: at });
    await repos.associations.associate(account, [n.owned], { kind: 'VoiceConnectorId', id: connectorId }, at);
    await repos.sipMediaApplications.insert({
      id: applicationId,
      accountId: account,
      name: 'app',
      awsRegion: 'us-east-1',
      endpoints: [{ lambdaArn: `arn:aws:lambda:us-east-1:${account}:function:f` }],
      tags: [],
      createdAt: at,
      updatedAt: at,
    });
    assert.equal(
      await repos.sipRules.insert({
        id: ruleId,
        accountId: account,
        name: 'rule',
        disabled: false,
        triggerType: 'ToPhoneNumber',
        triggerValue: n.onRule,
        targets: [{ sipMediaApplicationId: applicationId, priority: 1, awsRegion: 'us-east-1' }],
        createdAt: at,
        updatedAt: at,
      }),
      true,
    );
    await repos.associations.associate(account, [n.onRule], { kind: 'SipRuleId', id: ruleId }, at);
  });
  assert.equal(await storage.phoneNumberSettings.put(account, { callingName: 'DIALTONE', at, unchangedSince: new Date(0) }), true);
  await storage.globalSettings.put(account, { voiceConnectorCdrBucket: 'cdr-bucket', updatedAt: at });
  const domainId = randomUUID();
  await storage.voiceProfileDomains.insert({
    id: domainId,
    accountId: account,
    region: 'us-east-1',
    name: 'speakers',
    kmsKeyArn: `arn:aws:kms:us-east-1:${account}:key/${randomUUID()}`,
    tags: [],
    createdAt: at,
    updatedAt: at,
  });
  await storage.proxySessions.insert({
    id: randomUUID(),
    accountId: account,
    voiceConnectorId: connectorId,
    capabilities: ['Voice'],
    expiryMinutes: 60,
    participants: [
      { phoneNumber: '+12065550100', proxyPhoneNumber: n.owned },
      { phoneNumber: '+12065550101', proxyPhoneNumber: n.owned },
    ],
    createdAt: at,
    updatedAt: at,
  });
  await storage.sipMediaApplicationCalls.insert({
    transactionId: randomUUID(),
    accountId: account,
    sipMediaApplicationId: applicationId,
    fromPhoneNumber: n.onRule,
    toPhoneNumber: '+12065550199',
    sipHeaders: {},
    arguments: {},
    createdAt: at,
    updatedAt: at,
  });
  await storage.voiceAnalyticsTasks.insert({
    id: randomUUID(),
    kind: 'voice-tone',
    accountId: account,
    voiceConnectorId: connectorId,
    transactionId: randomUUID(),
    languageCode: 'en-US',
    createdAt: at,
  });
  await storage.voiceProfiles.insert({
    id: randomUUID(),
    accountId: account,
    region: 'us-east-1',
    voiceProfileDomainId: domainId,
    voiceprint: 'a'.repeat(64),
    speakerSearchTaskId: randomUUID(),
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(at.getTime() + 86_400_000),
  });
  return { orderId, connectorId };
}

/** What `populate` gives one account, as a reset counts it. */
const ONE_OF_EACH: ResetCounts = {
  orders: 1,
  orderedNumbers: 1,
  orderInvocations: 1,
  jobs: 1,
  phoneNumbers: 2,
  phoneNumberSettings: 1,
  globalSettings: 1,
  voiceConnectors: 1,
  voiceConnectorGroups: 1,
  sipMediaApplications: 1,
  sipRules: 1,
  voiceProfileDomains: 1,
  proxySessions: 1,
  sipMediaApplicationCalls: 1,
  voiceAnalyticsTasks: 1,
  voiceProfiles: 1,
  associations: 2,
  events: 1,
};

/** Whether anything of the account's can still be read. */
async function leftOf(storage: Storage, account: string, ids: { orderId: string; connectorId: string }) {
  const n = numbersOf(account);
  return {
    order: (await storage.orders.get(account, ids.orderId)) !== undefined,
    numbers: (await Promise.all([n.owned, n.onRule].map((e164) => storage.phoneNumbers.get(account, e164)))).filter(Boolean).length,
    connector: (await storage.voiceConnectors.get(account, ids.connectorId)) !== undefined,
    settings: (await storage.phoneNumberSettings.get(account)) !== undefined,
    globalSettings: (await storage.globalSettings.get(account)) !== undefined,
    associations: (await storage.associations.associationsOf(account, [n.owned, n.onRule])).size,
    owned: await storage.usage.usageOf(account).then((u) => u.ownedNumbers),
    countersMatchRecount: JSON.stringify(await storage.usage.usageOf(account)) === JSON.stringify(await storage.usage.recount(account)),
    events: (await storage.events.after(account, { afterSeq: 0, limit: 10 })).length,
  };
}

const NOTHING = { order: false, numbers: 0, connector: false, settings: false, globalSettings: false, associations: 0, owned: 0, countersMatchRecount: true, events: 0 };
const EVERYTHING = { order: true, numbers: 2, connector: true, settings: true, globalSettings: true, associations: 2, owned: 2, countersMatchRecount: true, events: 1 };

/** Declares the reset cases; `open` gives an empty database of its own for each case. */
export function runStateResetContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: state reset`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(() => storage.close());

    it('resets one account: every resource counted and gone, the other account whole, the account mark counted up', async () => {
      const a = await populate(storage, A);
      const b = await populate(storage, B);
      assert.deepEqual(await leftOf(storage, A, a), EVERYTHING);
      const report = await storage.resetAccount(A);
      assert.deepEqual(report, { accountId: A, removed: ONE_OF_EACH });
      assert.deepEqual(await leftOf(storage, A, a), NOTHING);
      assert.deepEqual(await leftOf(storage, B, b), EVERYTHING);
      assert.equal(await storage.jobs.count(), 1, "B's job stays");
      assert.deepEqual([...(await storage.meta.list(RESET_MARK_PREFIX))], [[`${RESET_MARK_PREFIX}${A}`, '1']]);
      const again = await storage.resetAccount(A);
      assert.deepEqual(Object.values(again.removed), Object.values(ONE_OF_EACH).map(() => 0), 'nothing left to remove');
      assert.equal(await storage.meta.read(`${RESET_MARK_PREFIX}${A}`), '2');
    });

    it('resets every account; accounts, keys and other meta values stay; the numbers can be owned again', async () => {
      assert.equal(await storage.access.insertAccount({ accountId: A, enabled: true, createdAt: new Date(T0), updatedAt: new Date(T0) }), true);
      const key = await storage.meta.getOrCreate('page-token-key', () => 'k');
      const a = await populate(storage, A);
      const b = await populate(storage, B);
      const report = await storage.resetAll();
      const twice = Object.fromEntries(Object.entries(ONE_OF_EACH).map(([k, v]) => [k, 2 * v]));
      assert.deepEqual(report, { accountId: undefined, removed: twice });
      assert.deepEqual(await leftOf(storage, A, a), NOTHING);
      assert.deepEqual(await leftOf(storage, B, b), NOTHING);
      assert.equal(await storage.jobs.count(), 0);
      assert.equal((await storage.access.getAccount(A))?.accountId, A, 'the account stays');
      assert.equal(await storage.meta.read('page-token-key'), key);
      assert.equal(await storage.meta.read(RESET_ALL_MARK), '1');
      // The same numbers, owned again (the unique index on active ownership no longer holds them).
      const again = await populate(storage, B);
      assert.deepEqual(await leftOf(storage, B, again), EVERYTHING);
    });

    it('a job claimed before the reset writes nothing after it: its fence holds no job', async () => {
      const a = await populate(storage, A);
      const clock = new ManualClock(new Date(T0 + 1_000));
      const queue = new JobQueue({
        jobs: storage.jobs,
        unitOfWork: narrowed(storage, (repos) => ({ jobs: repos.jobs, orders: repos.orders, phoneNumbers: repos.phoneNumbers })),
        clock,
        owner: 'worker-before-reset',
        leaseMs: 60_000,
        handlers: {},
      });
      const claimed = await queue.claim(10);
      assert.deepEqual(claimed.map((job) => job.id), [a.orderId]);
      await storage.resetAccount(A);
      const fence = queue.fence(claimed);
      const n = numbersOf(A);
      const wrote = await fence.settle(async (repos, held) => {
        for (const id of held) {
          await repos.phoneNumbers.reserve([{ e164: n.ordered, accountId: A, orderId: id, productType: 'VoiceConnector', type: 'Local', country: 'US', at: clock.now() }]);
        }
        return held.size;
      });
      assert.equal(wrote, 0, 'the fence holds nothing');
      assert.equal(await storage.phoneNumbers.get(A, n.ordered), undefined);
      assert.equal(await storage.orders.get(A, a.orderId), undefined);
    });

    it('refuses an account id that is not 12 digits', async () => {
      await assert.rejects(storage.resetAccount('12345'), RangeError);
    });
  });
}
