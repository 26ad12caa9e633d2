/**
 * The deletion queue and the account settings through the real JS SDK, on the test clock: delete → queued → restore;
 * delete → 8 days → released (NotFound, unlisted, aging, then orderable again); the 7-day rule of the default calling
 * name, which numbers acquired afterwards take; and another account changing none of it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchDeletePhoneNumberCommand,
  BatchUpdatePhoneNumberCommand,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberSettingsCommand,
  ListPhoneNumbersCommand,
  RestorePhoneNumberCommand,
  SearchAvailablePhoneNumbersCommand,
  UpdatePhoneNumberCommand,
  UpdatePhoneNumberSettingsCommand,
  type ChimeClient,
  type PhoneNumber,
} from '@aws-sdk/client-chime';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { statuses, waitForTerminal } from '../support/orders.ts';
import { advanceClock, assertError, eventually, numberRange, orderNumbers } from '../support/phone-numbers.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const POOL = numberRange('+12065550100', 100); // inventory.pool ['+120655501']: exactly these 100 numbers

describe('the deletion queue, release and aging, and the phone-number settings', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;

  const get = async (id: string, client = alice): Promise<PhoneNumber> =>
    (await client.send(new GetPhoneNumberCommand({ PhoneNumberId: id }))).PhoneNumber!;
  const available = async (): Promise<string[]> =>
    (await alice.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206', MaxResults: 100 }))).E164PhoneNumbers ?? [];
  const listed = async (client = alice): Promise<string[]> =>
    ((await client.send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? []).map((n) => n.E164PhoneNumber!);

  before(async () => {
    server = await startTestServer({
      config: {
        inventory: { pool: ['+120655501'], agingDays: 10 },
        carrier: { latencyMs: 0 },
        fulfilment: { idleMs: 10 },
        testing: { clockControl: true },
        phoneNumbers: { sweepIntervalMs: 50 },
      },
    });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
    await orderNumbers(alice, 'VoiceConnector', POOL.slice(0, 40));
    await orderNumbers(alice, 'VoiceConnector', ['+12065550200']); // outside the pool: AcquireFailed
    await orderNumbers(bob, 'VoiceConnector', POOL.slice(90, 95));
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('queues a deleted number for 7 days, restorable; by either id form', async () => {
    const before = Date.now();
    const deleted = await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const queued = await get('%2B12065550100');
    assert.equal(queued.Status, 'DeleteInProgress');
    const deletion = queued.DeletionTimestamp!.getTime();
    assert.ok(deletion >= before + 7 * DAY_MS - 1000 && deletion <= Date.now() + 7 * DAY_MS + 1000, String(queued.DeletionTimestamp));
    const inQueue = (await alice.send(new ListPhoneNumbersCommand({ Status: 'DeleteInProgress' }))).PhoneNumbers!;
    assert.deepEqual(inQueue.map((n) => [n.E164PhoneNumber, n.DeletionTimestamp?.getTime()]), [['+12065550100', deletion]]);
    assert.ok(!(await available()).includes('+12065550100'), 'a queued number is not for sale');

    await assertError(alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: '%2B12065550100' })), 'BadRequestException', 400, /already in the deletion queue/);
    await assertError(alice.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550100', ProductType: 'BusinessCalling' })), 'BadRequestException', 400, /DeleteInProgress/);
    await assertError(bob.send(new RestorePhoneNumberCommand({ PhoneNumberId: '+12065550100' })), 'NotFoundException', 404);

    const restored = await alice.send(new RestorePhoneNumberCommand({ PhoneNumberId: '%2B12065550100' }));
    assert.equal(restored.$metadata.httpStatusCode, 200);
    assert.equal(restored.PhoneNumber?.Status, 'Unassigned');
    assert.equal(restored.PhoneNumber?.DeletionTimestamp, undefined);
    assert.deepEqual(restored.PhoneNumber?.Associations, []);
    await assertError(alice.send(new RestorePhoneNumberCommand({ PhoneNumberId: '+12065550100' })), 'BadRequestException', 400, /not in the deletion queue/);
    await assertError(alice.send(new RestorePhoneNumberCommand({ PhoneNumberId: '+12065550199' })), 'NotFoundException', 404);
    await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: '12065550100' }));
    assert.equal((await get('+12065550100')).Status, 'DeleteInProgress', 'bare digits work too');
    await alice.send(new RestorePhoneNumberCommand({ PhoneNumberId: '+12065550100' }));
  });

  it('deletes only Unassigned numbers; another account deletes nothing', async () => {
    await assertError(alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550200' })), 'BadRequestException', 400, /AcquireFailed/);
    await assertError(alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550199' })), 'NotFoundException', 404);
    await assertError(bob.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550101' })), 'NotFoundException', 404);
    await assertError(alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: POOL[90]! })), 'NotFoundException', 404);
    assert.equal((await get('+12065550101')).Status, 'Unassigned');
  });

  it('batch-deletes the valid ids and reports the others, echoing the id form used', async () => {
    await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550104' }));
    const result = await alice.send(
      new BatchDeletePhoneNumberCommand({
        PhoneNumberIds: ['+12065550102', '%2B12065550103', '%2B12065550199', '+12065550104', '+12065550200', '12065550102', 'abc', POOL[91]!],
      }),
    );
    assert.equal(result.$metadata.httpStatusCode, 200);
    assert.deepEqual(
      result.PhoneNumberErrors?.map((e) => [e.PhoneNumberId, e.ErrorCode]),
      [
        ['%2B12065550199', 'NotFound'],
        ['+12065550104', 'BadRequest'],
        ['+12065550200', 'BadRequest'],
        ['12065550102', 'BadRequest'],
        ['abc', 'BadRequest'],
        [POOL[91], 'NotFound'],
      ],
    );
    for (const n of ['+12065550102', '+12065550103', '+12065550104']) assert.equal((await get(n)).Status, 'DeleteInProgress');
    assert.equal((await get(POOL[91]!, bob)).Status, 'Unassigned');
    const clean = await alice.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: ['+12065550105'] }));
    assert.deepEqual(clean.PhoneNumberErrors, []);
    await assertError(
      alice.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: numberRange('+12065550000', 101) })),
      'BadRequestException',
      400,
      /101 items; the limit is 100/,
    );
    await assertError(alice.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: [] })), 'BadRequestException', 400, /PhoneNumberIds/);
    for (const n of ['+12065550102', '%2B12065550103', '+12065550104', '+12065550105']) {
      await alice.send(new RestorePhoneNumberCommand({ PhoneNumberId: n }));
    }
  });

  it('releases a queued number after 7 days: NotFound, unlisted, aging, then orderable again', async () => {
    const gone = '+12065550110';
    await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: gone }));
    await alice.send(new DeletePhoneNumberCommand({ PhoneNumberId: '%2B12065550111' }));
    await advanceClock(server, { advanceDays: 6 });
    await alice.send(new RestorePhoneNumberCommand({ PhoneNumberId: '+12065550111' }));
    assert.equal((await get(gone)).Status, 'DeleteInProgress', 'still restorable on day 6');

    await advanceClock(server, { advanceDays: 2 });
    await assertError(get(gone), 'NotFoundException', 404);
    await assertError(get(gone.replace('+', '%2B')), 'NotFoundException', 404);
    await assertError(alice.send(new RestorePhoneNumberCommand({ PhoneNumberId: gone })), 'NotFoundException', 404);
    assert.ok(!(await listed()).includes(gone));
    assert.deepEqual(((await alice.send(new ListPhoneNumbersCommand({ Status: 'DeleteInProgress' }))).PhoneNumbers ?? []), []);
    assert.equal((await get('+12065550111')).Status, 'Unassigned', 'the restored number stays');

    // Aging (inventory.agingDays = 10): not offered, and an order for it fails as not available.
    await eventually(async () => assert.ok(!(await available()).includes(gone)));
    const early = await bob.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [gone] }));
    const refused = await waitForTerminal(bob, early.PhoneNumberOrder!.PhoneNumberOrderId!);
    assert.deepEqual(statuses(refused), { [gone]: 'Failed' });

    await advanceClock(server, { advanceDays: 11 });
    await eventually(async () => assert.ok((await available()).includes(gone), 'offered again after aging'));
    const [reordered] = await orderNumbers(bob, 'VoiceConnector', [gone]);
    assert.equal(reordered!.Status, 'Successful');
    const now = await get(gone, bob);
    assert.equal(now.Status, 'Unassigned');
    assert.ok(Date.now() + 18 * DAY_MS - now.CreatedTimestamp!.getTime() < 5 * 60_000, 'a new record, created on the moved clock');
    await assertError(get(gone), 'NotFoundException', 404);
    assert.ok(!(await listed()).includes(gone));
  });

  it('keeps the default calling name per account and lets it change once every 7 days', async () => {
    const empty = await alice.send(new GetPhoneNumberSettingsCommand({}));
    assert.equal(empty.$metadata.httpStatusCode, 200);
    assert.equal(empty.CallingName, undefined);
    assert.equal(empty.CallingNameUpdatedTimestamp, undefined);

    const put = await alice.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'Acme Corp' }));
    assert.equal(put.$metadata.httpStatusCode, 204);
    const set = await alice.send(new GetPhoneNumberSettingsCommand({}));
    assert.equal(set.CallingName, 'Acme Corp');
    const changedAt = set.CallingNameUpdatedTimestamp!;
    assert.ok(changedAt instanceof Date);
    await alice.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'Acme Corp' })); // the same name: accepted, no change
    assert.deepEqual((await alice.send(new GetPhoneNumberSettingsCommand({}))).CallingNameUpdatedTimestamp, changedAt);

    const next = new Date(changedAt.getTime() + 7 * DAY_MS).toISOString();
    const early = await assertError(alice.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'Acme Two' })), 'BadRequestException', 400);
    assert.ok(early.message.includes(next), early.message);
    await assertError(alice.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'X' })), 'BadRequestException', 400, /CallingName.*pattern/);

    assert.deepEqual((await bob.send(new GetPhoneNumberSettingsCommand({}))).CallingName, undefined, "Bob sees none of Alice's settings");
    await bob.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'Bob Inc' }));
    assert.equal((await bob.send(new GetPhoneNumberSettingsCommand({}))).CallingName, 'Bob Inc');
    assert.equal((await alice.send(new GetPhoneNumberSettingsCommand({}))).CallingName, 'Acme Corp');

    // A number acquired from now on takes the default, propagating like any calling-name update; those held keep theirs.
    const [ordered] = await orderNumbers(bob, 'VoiceConnector', [POOL[96]!]);
    assert.equal(ordered!.Status, 'Successful');
    const fresh = await get(POOL[96]!, bob);
    assert.deepEqual([fresh.Status, fresh.CallingName, fresh.CallingNameStatus], ['Unassigned', 'Bob Inc', 'UpdateInProgress']);
    const held = await get(POOL[92]!, bob);
    assert.deepEqual([held.CallingName, held.CallingNameStatus], [undefined, 'Unassigned']);

    await advanceClock(server, { advanceDays: 7 });
    await eventually(async () => assert.equal((await get(POOL[96]!, bob)).CallingNameStatus, 'UpdateSucceeded'));
    await alice.send(new UpdatePhoneNumberSettingsCommand({ CallingName: '' }));
    const cleared = await alice.send(new GetPhoneNumberSettingsCommand({}));
    assert.equal(cleared.CallingName, '');
    assert.ok(cleared.CallingNameUpdatedTimestamp! > changedAt);
  });

  it('refuses to move the test clock past year 9998 (a year before the last timestamp an SDK reads), and keeps answering creates', async () => {
    const before = await advanceClock(server, { advanceMinutes: 0 });
    const response = await fetch(`${server.url}/_dialtone/clock`, { method: 'POST', body: JSON.stringify({ advanceDays: 1e8 }) });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'BadRequestException');
    assert.match(((await response.json()) as { Message: string }).Message, /cannot move past 9998-12-31T23:59:59.999Z/);
    assert.equal(await advanceClock(server, { advanceMinutes: 0 }), before, 'a refused move leaves the clock where it was');
    const created = await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+13125550177'] }));
    assert.equal(created.PhoneNumberOrder?.Status, 'Processing');
    // Settled before the next case lists the account's numbers, so that its list does not change under it.
    await waitForTerminal(alice, created.PhoneNumberOrder!.PhoneNumberOrderId!);
  });

  it('lets another account see and change none of the inventory', async () => {
    const mine = await listed();
    assert.ok(mine.length > 30);
    const theirs = await listed(bob);
    assert.ok(theirs.every((n) => !mine.includes(n)));
    const batch = await bob.send(
      new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: mine[0]!, CallingName: 'Bob' }] }),
    );
    assert.deepEqual(batch.PhoneNumberErrors?.map((e) => e.ErrorCode), ['NotFound']);
    const deletes = await bob.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: mine.slice(0, 3) }));
    assert.deepEqual(deletes.PhoneNumberErrors?.map((e) => e.ErrorCode), ['NotFound', 'NotFound', 'NotFound']);
    assert.deepEqual(await listed(), mine);
    assert.ok((await Promise.all(mine.slice(0, 3).map((n) => get(n)))).every((n) => n.CallingNameStatus === 'Unassigned' && n.Status !== 'DeleteInProgress'));
  });
});
