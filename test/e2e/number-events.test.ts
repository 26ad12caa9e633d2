/**
 * The events of owned numbers and settings, driven through the real JS SDK clients of both APIs (legacy `chime` and
 * `chime-sdk-voice`) against a started server on the test clock, read back from the server's outbox (its SQLite file,
 * opened read-only, through the same event repository the server writes with): each change its event, in order, with
 * the number as the API shows it; the sweep's calling-name propagation and release; nothing for a refused change (a
 * batch's bad items, a number in the deletion queue, a calling name still propagating, the settings' 7-day rule), for
 * a change to the value a number already has, or for another account.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import {
  BatchDeletePhoneNumberCommand as ChimeBatchDelete,
  BatchUpdatePhoneNumberCommand as ChimeBatchUpdate,
  DeletePhoneNumberCommand as ChimeDelete,
  GetPhoneNumberCommand as ChimeGet,
  RestorePhoneNumberCommand as ChimeRestore,
  UpdatePhoneNumberCommand as ChimeUpdate,
  UpdatePhoneNumberSettingsCommand as ChimeUpdateSettings,
  type ChimeClient,
} from '@aws-sdk/client-chime';
import {
  BatchDeletePhoneNumberCommand as VoiceBatchDelete,
  BatchUpdatePhoneNumberCommand as VoiceBatchUpdate,
  DeletePhoneNumberCommand as VoiceDelete,
  RestorePhoneNumberCommand as VoiceRestore,
  UpdatePhoneNumberCommand as VoiceUpdate,
  UpdatePhoneNumberSettingsCommand as VoiceUpdateSettings,
  type ChimeSDKVoiceClient,
} from '@aws-sdk/client-chime-sdk-voice';
import type { StoredEvent } from '../../src/domain/events/event.ts';
import { KyselyEventRepository } from '../../src/storage/kysely/event-repository.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { advanceClock, assertError, eventually, numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { assertVoiceError, voiceClient } from '../support/voice.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const POOL = numberRange('+12065550100', 100); // inventory.pool ['+120655501']
const A = POOL.slice(0, 12); // Alice's numbers
const B = POOL.slice(50, 53); // Bob's numbers

/** An update event's `Changes` as `{ member: [Previous, Current] }` (`null`: no value on that side); `Capabilities`, which follow the product type, as 'changed'. */
function changesOf(event: StoredEvent): Record<string, unknown> {
  const changes = (event.detail['Changes'] ?? {}) as Record<string, { Previous?: unknown; Current?: unknown }>;
  return Object.fromEntries(Object.entries(changes).map(([member, c]) => [member, member === 'Capabilities' ? 'changed' : [c.Previous ?? null, c.Current ?? null]]));
}

