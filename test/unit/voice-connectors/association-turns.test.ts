/**
 * Calls whose work grows with their list of numbers take turns of the event loop: an associate or disassociate call
 * waits for its account's turn before its transaction, and each item of a batch update or delete waits for one before
 * it is applied. Calls that arrive together then run one turn apart, with the requests read in between, instead of
 * back to back in the turn that read them (docs/performance.md: libuv accepts one connection per turn).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { associationWrites, connectorWrites } from '../../../src/app/services.ts';
import { PhoneNumberService } from '../../../src/domain/phone-numbers/phone-number-service.ts';
import type { Turns } from '../../../src/domain/ports/turns.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { seededIds } from '../../../src/domain/shared/ids.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import { NumberAssociationService } from '../../../src/domain/voice-connectors/number-association-service.ts';
import { VoiceConnectorService } from '../../../src/domain/voice-connectors/voice-connector-service.ts';
import { fairTurns } from '../../../src/shared/fair-turns.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';
import { numberStorage } from '../../support/number-services.ts';
import { gate, settled } from '../../support/turns.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const T0 = Date.UTC(2026, 5, 7, 8, 9, 10);
const ids = seededIds('association-turns');
const tokens = new PageTokens(Buffer.alloc(32, 7));

let storage: Storage;
let clock: ManualClock;
beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
});
afterEach(() => storage.close());

async function own(accountId: string, e164s: string[]): Promise<void> {
  await storage.bulk.insertOwnedNumbers(e164s.map((e164) => ({ e164, accountId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: clock.now() })));
}

async function connector(accountId: string): Promise<{ kind: 'VoiceConnectorId'; id: string }> {
  const quotas = { voiceConnectorQuotasOf: () => Promise.resolve({ maxVoiceConnectorsPerAccount: 3, maxVoiceConnectorGroupsPerAccount: 3 }) };
  const service = new VoiceConnectorService({ voiceConnectors: storage.voiceConnectors, unitOfWork: connectorWrites(storage), clock, ids, tokens, quotas });
  const made = await service.create(accountId, { name: 'c', requireEncryption: false });
  return { kind: 'VoiceConnectorId', id: made.id };
}

const associations = (turns: Turns): NumberAssociationService =>
  new NumberAssociationService({
    unitOfWork: associationWrites(storage),
    clock,
    ids,
    turns,
  });

const associated = async (accountId: string, e164s: string[]): Promise<string[]> => [...(await storage.associations.associationsOf(accountId, e164s)).keys()].sort();

describe('association and batch calls take turns', () => {
  it('an associate call writes nothing before its account has its turn, and takes one turn', async () => {
    const numbers = ['+12065550100', '+12065550101'];
    await own(ALICE, numbers);
    const target = await connector(ALICE);
    const turns = gate();
    const call = associations(turns).associate(ALICE, target, numbers, false);
    assert.equal(await settled(call), false, 'the call waits for its turn');
    assert.deepEqual(await associated(ALICE, numbers), [], 'nothing associated before the turn');
    turns.release();
    assert.deepEqual(await call, []);
    assert.deepEqual(await associated(ALICE, numbers), numbers);
    assert.deepEqual(turns.keys, [ALICE]);
  });

  it('a disassociate call waits for its turn as well', async () => {
    const numbers = ['+12065550100'];
    await own(ALICE, numbers);
    const target = await connector(ALICE);
    const turns = gate();
    const service = associations(turns);
    const first = service.associate(ALICE, target, numbers, false);
    turns.release();
    await first;
    const call = service.disassociate(ALICE, target, numbers);
    assert.equal(await settled(call), false);
    assert.deepEqual(await associated(ALICE, numbers), numbers, 'still associated before the turn');
    turns.release();
    assert.deepEqual(await call, []);
    assert.deepEqual(await associated(ALICE, numbers), []);
    assert.deepEqual(turns.keys, [ALICE, ALICE]);
  });

  it('a refused list (empty) is answered at once, without waiting for a turn', async () => {
    const target = await connector(ALICE);
    const turns = gate();
    await assert.rejects(associations(turns).associate(ALICE, target, [], false), { kind: 'invalid' });
    assert.deepEqual(turns.keys, []);
  });

  it('with the event loop turns, calls that arrive together commit one per turn, the accounts in rotation', async () => {
    const alice = ['+12065550100', '+12065550101', '+12065550102'];
    const bob = ['+13125550100'];
    await own(ALICE, alice);
    await own(BOB, bob);
    const [aliceTarget, bobTarget] = [await connector(ALICE), await connector(BOB)];
    const service = associations(fairTurns());
    const committed: string[] = [];
    const call = (accountId: string, target: { kind: 'VoiceConnectorId'; id: string }, e164: string): Promise<void> =>
      service.associate(accountId, target, [e164], false).then(() => void committed.push(e164));
    const calls = [call(ALICE, aliceTarget, alice[0]!), call(ALICE, aliceTarget, alice[1]!), call(ALICE, aliceTarget, alice[2]!), call(BOB, bobTarget, bob[0]!)];
    const perTurn: number[] = [];
    for (let turn = 0; turn < 4; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      perTurn.push(committed.length);
    }
    await Promise.all(calls);
    assert.deepEqual(perTurn, [1, 2, 3, 4], 'one call per turn of the event loop');
    assert.deepEqual(committed, [alice[0], bob[0], alice[1], alice[2]], "Bob's call comes before Alice's second");
  });

  it('each item of a batch delete waits for a turn of its own', async () => {
    const numbers = ['+12065550100', '+12065550101'];
    await own(ALICE, numbers);
    const turns = gate();
    const service = new PhoneNumberService({ ...numberStorage(storage, ids), clock, tokens, turns });
    const statuses = async (): Promise<string[]> => Promise.all(numbers.map(async (e164) => (await storage.phoneNumbers.get(ALICE, e164))!.status));
    const batch = service.batchDelete(ALICE, [...numbers, numbers[0]!]);
    assert.equal(await settled(batch), false);
    assert.deepEqual(await statuses(), ['Unassigned', 'Unassigned'], 'nothing deleted before the first turn');
    turns.release();
    assert.equal(await settled(batch), false);
    assert.deepEqual(await statuses(), ['DeleteInProgress', 'Unassigned'], 'the first item only');
    turns.release();
    const errors = await batch;
    assert.deepEqual(await statuses(), ['DeleteInProgress', 'DeleteInProgress']);
    assert.deepEqual(errors.map((e) => e.id), [numbers[0]], 'the repeat is refused without a turn');
    assert.deepEqual(turns.keys, [ALICE, ALICE]);
  });
});
