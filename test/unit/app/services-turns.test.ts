/**
 * The domain services as the server wires them (src/app/services.ts) share one rotation of turns, scheduled by the
 * server's `afterIo`: an association call and each item of a batch wait for it, and nothing of theirs is written
 * before the event loop has given them their turn.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { domainServices, type ServiceParts } from '../../../src/app/services.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { seededIds } from '../../../src/domain/shared/ids.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';
import { settled } from '../../support/turns.ts';

const ALICE = '111111111111';
const NUMBERS = ['+12065550100', '+12065550101'];

/** The account's quotas, as tenancy would answer them (generous: these tests are not about quotas). */
const quotas: ServiceParts['quotas'] = {
  quotasOf: () => Promise.resolve({ maxNumbersPerOrder: 50, maxPhoneNumbersPerAccount: 1_000, maxProcessingOrdersPerAccount: 100 }),
  voiceConnectorQuotasOf: () => Promise.resolve({ maxVoiceConnectorsPerAccount: 3, maxVoiceConnectorGroupsPerAccount: 3 }),
  sipQuotasOf: () => Promise.resolve({ maxSipMediaApplicationsPerAccount: 3, maxSipRulesPerAccount: 3 }),
  voiceProfileDomainQuotasOf: () => Promise.resolve({ maxVoiceProfileDomainsPerRegion: 3 }),
};

let storage: Storage;
let held: (() => void)[];
let services: ReturnType<typeof domainServices>;
beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  held = [];
  const clock = new ManualClock(Date.UTC(2026, 5, 7, 8, 9, 10));
  services = domainServices({
    config: loadConfig({}),
    storage,
    clock,
    ids: seededIds('services-turns'),
    tokens: new PageTokens(Buffer.alloc(32, 7)),
    quotas,
    onOrderCreated: () => {},
    afterIo: (callback) => void held.push(callback),
  });
  await storage.bulk.insertOwnedNumbers(NUMBERS.map((e164) => ({ e164, accountId: ALICE, productType: 'VoiceConnector', type: 'Local', country: 'US', at: clock.now() })));
});
afterEach(() => storage.close());

/** Runs the turns scheduled so far, as the event loop would after its I/O. */
const turn = (): void => {
  const due = held;
  held = [];
  for (const callback of due) callback();
};

describe('the services share the server turns', () => {
  it('an associate call waits for the turn the server schedules', async () => {
    const connector = await services.voiceConnectors.create(ALICE, { name: 'c', requireEncryption: false });
    const call = services.numberAssociations.associate(ALICE, { kind: 'VoiceConnectorId', id: connector.id }, NUMBERS, false);
    assert.equal(await settled(call), false);
    assert.equal(held.length, 1, 'one turn scheduled');
    assert.equal((await storage.associations.associationsOf(ALICE, NUMBERS)).size, 0);
    turn();
    assert.deepEqual(await call, []);
    assert.equal((await storage.associations.associationsOf(ALICE, NUMBERS)).size, 2);
  });

  it('a batch delete takes one turn per item', async () => {
    const batch = services.phoneNumbers.batchDelete(ALICE, NUMBERS);
    let turns = 0;
    while (!(await settled(batch))) {
      assert.equal(held.length, 1, 'one turn scheduled at a time');
      turn();
      turns++;
    }
    assert.deepEqual(await batch, []);
    assert.equal(turns, NUMBERS.length);
  });
});
