/**
 * The events of owned numbers on PostgreSQL, with several "nodes" (each its own pool, as separate processes would
 * have) on one database: an update, a delete, a restore and a settings change each commit with their event, and an
 * update whose event cannot be stored leaves the number unchanged; the sweeps of every node at once release each due
 * number once with one event each and record each propagated calling name once; of concurrent calling-name updates of
 * one number and concurrent settings changes, exactly the one that changed something has an event.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PhoneNumberService } from '../../src/domain/phone-numbers/phone-number-service.ts';
import { PhoneNumberSettingsService } from '../../src/domain/phone-numbers/phone-number-settings-service.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { DomainError } from '../../src/domain/shared/domain-error.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { numberStorage, settingsStorage } from '../support/number-services.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

const T0 = Date.UTC(2026, 5, 1);
const DAY_MS = 86_400_000;
const tokens = new PageTokens(Buffer.alloc(32, 3));
let nodes: Storage[] = [];
let impatient: Storage;
let sql: pg.Pool;
const clock = new ManualClock(T0);

before(async () => {
  const url = await freshDatabase('number-events');
  nodes = await Promise.all([1, 2, 3].map(() => openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 10_000 })));
  impatient = await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 500 });
  sql = new pg.Pool({ connectionString: url, max: 2 });
});
after(async () => {
  await Promise.all([...nodes, impatient].map((n) => n?.close()));
  await sql?.end();
});

let accounts = 0;
const account = (): string => String(300_000_000_000 + ++accounts);
const range = (first: number, count: number): string[] => Array.from({ length: count }, (_, i) => `+1505555${first + i}`);
const service = (storage: Storage): PhoneNumberService => new PhoneNumberService({ ...numberStorage(storage), clock, tokens, maxBatchItems: 1000 });

async function own(accountId: string, e164s: string[]): Promise<void> {
  await nodes[0]!.bulk.insertOwnedNumbers(e164s.map((e164) => ({ e164, accountId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: clock.now() })));
}

describe('postgres: events of owned numbers', () => {
  it('each change commits with its event, on whichever node made it', async () => {
    const alice = account();
    const [x, y] = range(1000, 2) as [string, string];
    await own(alice, [x, y]);
    await service(nodes[0]!).update(alice, x, { productType: 'SipMediaApplicationDialIn' });
    await service(nodes[1]!).update(alice, y, { callingName: 'Acme' });
    await service(nodes[2]!).update(alice, y, { name: 'lobby' });
    await service(nodes[0]!).delete(alice, x);
    await service(nodes[1]!).restore(alice, x);
    await new PhoneNumberSettingsService({ ...settingsStorage(nodes[2]!), clock }).updateCallingName(alice, 'Alice Co');
    const events = await nodes[1]!.events.after(alice, { afterSeq: 0, limit: 100 });
    assert.deepEqual(
      events.map((e) => [e.seq, e.type, e.detail['PhoneNumberId'] ?? null, e.detail['Changes'] ? Object.keys(e.detail['Changes']).sort() : null, e.detail['Status'] ?? null]),
      [
        [1, 'Phone Number Updated', x, ['ProductType'], 'Unassigned'],
        [2, 'Phone Number Updated', y, ['CallingName', 'CallingNameStatus'], 'Unassigned'],
        [3, 'Phone Number Updated', y, ['Name'], 'Unassigned'],
        [4, 'Phone Number Deleted', x, null, 'DeleteInProgress'],
        [5, 'Phone Number Restored', x, null, 'Unassigned'],
        [6, 'Phone Number Settings Changed', null, null, null],
      ],
    );
    assert.equal(events[3]!.detail['DeletionTimestamp'], new Date(T0 + 7 * DAY_MS).toISOString());
    assert.deepEqual([events[2]!.detail['CallingName'], events[2]!.detail['CallingNameStatus'], events[2]!.detail['Name']], ['Acme', 'UpdateInProgress', 'lobby']);
  });

  it('an update whose event cannot be stored changes nothing', async () => {
    const alice = account();
    const [x] = range(2000, 1) as [string];
    await own(alice, [x]);
    await service(impatient).update(alice, x, { name: 'before' });
    // Another transaction holds the account's event sequence: the append waits past the impatient node's statement timeout.
    const holder = await sql.connect();
    try {
      await holder.query('begin');
      await holder.query('select last_seq from event_sequences where account_id = $1 for update', [alice]);
      await assert.rejects(service(impatient).update(alice, x, { name: 'after' }), (error: unknown) => !(error instanceof DomainError));
      await assert.rejects(service(impatient).delete(alice, x), (error: unknown) => !(error instanceof DomainError));
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    const record = await nodes[0]!.phoneNumbers.get(alice, x);
    assert.deepEqual([record?.name, record?.status], ['before', 'Unassigned'], 'neither change was kept');
    assert.deepEqual((await nodes[0]!.events.after(alice, { afterSeq: 0, limit: 10 })).map((e) => e.detail['Changes']), [{ Name: { Current: 'before' } }]);
  });

  it('every node sweeping at once releases each due number once, with one Released event each', async () => {
    const alice = account();
    const bob = account();
    const mine = range(3000, 400);
    const theirs = range(4000, 200);
    await own(alice, mine);
    await own(bob, theirs);
    assert.deepEqual(await service(nodes[0]!).batchDelete(alice, mine.slice(0, 200)), []);
    assert.deepEqual(await service(nodes[1]!).batchDelete(alice, mine.slice(200)), []);
    assert.deepEqual(await service(nodes[2]!).batchDelete(bob, theirs), []);
    await assert.rejects(service(nodes[0]!).update(alice, mine[0]!, { callingName: 'x' }), /DeleteInProgress/);
    clock.advance(7 * DAY_MS);
    const results = await Promise.all([0, 1, 2, 0, 1, 2].map((i) => service(nodes[i]!).sweep()));
    assert.equal(results.reduce((sum, r) => sum + r.released, 0), 600);
    for (const [owner, numbers] of [
      [alice, mine],
      [bob, theirs],
    ] as const) {
      const released = await nodes[0]!.events.after(owner, { afterSeq: 0, limit: 5000, types: ['Phone Number Released'] });
      assert.deepEqual(released.map((e) => e.detail['E164PhoneNumber']).sort(), [...numbers].sort(), 'one event per released number');
      const { rows } = await sql.query('select count(*)::int as n from phone_numbers where account_id = $1 and active = 0 and released_at is not null', [owner]);
      assert.equal(rows[0].n, numbers.length, 'and every released number has its event');
      assert.ok(released.every((e) => e.detail['DeletionTimestamp'] === new Date(T0 + 7 * DAY_MS).toISOString()));
    }
  });

  it('calling names propagated while every node sweeps: one event each', async () => {
    const alice = account();
    const numbers = range(5000, 60);
    await own(alice, numbers);
    for (const e164 of numbers) await service(nodes[0]!).update(alice, e164, { callingName: `name ${e164}` });
    clock.advance(60_000);
    const results = await Promise.all([0, 1, 2].map((i) => service(nodes[i]!).sweep()));
    assert.equal(results.reduce((sum, r) => sum + r.callingNames, 0), 60);
    const propagated = await nodes[2]!.events.after(alice, { afterSeq: 0, limit: 500, types: ['Phone Number Calling Name Propagated'] });
    assert.deepEqual(propagated.map((e) => e.detail['E164PhoneNumber']).sort(), numbers);
    assert.ok(propagated.every((e) => e.detail['CallingNameStatus'] === 'UpdateSucceeded' && e.detail['CallingName'] === `name ${e.detail['E164PhoneNumber']}`));
  });

  it('of concurrent calling-name updates of one number and concurrent settings changes, only what changed has an event', async () => {
    const alice = account();
    const [x] = range(6000, 1) as [string];
    await own(alice, [x]);
    const updates = await Promise.allSettled(nodes.map((node, i) => service(node).update(alice, x, { callingName: `node ${i}` })));
    assert.equal(updates.filter((u) => u.status === 'fulfilled').length, 1, JSON.stringify(updates));
    const settings = await Promise.allSettled(nodes.map((node, i) => new PhoneNumberSettingsService({ ...settingsStorage(node), clock }).updateCallingName(alice, `co ${i}`)));
    assert.equal(settings.filter((u) => u.status === 'fulfilled').length, 1, JSON.stringify(settings));
    const record = await nodes[0]!.phoneNumbers.get(alice, x);
    const chosen = await nodes[0]!.phoneNumberSettings.get(alice);
    assert.deepEqual(
      (await nodes[0]!.events.after(alice, { afterSeq: 0, limit: 10 })).map((e) => [e.type, e.detail['CallingName']]),
      [
        ['Phone Number Updated', record?.callingName],
        ['Phone Number Settings Changed', chosen?.callingName],
      ],
    );
  });
});
