/**
 * The phone-number service scoped by the request's API, over real SQLite storage and a manual clock: numbers of a
 * product type the API does not know are neither listed (pages stay full, tokens stay bound to the listing) nor found by
 * any operation; a status no number can have lists nothing; names are set, kept, cleared and changed at once.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ApiScope } from '../../../src/domain/numbers/api-scope.ts';
import { ALL_PRODUCT_TYPES, knownProductTypes, type ProductType } from '../../../src/domain/numbers/product-type.ts';
import { PhoneNumberService } from '../../../src/domain/phone-numbers/phone-number-service.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import type { Storage } from '../../../src/storage/storage.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { numberStorage } from '../../support/number-services.ts';

const ALICE = '111111111111';
const T0 = Date.UTC(2026, 5, 1);
/** What Chime SDK Voice knows: no Business Calling. */
const VOICE: ApiScope = { productTypes: knownProductTypes(['VoiceConnector', 'SipMediaApplicationDialIn']) };
/** What the legacy API knows: every product type, and no name to update. */
const LEGACY: ApiScope = { productTypes: ALL_PRODUCT_TYPES, updatable: ['productType', 'callingName'] };
const PRODUCTS: ProductType[] = ['BusinessCalling', 'VoiceConnector', 'SipMediaApplicationDialIn'];
/** Twelve numbers, product types in turn: +12065551000 Business Calling, …1001 Voice Connector, …1002 SIP media… */
const NUMBERS = Array.from({ length: 12 }, (_, i) => `+1206555${1000 + i}`);
const BUSINESS = NUMBERS.filter((_, i) => i % 3 === 0);
const VOICE_NUMBERS = NUMBERS.filter((_, i) => i % 3 !== 0);

let storage: Storage;
let clock: ManualClock;
let service: PhoneNumberService;

beforeEach(async () => {
  storage = await openSqliteStorage({ file: ':memory:' });
  clock = new ManualClock(T0);
  service = new PhoneNumberService({ ...numberStorage(storage), clock, tokens: new PageTokens(Buffer.alloc(32, 9)) });
  await storage.bulk.insertOwnedNumbers(NUMBERS.map((e164, i) => ({ e164, accountId: ALICE, productType: PRODUCTS[i % 3]!, type: 'Local', country: 'US', at: clock.now() })));
});
afterEach(() => storage.close());

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => assert.fail('expected a refusal'), (e: unknown) => e);
  assert.ok(error instanceof DomainError, String(error));
  return error;
}

async function listAll(scope: ApiScope | undefined, maxResults: number): Promise<{ pages: string[][] }> {
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await service.list(ALICE, {}, { maxResults, ...(nextToken ? { nextToken } : {}) }, scope);
    pages.push(page.numbers.map((n) => n.e164));
    nextToken = page.nextToken;
  } while (nextToken);
  return { pages };
}

describe('numbers of a product type the API does not know', () => {
  test('are not listed: full pages of the others, every visible number once', async () => {
    const voice = await listAll(VOICE, 3);
    assert.deepEqual(voice.pages, [VOICE_NUMBERS.slice(0, 3), VOICE_NUMBERS.slice(3, 6), VOICE_NUMBERS.slice(6)]);
    assert.deepEqual((await listAll(LEGACY, 5)).pages.flat(), NUMBERS, 'an API that knows every product type sees all');
    assert.deepEqual((await listAll(undefined, 99)).pages.flat(), NUMBERS, 'no scope: every product type');
    const business = await service.list(ALICE, { productType: 'BusinessCalling' }, { maxResults: 10 }, VOICE);
    assert.deepEqual(business.numbers, [], 'even asked for by name');
  });

  test('a token continues the listing it was issued for: not across APIs that see different numbers', async () => {
    const legacyToken = (await service.list(ALICE, {}, { maxResults: 2 }, LEGACY)).nextToken!;
    const voiceToken = (await service.list(ALICE, {}, { maxResults: 2 }, VOICE)).nextToken!;
    assert.ok((await refusal(service.list(ALICE, {}, { maxResults: 2, nextToken: legacyToken }, VOICE))).fields.includes('nextToken'));
    assert.ok((await refusal(service.list(ALICE, {}, { maxResults: 2, nextToken: voiceToken }, LEGACY))).fields.includes('nextToken'));
    const unscoped = await service.list(ALICE, {}, { maxResults: 2, nextToken: legacyToken });
    assert.deepEqual(unscoped.numbers.map((n) => n.e164), NUMBERS.slice(2, 4), 'an API that knows every product type keeps the listing key it had');
  });

  test('are not found by get, update, delete or restore, and are NotFound items in batches', async () => {
    const [hidden] = BUSINESS;
    for (const attempt of [
      () => service.get(ALICE, hidden!, VOICE),
      () => service.update(ALICE, hidden!, { callingName: 'Acme' }, VOICE),
      () => service.delete(ALICE, hidden!, VOICE),
      () => service.restore(ALICE, hidden!, VOICE),
    ]) {
      assert.equal((await refusal(attempt())).kind, 'not-found');
    }
    const deletes = await service.batchDelete(ALICE, [hidden!, VOICE_NUMBERS[0]!], VOICE);
    assert.deepEqual(deletes.map((e) => [e.id, e.reason]), [[hidden, 'not-found']]);
    const updates = await service.batchUpdate(ALICE, [{ id: BUSINESS[1]!, name: 'x' }, { id: VOICE_NUMBERS[1]!, name: 'x' }], VOICE);
    assert.deepEqual(updates.map((e) => [e.id, e.reason]), [[BUSINESS[1], 'not-found']]);
    assert.equal((await service.get(ALICE, hidden!, LEGACY)).status, 'Unassigned', 'untouched, and visible to the legacy API');
    assert.equal((await service.get(ALICE, BUSINESS[1]!)).name, undefined);
  });

  test('a queued Business Calling number cannot be restored through an API that does not know it', async () => {
    const [hidden] = BUSINESS;
    await service.delete(ALICE, hidden!, LEGACY);
    assert.equal((await refusal(service.restore(ALICE, hidden!, VOICE))).kind, 'not-found');
    assert.equal((await service.restore(ALICE, hidden!, LEGACY)).status, 'Unassigned');
  });
});