describe('events of owned numbers and settings, through both APIs', () => {
  let server: TestServer;
  let chime: ChimeClient;
  let voice: ChimeSDKVoiceClient;
  let bob: ChimeClient;
  let log: Kysely<DatabaseSchema>;
  let events: KyselyEventRepository;
  /** The last sequence of Alice's events read so far; `fresh` reads on from there. */
  let cursor = 0;
  let bobSeq = 0;
  let aliceOrder = '';

  /** Alice's events since the last call, oldest first. */
  const fresh = async (): Promise<StoredEvent[]> => {
    const read = await events.after(ALICE.accountId, { afterSeq: cursor, limit: 1000 });
    cursor = read.at(-1)?.seq ?? cursor;
    return read;
  };
  const summary = (list: StoredEvent[]): [string, unknown][] => list.map((e) => [e.type, e.detail['E164PhoneNumber'] ?? e.detail['CallingName']]);
  /** Waits until Alice's next events number `count`, and answers them. */
  const next = async (count: number): Promise<StoredEvent[]> => {
    const start = cursor;
    const read = await eventually(async () => {
      const found = await events.after(ALICE.accountId, { afterSeq: start, limit: 1000 });
      assert.ok(found.length >= count, `${found.length} of ${count} events so far`);
      return found;
    });
    cursor = read.at(-1)!.seq;
    return read;
  };

  before(async () => {
    server = await startTestServer({
      config: {
        inventory: { pool: ['+120655501'] },
        carrier: { latencyMs: 0 },
        fulfilment: { idleMs: 10 },
        testing: { clockControl: true },
        phoneNumbers: { sweepIntervalMs: 50, callingNamePropagationMs: 60_000 },
      },
    });
    chime = chimeClient(server, ALICE);
    voice = voiceClient(server, ALICE);
    bob = chimeClient(server, BOB);
    aliceOrder = (await orderNumbers(chime, 'VoiceConnector', A))[0]!.PhoneNumberOrderId!;
    await orderNumbers(bob, 'VoiceConnector', B);
    log = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: new Database(join(server.dataDir, 'dialtone.sqlite'), { readonly: true }) }) });
    events = new KyselyEventRepository(log);
    cursor = await events.lastSeq(ALICE.accountId);
    bobSeq = await events.lastSeq(BOB.accountId);
    assert.ok(cursor > 0 && bobSeq > 0, 'the orders have their events');
  });
  after(async () => {
    chime.destroy();
    voice.destroy();
    bob.destroy();
    await log?.destroy();
    await server.close();
  });

  it('UpdatePhoneNumber: one event per change, the number as the API shows it, what changed; nothing when nothing changes', async () => {
    await chime.send(new ChimeUpdate({ PhoneNumberId: A[0], ProductType: 'BusinessCalling' }));
    await voice.send(new VoiceUpdate({ PhoneNumberId: encodeURIComponent(A[1]!), Name: 'front desk' }));
    await voice.send(new VoiceUpdate({ PhoneNumberId: A[1], Name: 'front desk' })); // the name it has: no change
    await chime.send(new ChimeUpdate({ PhoneNumberId: A[0], ProductType: 'BusinessCalling' })); // likewise
    await voice.send(new VoiceUpdate({ PhoneNumberId: A[1], Name: '' })); // cleared
    await chime.send(new ChimeUpdate({ PhoneNumberId: A[2], CallingName: 'Acme' }));

    const read = await fresh();
    assert.deepEqual(
      read.map((e) => [e.type, e.detail['PhoneNumberId'], changesOf(e)]),
      [
        ['Phone Number Updated', A[0], { ProductType: ['VoiceConnector', 'BusinessCalling'], Capabilities: 'changed' }],
        ['Phone Number Updated', A[1], { Name: [null, 'front desk'] }],
        ['Phone Number Updated', A[1], { Name: ['front desk', null] }],
        ['Phone Number Updated', A[2], { CallingName: [null, 'Acme'], CallingNameStatus: ['Unassigned', 'UpdateInProgress'] }],
      ],
    );
    const [productType, named, cleared, callingName] = read as [StoredEvent, StoredEvent, StoredEvent, StoredEvent];
    const shown = (await chime.send(new ChimeGet({ PhoneNumberId: A[0] }))).PhoneNumber!;
    assert.deepEqual(productType.detail, {
      PhoneNumberId: A[0],
      E164PhoneNumber: A[0],
      Country: 'US',
      Type: 'Local',
      ProductType: 'BusinessCalling',
      Status: 'Unassigned',
      Capabilities: { InboundCall: true, OutboundCall: true, InboundSMS: true, OutboundSMS: true, InboundMMS: true, OutboundMMS: true },
      CallingNameStatus: 'Unassigned',
      OrderId: aliceOrder, // the legacy model has no OrderId; the event has it, as the voice API shows it
      CreatedTimestamp: shown.CreatedTimestamp!.toISOString(),
      UpdatedTimestamp: shown.UpdatedTimestamp!.toISOString(),
      Changes: {
        ProductType: { Previous: 'VoiceConnector', Current: 'BusinessCalling' },
        Capabilities: {
          Previous: (productType.detail['Changes'] as Record<string, { Previous: unknown }>)['Capabilities']!.Previous,
          Current: { InboundCall: true, OutboundCall: true, InboundSMS: true, OutboundSMS: true, InboundMMS: true, OutboundMMS: true },
        },
      },
    });
    assert.equal(productType.at.getTime(), shown.UpdatedTimestamp!.getTime(), 'the event happened when the number changed');
    assert.deepEqual(productType.resources, [{ kind: 'phone-number', id: A[0] }]);
    assert.equal(named.detail['Name'], 'front desk');
    assert.equal(cleared.detail['Name'], undefined, 'a cleared name is shown as none');
    assert.deepEqual([callingName.detail['CallingName'], callingName.detail['CallingNameStatus']], ['Acme', 'UpdateInProgress']);
    assert.ok(read.every((e, i) => i === 0 || e.seq === read[i - 1]!.seq + 1), 'consecutive sequence numbers');
  });

  it('refused updates record nothing: a calling name still propagating, another account, a bad id', async () => {
    await assertError(chime.send(new ChimeUpdate({ PhoneNumberId: A[2], CallingName: 'Other' })), 'ConflictException', 409);
    await assertVoiceError(voice.send(new VoiceUpdate({ PhoneNumberId: A[2], CallingName: 'Other' })), 'ConflictException', 409);
    await assertError(bob.send(new ChimeUpdate({ PhoneNumberId: A[3], ProductType: 'BusinessCalling' })), 'NotFoundException', 404);
    await assertError(chime.send(new ChimeUpdate({ PhoneNumberId: 'abc', ProductType: 'BusinessCalling' })), 'BadRequestException', 400);
    await assertVoiceError(voice.send(new VoiceUpdate({ PhoneNumberId: A[3], ProductType: 'SipMediaApplicationDialIn', Name: 'x' })), 'BadRequestException', 400);
    assert.deepEqual(await fresh(), []);
  });

  it('BatchUpdatePhoneNumber: an event per applied item, in item order; none for a refused item', async () => {
    const legacy = await chime.send(
      new ChimeBatchUpdate({
        UpdatePhoneNumberRequestItems: [
          { PhoneNumberId: A[4], ProductType: 'BusinessCalling' },
          { PhoneNumberId: B[0], ProductType: 'BusinessCalling' }, // Bob's
          { PhoneNumberId: A[2], CallingName: 'Again' }, // still propagating
          { PhoneNumberId: A[3], CallingName: 'Acme Three' },
        ],
      }),
    );
    assert.deepEqual(legacy.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [
      [B[0], 'NotFound'],
      [A[2], 'Conflict'],
    ]);
    const sdk = await voice.send(
      new VoiceBatchUpdate({
        UpdatePhoneNumberRequestItems: [
          { PhoneNumberId: 'abc', Name: 'x' },
          { PhoneNumberId: A[5], Name: 'lobby' },
          { PhoneNumberId: A[5], Name: 'twice' }, // the same number again: refused
        ],
      }),
    );
    assert.deepEqual(sdk.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [
      ['abc', 'BadRequest'],
      [A[5], 'BadRequest'],
    ]);
    assert.deepEqual(
      (await fresh()).map((e) => [e.type, e.detail['PhoneNumberId'], changesOf(e)]),
      [
        ['Phone Number Updated', A[4], { ProductType: ['VoiceConnector', 'BusinessCalling'], Capabilities: 'changed' }],
        ['Phone Number Updated', A[3], { CallingName: [null, 'Acme Three'], CallingNameStatus: ['Unassigned', 'UpdateInProgress'] }],
        ['Phone Number Updated', A[5], { Name: [null, 'lobby'] }],
      ],
    );
  });

  it('the sweep records each propagated calling name', async () => {
    await advanceClock(server, { advanceMinutes: 2 });
    const propagated = await next(2);
    assert.deepEqual(
      propagated.map((e) => [e.type, e.detail['PhoneNumberId'], e.detail['CallingName'], e.detail['CallingNameStatus']]),
      [
        ['Phone Number Calling Name Propagated', A[2], 'Acme', 'UpdateSucceeded'],
        ['Phone Number Calling Name Propagated', A[3], 'Acme Three', 'UpdateSucceeded'],
      ],
    );
    const shown = (await chime.send(new ChimeGet({ PhoneNumberId: A[2] }))).PhoneNumber!;
    assert.equal(propagated[0]!.detail['UpdatedTimestamp'], shown.UpdatedTimestamp!.toISOString(), 'propagated when the API says');
    await sleep(250); // five more sweeps
    assert.deepEqual(await fresh(), [], 'once each');
    await chime.send(new ChimeUpdate({ PhoneNumberId: A[2], CallingName: 'Acme Again' })); // no longer propagating
    assert.deepEqual(summary(await fresh()), [['Phone Number Updated', A[2]]]);
  });

  it('DeletePhoneNumber and BatchDeletePhoneNumber queue with DeletionTimestamp; RestorePhoneNumber; refusals record nothing', async () => {
    await chime.send(new ChimeDelete({ PhoneNumberId: A[6] }));
    const queued = (await chime.send(new ChimeGet({ PhoneNumberId: A[6] }))).PhoneNumber!;
    await assertError(chime.send(new ChimeUpdate({ PhoneNumberId: A[6], ProductType: 'BusinessCalling' })), 'BadRequestException', 400, /DeleteInProgress/);
    await assertVoiceError(voice.send(new VoiceDelete({ PhoneNumberId: A[6] })), 'BadRequestException', 400, /already in the deletion queue/);
    await assertError(bob.send(new ChimeRestore({ PhoneNumberId: A[6] })), 'NotFoundException', 404);
    const restored = (await voice.send(new VoiceRestore({ PhoneNumberId: A[6] }))).PhoneNumber!;
    await assertError(chime.send(new ChimeRestore({ PhoneNumberId: A[6] })), 'BadRequestException', 400, /not in the deletion queue/);

    const legacy = await chime.send(new ChimeBatchDelete({ PhoneNumberIds: [A[7]!, B[1]!, 'abc', A[8]!] }));
    assert.deepEqual(legacy.PhoneNumberErrors?.map((e) => e.PhoneNumberId), [B[1], 'abc']);
    const sdk = await voice.send(new VoiceBatchDelete({ PhoneNumberIds: [A[9]!, A[7]!, A[9]!] }));
    assert.deepEqual(sdk.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]), [
      [A[7], 'BadRequest'],
      [A[9], 'BadRequest'],
    ]);

    const read = await fresh();
    assert.deepEqual(summary(read), [
      ['Phone Number Deleted', A[6]],
      ['Phone Number Restored', A[6]],
      ['Phone Number Deleted', A[7]],
      ['Phone Number Deleted', A[8]],
      ['Phone Number Deleted', A[9]],
    ]);
    const [deleted, back] = read as [StoredEvent, StoredEvent];
    assert.deepEqual([deleted.detail['Status'], deleted.detail['DeletionTimestamp']], ['DeleteInProgress', queued.DeletionTimestamp!.toISOString()]);
    assert.equal(Date.parse(deleted.detail['DeletionTimestamp'] as string) - deleted.at.getTime(), 7 * DAY_MS);
    assert.deepEqual([back.detail['Status'], back.detail['DeletionTimestamp'], back.detail['UpdatedTimestamp']], [
      'Unassigned',
      undefined,
      restored.UpdatedTimestamp!.toISOString(),
    ]);
  });

  it('the sweep records each release, with no status (the number is no longer the account’s)', async () => {
    const deletions = new Map<string, unknown>();
    for (const e164 of [A[7]!, A[8]!, A[9]!]) {
      deletions.set(e164, (await chime.send(new ChimeGet({ PhoneNumberId: e164 }))).PhoneNumber!.DeletionTimestamp!.toISOString());
    }
    await advanceClock(server, { advanceDays: 8 });
    const swept = await next(4);
    assert.deepEqual(summary(swept), [
      ['Phone Number Released', A[7]],
      ['Phone Number Released', A[8]],
      ['Phone Number Released', A[9]],
      ['Phone Number Calling Name Propagated', A[2]], // 'Acme Again', set above
    ]);
    for (const event of swept.slice(0, 3)) {
      assert.equal(event.detail['Status'], undefined);
      assert.equal(event.detail['DeletionTimestamp'], deletions.get(event.detail['E164PhoneNumber'] as string));
      assert.equal(event.detail['ProductType'], 'VoiceConnector');
    }
    await assertError(chime.send(new ChimeGet({ PhoneNumberId: A[7] })), 'NotFoundException', 404);
    await sleep(250); // five more sweeps
    assert.deepEqual(await fresh(), [], 'once each');
  });

  it('UpdatePhoneNumberSettings: an event per change; none for the same name or within 7 days', async () => {
    await chime.send(new ChimeUpdateSettings({ CallingName: 'Alice Co' }));
    await voice.send(new VoiceUpdateSettings({ CallingName: 'Alice Co' })); // unchanged: accepted, no event
    await assertVoiceError(voice.send(new VoiceUpdateSettings({ CallingName: 'Alice Ltd' })), 'BadRequestException', 400, /once every 7 days/);
    const read = await fresh();
    assert.deepEqual(
      read.map((e) => [e.type, e.detail, e.resources]),
      [['Phone Number Settings Changed', { CallingName: 'Alice Co', CallingNameUpdatedTimestamp: read[0]!.at.toISOString() }, []]],
    );
    await advanceClock(server, { advanceDays: 7 });
    await voice.send(new VoiceUpdateSettings({ CallingName: 'Alice Ltd' }));
    assert.deepEqual(summary(await fresh()), [['Phone Number Settings Changed', 'Alice Ltd']]);
  });

  it("another account's events include none of these", async () => {
    const bobs = await events.after(BOB.accountId, { afterSeq: bobSeq, limit: 100 });
    assert.deepEqual(bobs, []);
    const all = await events.after(BOB.accountId, { afterSeq: 0, limit: 1000 });
    assert.ok(all.every((e) => e.accountId === BOB.accountId && !A.includes(e.detail['E164PhoneNumber'] as string)));
  });
});
