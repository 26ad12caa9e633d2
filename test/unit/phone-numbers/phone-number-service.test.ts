/**
 * The phone-number service over real SQLite storage and a manual clock: listing rules and paging, the sweep
 * (persisted, idempotent, safe with sweeps at once, one event per record it completes), associations in batch deletes,
 * and the settings guard under concurrent changes (one change, one event). Several nodes at once: on PostgreSQL in
 * test/unit/postgres-number-events.test.ts (two connections of one process cannot both hold SQLite transactions).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { PhoneNumberService } from '../../../src/domain/phone-numbers/phone-number-service.ts';
import { PhoneNumberSettingsService } from '../../../src/domain/phone-numbers/phone-number-settings-service.ts';
import type { AssociationReader } from '../../../src/domain/ports/associations.ts';
import { ManualClock } from '../../../src/domain/shared/clock.ts';
import { cryptoIds } from '../../../src/domain/shared/ids.ts';
import { newVoiceConnectorId } from '../../../src/domain/voice-connectors/voice-connector-id.ts';
import type { DomainError } from '../../../src/domain/shared/domain-error.ts';
import { PageTokens } from '../../../src/domain/shared/page-tokens.ts';
import type { Storage } from '../../../src/storage/storage.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { numberStorage, settingsStorage } from '../../support/number-services.ts';

const ALICE = '111111111111';
const BOB = '222222222222';
const DAY_MS = 86_400_000;
const tokens = new PageTokens(Buffer.alloc(32, 7));
const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-numbers-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
}

async function seed(storage: Storage, accountId: string, e164s: string[], at: Date): Promise<void> {
  await storage.bulk.insertOwnedNumbers(e164s.map((e164) => ({ e164, accountId, productType: 'VoiceConnector', type: 'Local', country: 'US', at })));
}

/** A failed acquisition, as fulfilment records it: reserved for an order, then refused by the carrier. */
async function failAcquisition(storage: Storage, accountId: string, e164: string, orderId: string, at: Date): Promise<void> {
  await storage.phoneNumbers.reserve([{ e164, accountId, orderId, productType: 'VoiceConnector', type: 'Local', country: 'US', at }]);
  await storage.phoneNumbers.settleAcquisitionsOf([{ orderId, e164, acquired: false }], at);
}

const range = (first: number, count: number): string[] => Array.from({ length: count }, (_, i) => `+1206555${first + i}`);

