/**
 * The speakers of calls as tests name them, over a real SQLite storage's meta table: set, read, speakerOf and remove,
 * a set replacing what was named before, and every refusal (a `BadRequestException`, nothing written).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CALL_SPEAKERS_PREFIX, CallSpeakerStore } from '../../../src/app/call-speakers.ts';
import { ServiceError } from '../../../src/protocol/errors.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import type { Storage } from '../../../src/storage/storage.ts';

const CALL = 'c1e6f0d2-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
const OTHER = 'd2f7a1e3-4c5b-4d6e-9fa0-1b2c3d4e5f6a';

/** A `BadRequestException` whose message matches. */
const badRequest =
  (message: RegExp) =>
  (error: unknown): boolean =>
    error instanceof ServiceError && error.type === 'BadRequestException' && message.test(error.message);

describe('call speakers', () => {
  let storage: Storage;
  let speakers: CallSpeakerStore;

  beforeEach(async () => {
    storage = await openSqliteStorage({ file: ':memory:' });
    speakers = new CallSpeakerStore(storage.meta);
  });
  afterEach(() => storage.close());

  /** The speakers of both legs of the call, by speakerOf. */
  const legs = async (transactionId: string) => [await speakers.speakerOf(transactionId, 'Caller'), await speakers.speakerOf(transactionId, 'Callee')];

  it('names the speakers of a call, reads them back, answers each leg, and forgets them', async () => {
    assert.deepEqual(await speakers.read(CALL), { transactionId: CALL }, 'none named: only the transactionId');
    assert.deepEqual(await legs(CALL), [undefined, undefined]);

    assert.deepEqual(await speakers.set({ transactionId: CALL, caller: 'alice', callee: 'bob' }), { transactionId: CALL, caller: 'alice', callee: 'bob' });
    assert.deepEqual(await speakers.read(CALL), { transactionId: CALL, caller: 'alice', callee: 'bob' });
    assert.deepEqual(await legs(CALL), ['alice', 'bob']);
    assert.deepEqual(await speakers.read(OTHER), { transactionId: OTHER }, 'another call has none');
    assert.deepEqual(await legs(OTHER), [undefined, undefined]);
    assert.deepEqual(JSON.parse((await storage.meta.read(`${CALL_SPEAKERS_PREFIX}${CALL}`))!), { caller: 'alice', callee: 'bob' }, 'one meta row per call');

    assert.equal(await speakers.remove(CALL), true);
    assert.deepEqual(await speakers.read(CALL), { transactionId: CALL });
    assert.deepEqual(await legs(CALL), [undefined, undefined]);
    assert.equal(await storage.meta.read(`${CALL_SPEAKERS_PREFIX}${CALL}`), undefined);
    assert.equal(await speakers.remove(CALL), false, 'the second time');
    assert.equal(await speakers.remove(OTHER), false, 'a call never named');
  });

  it('names one leg, leaving the other its own speaker', async () => {
    const caller = await speakers.set({ transactionId: CALL, caller: 'alice' });
    assert.deepEqual(caller, { transactionId: CALL, caller: 'alice' });
    assert.equal(Object.hasOwn(caller, 'callee'), false, 'no callee key');
    assert.deepEqual(await speakers.read(CALL), { transactionId: CALL, caller: 'alice' });
    assert.equal(Object.hasOwn(await speakers.read(CALL), 'callee'), false);
    assert.deepEqual(await legs(CALL), ['alice', undefined]);

    assert.deepEqual(await speakers.set({ transactionId: OTHER, callee: 'bob', caller: undefined }), { transactionId: OTHER, callee: 'bob' }, 'a member given as undefined is left out');
    assert.deepEqual(await legs(OTHER), [undefined, 'bob']);
  });

  it('replaces what was named before: a leg left out is its own speaker again', async () => {
    await speakers.set({ transactionId: CALL, caller: 'alice', callee: 'bob' });
    await speakers.set({ transactionId: OTHER, caller: 'dave' });
    assert.deepEqual(await speakers.set({ transactionId: CALL, callee: 'carol' }), { transactionId: CALL, callee: 'carol' });
    assert.deepEqual(await speakers.read(CALL), { transactionId: CALL, callee: 'carol' }, 'alice is no longer the caller');
    assert.deepEqual(await legs(CALL), [undefined, 'carol']);
    assert.deepEqual(await speakers.set({ transactionId: CALL, caller: 'bob', callee: 'alice' }), { transactionId: CALL, caller: 'bob', callee: 'alice' });
    assert.deepEqual(await legs(CALL), ['bob', 'alice']);
    assert.deepEqual(await legs(OTHER), ['dave', undefined], "the other call's speakers stay");
  });

  it('keeps names and ids as given, up to 256 characters', async () => {
    const longest = 'x'.repeat(256);
    const name = ` Ålice "the" \u{1F5E3}\t`;
    assert.deepEqual(await speakers.set({ transactionId: longest, caller: longest, callee: name }), { transactionId: longest, caller: longest, callee: name });
    assert.deepEqual(await speakers.read(longest), { transactionId: longest, caller: longest, callee: name }, 'not trimmed');
    assert.deepEqual(await legs(longest), [longest, name]);
    assert.deepEqual(await speakers.read('x'.repeat(255)), { transactionId: 'x'.repeat(255) }, 'another call');
    assert.equal(await speakers.remove(longest), true);
    assert.deepEqual(await speakers.set({ transactionId: ' a', caller: 'b' }), { transactionId: ' a', caller: 'b' });
    assert.deepEqual(await speakers.read('a'), { transactionId: 'a' }, 'ids are not trimmed either');
  });

  it('refuses an unknown member, no leg, a value that is not a string of 1 to 256 characters, and writes nothing', async () => {
    await speakers.set({ transactionId: CALL, caller: 'alice', callee: 'bob' });
    const refusals: [string, Record<string, unknown>, RegExp][] = [
      ['an unknown member', { transactionId: CALL, caller: 'carol', speaker: 'x' }, /^Unknown member "speaker"; the body names transactionId, caller and callee$/],
      ['a member named in another case', { transactionId: CALL, Caller: 'carol' }, /Unknown member "Caller"/],
      ['a long unknown member, cut in the message', { ['m'.repeat(100)]: 1, transactionId: CALL, caller: 'carol' }, new RegExp(`Unknown member "${'m'.repeat(64)}";`)],
      ['no leg', { transactionId: CALL }, /^Name the speaker of the caller, of the callee or of both$/],
      ['both legs undefined', { transactionId: CALL, caller: undefined, callee: undefined }, /Name the speaker/],
      ['no transactionId', { caller: 'carol' }, /^transactionId must be a string of 1 to 256 characters, not only white space$/],
      ['an empty body', {}, /^transactionId must be/],
    ];
    for (const value of [42, null, true, ['alice'], { name: 'alice' }, '', ' ', '\t\n', 'y'.repeat(257)]) {
      const label = JSON.stringify(value).slice(0, 20);
      refusals.push(
        [`transactionId ${label}`, { transactionId: value, caller: 'carol' }, /^transactionId must be a string of 1 to 256 characters/],
        [`caller ${label}`, { transactionId: CALL, caller: value, callee: 'carol' }, /^caller must be a string of 1 to 256 characters, not only white space$/],
        [`callee ${label}`, { transactionId: CALL, caller: 'carol', callee: value }, /^callee must be a string of 1 to 256 characters/],
      );
    }
    for (const [what, input, message] of refusals) {
      await assert.rejects(speakers.set(input), badRequest(message), what);
    }
    assert.deepEqual(await speakers.read(CALL), { transactionId: CALL, caller: 'alice', callee: 'bob' }, 'nothing written by a refused set');
    assert.deepEqual([...(await storage.meta.list(CALL_SPEAKERS_PREFIX)).keys()], [`${CALL_SPEAKERS_PREFIX}${CALL}`], 'no other row either');
  });

  it('refuses to read, answer or forget the speakers of a transactionId that is not a string of 1 to 256 characters', async () => {
    for (const id of ['', '   ', 'z'.repeat(257)]) {
      const refused = badRequest(/^transactionId must be a string of 1 to 256 characters/);
      await assert.rejects(speakers.read(id), refused, JSON.stringify(id));
      await assert.rejects(speakers.speakerOf(id, 'Caller'), refused);
      await assert.rejects(speakers.remove(id), refused);
    }
  });

  it('reads a call whose stored value is not JSON, or has no string names, as none named', async () => {
    await storage.meta.write(`${CALL_SPEAKERS_PREFIX}${CALL}`, 'not json');
    assert.deepEqual(await speakers.read(CALL), { transactionId: CALL });
    await storage.meta.write(`${CALL_SPEAKERS_PREFIX}${CALL}`, JSON.stringify({ caller: 7, callee: ['bob'] }));
    assert.deepEqual(await legs(CALL), [undefined, undefined]);
    for (const stored of ['null', '"alice"', '[1]']) {
      await storage.meta.write(`${CALL_SPEAKERS_PREFIX}${CALL}`, stored);
      assert.deepEqual(await legs(CALL), [undefined, undefined], stored);
    }
    assert.equal(await speakers.remove(CALL), true, 'and forgets it');
  });
});