describe('the status filter', () => {
  test('a status no number of dialtone can have lists nothing, whatever its text', async () => {
    for (const status of ['PortinInProgress', 'Cancelled', 'PortinCancelRequested', 'unassigned', '', 'x'.repeat(2000)]) {
      const page = await service.list(ALICE, { status }, { maxResults: 10 }, VOICE);
      assert.deepEqual(page, { numbers: [] }, status);
    }
    assert.equal((await service.list(ALICE, { status: 'Unassigned' }, { maxResults: 99 }, VOICE)).numbers.length, VOICE_NUMBERS.length);
  });
});

describe('names', () => {
  test('are set, kept, cleared with an empty name, and change at once, not touching the calling name', async () => {
    const [x] = VOICE_NUMBERS;
    clock.advance(1_000);
    const named = await service.update(ALICE, x!, { name: 'Front desk' }, VOICE);
    assert.equal(named.name, 'Front desk');
    assert.equal(named.callingNameStatus, 'Unassigned', 'no propagation: nothing is in progress');
    assert.equal(named.updatedAt.getTime(), T0 + 1_000);
    clock.advance(1_000);
    const same = await service.update(ALICE, x!, { name: 'Front desk' }, VOICE);
    assert.equal(same.updatedAt.getTime(), T0 + 1_000, 'the same name again changes nothing');
    await service.update(ALICE, x!, { callingName: 'Acme' }, VOICE);
    const renamed = await service.update(ALICE, x!, { name: 'Lobby' }, VOICE);
    assert.deepEqual([renamed.name, renamed.callingName, renamed.callingNameStatus], ['Lobby', 'Acme', 'UpdateInProgress']);
    const cleared = await service.update(ALICE, x!, { name: '' }, VOICE);
    assert.equal(Object.hasOwn(cleared, 'name'), false);
    assert.equal(Object.hasOwn(await service.get(ALICE, x!), 'name'), false);
    assert.equal((await service.update(ALICE, x!, { name: '' }, VOICE)).updatedAt.getTime(), T0 + 2_000, 'clearing no name changes nothing');
  });

  test('one attribute per request, per item in a batch; the refusal of an empty one lists what the API offers', async () => {
    const [x, y, z] = VOICE_NUMBERS;
    const both = await refusal(service.update(ALICE, x!, { productType: 'VoiceConnector', name: 'x' }, VOICE));
    assert.deepEqual([both.kind, both.fields], ['invalid', ['productType', 'name']]);
    assert.deepEqual((await refusal(service.update(ALICE, x!, {}, VOICE))).fields, ['productType', 'callingName', 'name']);
    assert.deepEqual((await refusal(service.update(ALICE, x!, {}, LEGACY))).fields, ['productType', 'callingName']);
    const errors = await service.batchUpdate(ALICE, [{ id: x!, name: 'A' }, { id: y!, callingName: 'Acme', name: 'B' }, { id: z! }], VOICE);
    assert.deepEqual(errors.map((e) => [e.id, e.reason, e.error.fields.join()]), [
      [y, 'invalid', 'callingName,name'],
      [z, 'invalid', 'productType,callingName,name'],
    ]);
    assert.equal((await service.get(ALICE, x!)).name, 'A');
    assert.equal((await service.get(ALICE, y!)).name, undefined, 'a refused item changes nothing');
  });

  test('only numbers whose status accepts changes are renamed', async () => {
    const [x] = VOICE_NUMBERS;
    await service.delete(ALICE, x!, VOICE);
    const error = await refusal(service.update(ALICE, x!, { name: 'Queued' }, VOICE));
    assert.equal(error.kind, 'invalid');
    assert.match(error.message, /DeleteInProgress/);
  });
});