describe('PhoneNumberService on SQLite', () => {
  test('lists each number once in E.164 order, pages with a bound token, filters, and hides released numbers', async () => {
    const storage = await openSqliteStorage({ file: ':memory:' });
    const clock = new ManualClock();
    const service = new PhoneNumberService({ ...numberStorage(storage), clock, tokens });
    try {
      await seed(storage, ALICE, range(1000, 25), clock.now());
      await seed(storage, BOB, range(2000, 3), clock.now());
      await failAcquisition(storage, ALICE, '+12065553000', 'order-1', clock.now());
      await failAcquisition(storage, ALICE, '+12065553000', 'order-2', clock.now());
      await failAcquisition(storage, ALICE, '+12065553001', 'order-3', clock.now());
      await seed(storage, ALICE, ['+12065553001'], clock.now()); // acquired later: the failure is no longer listed
      await service.delete(ALICE, '+12065551000');

      const seen: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await service.list(ALICE, {}, { maxResults: 4, ...(nextToken ? { nextToken } : {}) });
        seen.push(...page.numbers.map((n) => `${n.e164}:${n.status}`));
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(seen, [
        '+12065551000:DeleteInProgress',
        ...range(1001, 24).map((n) => `${n}:Unassigned`),
        '+12065553000:AcquireFailed',
        '+12065553001:Unassigned',
      ]);
      const failed = await service.list(ALICE, { status: 'AcquireFailed' }, { maxResults: 10 });
      assert.deepEqual(failed.numbers.map((n) => n.e164), ['+12065553000']);
      const token = (await service.list(ALICE, {}, { maxResults: 1 })).nextToken!;
      await assert.rejects(service.list(ALICE, { status: 'Unassigned' }, { maxResults: 1, nextToken: token }), (e: DomainError) => e.fields.includes('nextToken'));
      await assert.rejects(service.list(BOB, {}, { maxResults: 1, nextToken: token }), (e: DomainError) => e.fields.includes('nextToken'));

      clock.advance(7 * DAY_MS);
      assert.equal((await service.list(ALICE, { status: 'DeleteInProgress' }, { maxResults: 10 })).numbers.length, 0, 'due: unlisted before the sweep');
      assert.deepEqual(await service.sweep(), { released: 1, callingNames: 0 });
      assert.deepEqual(await service.sweep(), { released: 0, callingNames: 0 }, 'idempotent');
      const record = await storage.phoneNumbers.get(ALICE, '+12065551000');
      assert.equal(record?.active, false);
      assert.deepEqual(record?.releasedAt, new Date(clock.now().getTime()), 'released at its deletion time');
      assert.deepEqual(await storage.phoneNumbers.agingSince(['+12065551000'], new Date(clock.now().getTime() - 1)), new Set(['+12065551000']));
      await assert.rejects(service.get(ALICE, '+12065551000'), (e: Error) => e.message.includes('No phone number'));
      assert.equal((await service.list(BOB, {}, { maxResults: 10 })).numbers.length, 3);
    } finally {
      await storage.close();
    }
  });

  test('the sweep records propagated calling names; updatedAt never moves backwards', async () => {
    const storage = await openSqliteStorage({ file: ':memory:' });
    const clock = new ManualClock();
    const service = new PhoneNumberService({ ...numberStorage(storage), clock, tokens, callingNamePropagationMs: 60_000 });
    try {
      await seed(storage, ALICE, ['+12065551000', '+12065551001'], clock.now());
      const start = clock.now().getTime();
      await service.update(ALICE, '+12065551000', { callingName: 'Acme' });
      await service.update(ALICE, '+12065551001', { callingName: 'Acme' });
      clock.advance(90_000);
      await service.update(ALICE, '%2B12065551001', { productType: 'SipMediaApplicationDialIn' }); // after the due time
      assert.deepEqual(await service.sweep(), { released: 0, callingNames: 2 });
      const first = await storage.phoneNumbers.get(ALICE, '+12065551000');
      assert.equal(first?.callingNameStatus, 'UpdateSucceeded');
      assert.equal(first?.callingNameDueAt, undefined);
      assert.equal(first?.updatedAt.getTime(), start + 60_000, 'updatedAt = the moment it propagated');
      const second = await storage.phoneNumbers.get(ALICE, '+12065551001');
      assert.equal(second?.updatedAt.getTime(), start + 90_000, 'a later change keeps its time');
      assert.equal((await service.get(ALICE, '+12065551001')).callingNameStatus, 'UpdateSucceeded');
    } finally {
      await storage.close();
    }
  });

  test('sweeps at once release each due number exactly once, each with one Released event', async () => {
    const file = tempFile();
    const clock = new ManualClock();
    const a = await openSqliteStorage({ file });
    try {
      const numbers = range(1000, 1200);
      await seed(a, ALICE, numbers, clock.now());
      const service = new PhoneNumberService({ ...numberStorage(a), clock, tokens, maxBatchItems: 1000 });
      for (let i = 0; i < numbers.length; i += 1000) assert.deepEqual(await service.batchDelete(ALICE, numbers.slice(i, i + 1000)), []);
      clock.advance(7 * DAY_MS + 1);
      const other = new PhoneNumberService({ ...numberStorage(a), clock, tokens });
      const results = await Promise.all([service.sweep(), other.sweep(), service.sweep()]);
      assert.equal(results.reduce((sum, r) => sum + r.released, 0), 1200);
      assert.equal((await service.list(ALICE, {}, { maxResults: 99 })).numbers.length, 0);
      const released = await a.events.after(ALICE, { afterSeq: 0, limit: 5000, types: ['Phone Number Released'] });
      assert.deepEqual(released.map((e) => e.detail['E164PhoneNumber']).sort(), [...numbers].sort(), 'one event per released number');
      assert.equal((await a.events.after(ALICE, { afterSeq: 0, limit: 5000, types: ['Phone Number Deleted'] })).length, 1200);
    } finally {
      await a.close();
    }
  });

  test('a batch delete reports an Assigned number as associations-exist and deletes the rest', async () => {
    const file = tempFile();
    const clock = new ManualClock();
    const storage = await openSqliteStorage({ file });
    try {
      await seed(storage, ALICE, ['+12065551000', '+12065551001'], clock.now());
      const raw = new Database(file);
      raw.prepare("update phone_numbers set status = 'Assigned' where e164 = ?").run('+12065551000');
      raw.close();
      const service = new PhoneNumberService({ ...numberStorage(storage), clock, tokens });
      const errors = await service.batchDelete(ALICE, ['%2B12065551000', '+12065551001']);
      assert.deepEqual(errors.map((e) => [e.id, e.reason]), [['%2B12065551000', 'associations-exist']]);
      assert.match(errors[0]!.error.message, /associations/);
      assert.equal((await service.get(ALICE, '+12065551001')).status, 'DeleteInProgress');
    } finally {
      await storage.close();
    }
  });

  test('a page shows the associations of its Assigned numbers and looks up only theirs (none for a page without one)', async () => {
    const storage = await openSqliteStorage({ file: ':memory:' });
    const clock = new ManualClock();
    const asked: string[][] = [];
    const associations: AssociationReader = {
      associationsOf: (accountId, e164s) => {
        asked.push([...e164s]);
        return storage.associations.associationsOf(accountId, e164s);
      },
    };
    const service = new PhoneNumberService({ ...numberStorage(storage), associations, clock, tokens });
    try {
      const e164s = range(1000, 4);
      await seed(storage, ALICE, e164s, clock.now());
      const vc = newVoiceConnectorId(cryptoIds);
      await storage.voiceConnectors.insert({ id: vc, accountId: ALICE, name: 'trunk', awsRegion: 'us-east-1', requireEncryption: true, tags: [], createdAt: clock.now(), updatedAt: clock.now() });
      await storage.transaction(async (repos) => {
        await repos.phoneNumbers.markAssigned(ALICE, [e164s[1]!, e164s[3]!], { productType: 'VoiceConnector', at: clock.now() });
        await repos.associations.associate(ALICE, [e164s[1]!, e164s[3]!], { kind: 'VoiceConnectorId', id: vc }, clock.now());
      });
      const all = await service.list(ALICE, {}, { maxResults: 10 });
      assert.deepEqual(
        all.numbers.map((n) => [n.e164, n.status, n.associations?.map((a) => a.target.id)]),
        [
          [e164s[0], 'Unassigned', undefined],
          [e164s[1], 'Assigned', [vc]],
          [e164s[2], 'Unassigned', undefined],
          [e164s[3], 'Assigned', [vc]],
        ],
      );
      assert.deepEqual(asked, [[e164s[1], e164s[3]]]);
      const unassigned = await service.list(ALICE, { status: 'Unassigned' }, { maxResults: 10 });
      assert.deepEqual(unassigned.numbers.map((n) => n.e164), [e164s[0], e164s[2]]);
      assert.equal(asked.length, 1, 'a page without an Assigned number reads no association');
    } finally {
      await storage.close();
    }
  });

  test('settings: concurrent changes of the default calling name let exactly one through', async () => {
    const file = tempFile();
    const clock = new ManualClock();
    const a = await openSqliteStorage({ file });
    try {
      const one = new PhoneNumberSettingsService({ ...settingsStorage(a), clock });
      const two = new PhoneNumberSettingsService({ ...settingsStorage(a), clock });
      await one.updateCallingName(ALICE, 'First');
      clock.advance(7 * DAY_MS);
      const outcomes = await Promise.allSettled([one.updateCallingName(ALICE, 'Second'), two.updateCallingName(ALICE, 'Third')]);
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, JSON.stringify(outcomes));
      const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      assert.match(String(rejected.reason), /once every 7 days/);
      assert.deepEqual(await one.get(BOB), {});
      const changes = await a.events.after(ALICE, { afterSeq: 0, limit: 10 });
      const winner = (await one.get(ALICE)).callingName;
      assert.deepEqual(
        changes.map((e) => [e.type, e.detail['CallingName']]),
        [
          ['Phone Number Settings Changed', 'First'],
          ['Phone Number Settings Changed', winner],
        ],
        'the refused change recorded nothing',
      );
    } finally {
      await a.close();
    }
  });
});
