/**
 * jsonMembers answers what JSON.parse answers: the same members and items, whatever the text's spacing, the sizes of
 * its chunks (multi-byte characters and escapes split across them) and of its batches; it refuses every text that
 * JSON.parse refuses (and a repeated member), one byte changed at random in thousands of texts included; and it
 * answers a fault when it reaches it, without reading the rest.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonMembers, JsonMembersError, type JsonMember } from '../../../src/shared/json-members.ts';

/** The text's bytes in pieces of `size`. */
function* piecesOf(text: string, size: number): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The chunks as the stream of a file gives them. */
async function* asynchronous(chunks: Iterable<Buffer> | AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield* chunks;
}

/** The object the members make, each array's batches joined (checking that batches follow each other). */
async function assembled(chunks: Iterable<Buffer> | AsyncIterable<Buffer>, batchBytes?: number): Promise<Record<string, unknown>> {
  const object: Record<string, unknown> = {};
  for await (const member of jsonMembers(asynchronous(chunks), batchBytes) as AsyncIterable<JsonMember>) {
    // Own members, as JSON.parse makes them (a member "__proto__" included).
    if (member.kind === 'value') Object.defineProperty(object, member.key, { value: member.value, enumerable: true, writable: true, configurable: true });
    else if (member.kind === 'array') Object.defineProperty(object, member.key, { value: [], enumerable: true, writable: true, configurable: true });
    else {
      const list = object[member.key] as unknown[];
      assert.equal(member.first, list.length, `batches of ${member.key} in order`);
      assert.ok(member.items.length > 0, 'no empty batch');
      list.push(...member.items);
    }
  }
  return object;
}

/** JSON.parse's object, or its refusal. */
function parsed(text: string): { value: unknown } | { error: true } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: true };
  }
}

/** A pseudo-random generator with a seed, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const STRINGS = ['', 'plain', 'naïve café ☎ 𝄞', '"quoted" \\ back\nslash', '\u2028\u0000\t', '{[,:]}', '\\"', 'ü'.repeat(40)];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 5 : 7));
  switch (pick) {
    case 0:
      return STRINGS[Math.floor(next() * STRINGS.length)];
    case 1:
      return [0, -0.5, 1e21, 123456789012, 3.14159, -1e-7][Math.floor(next() * 6)];
    case 2:
      return [true, false, null][Math.floor(next() * 3)];
    case 3:
    case 4:
      return `${STRINGS[Math.floor(next() * STRINGS.length)]}${Math.floor(next() * 1000)}`;
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}${STRINGS[Math.floor(next() * STRINGS.length)]}`, randomValue(next, depth + 1)]));
  }
}

function randomDocument(next: () => number): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const members = Math.floor(next() * 6);
  for (let i = 0; i < members; i++) {
    const key = i === 0 ? '__proto__' : `m${i}${STRINGS[Math.floor(next() * STRINGS.length)]}`;
    document[key] = next() < 0.5 ? Array.from({ length: Math.floor(next() * 12) }, () => randomValue(next, 1)) : randomValue(next, 1);
  }
  return document;
}

const SPACINGS = [undefined, 2, '\t', ' \r\n '] as const;

describe('jsonMembers', () => {
  test('gives the members JSON.parse gives, in any chunks and batches', async () => {
    const next = random(14);
    for (let round = 0; round < 120; round++) {
      const text = JSON.stringify(randomDocument(next), null, SPACINGS[round % SPACINGS.length]);
      const expected = JSON.parse(text) as unknown;
      for (const size of [1, 3, 7, 64 * 1024]) {
        for (const batchBytes of [1, 40, 1 << 20]) {
          assert.deepEqual(await assembled(piecesOf(text, size), batchBytes), expected, `${text} in pieces of ${size}, batches of ${batchBytes}`);
        }
      }
    }
  });

  test('gives an own __proto__ member, as JSON.parse does', async () => {
    const members = await assembled(piecesOf('{"__proto__": 1, "a": [{"__proto__": 2}]}', 5));
    assert.deepEqual(Object.keys(members), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(members), Object.prototype);
  });

  test('refuses what JSON.parse refuses, and a repeated member', async () => {
    const refusals = [
      '', ' ', '{', '{"a":1', '{"a":[1,2', '{"a":[1,]}', '{"a":[,1]}', '{"a":[1,,2]}', '{"a" 1}', '{"a":1,}', '{,}', '{"a":}', '{"a"}',
      '{} {}', '{}}', '{"a":1}}', '{"a":[1]]}', '{"a":{"b":1]}', '{"a":[{"b":1]}]}', '{"a":[{"b":1}}]}', '{"a": tru}', '{"a":"x\\"}',
      '{"a":"\u0001"}', '{a:1}', "{'a':1}", '{"a":1 "b":2}', '{"a":[1 2]}', '{"a":01}', 'x', '{"a":1,"a":2}', '\ufeff{}', '{"a":[1]}x',
    ];
    for (const text of refusals) {
      for (const size of [1, 4, 1024]) {
        await assert.rejects(assembled(piecesOf(text, size), 2), JsonMembersError, `${JSON.stringify(text)} in pieces of ${size}`);
      }
    }
  });

  test('tells JSON of another kind than an object from text that is not JSON', async () => {
    for (const text of ['[1]', '"a"', '12', 'true', 'null', '-1']) {
      await assert.rejects(assembled(piecesOf(text, 1)), (error: unknown) => error instanceof JsonMembersError && error.notAnObject, text);
    }
    await assert.rejects(assembled(piecesOf('hello', 1)), (error: unknown) => error instanceof JsonMembersError && !error.notAnObject && /unexpected 'h' at byte 0/.test(error.message));
  });

  test('agrees with JSON.parse on texts with one byte changed', async () => {
    const next = random(99);
    const replacements = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', 'x', '1', 'n', '\n', '\u0001', '-', '.', 'e'];
    let refused = 0;
    for (let round = 0; round < 2000; round++) {
      const text = JSON.stringify(randomDocument(next), null, round % 2 === 0 ? undefined : 1);
      const at = Math.floor(next() * text.length);
      // Through UTF-8 and back, as a file holds it: a surrogate pair cut in two becomes U+FFFD.
      const mutated = Buffer.from(text.slice(0, at) + replacements[Math.floor(next() * replacements.length)] + text.slice(at + (next() < 0.5 ? 1 : 0))).toString();
      const expected = parsed(mutated);
      const object = 'value' in expected && typeof expected.value === 'object' && expected.value !== null && !Array.isArray(expected.value);
      let got: Record<string, unknown> | JsonMembersError;
      try {
        got = await assembled(piecesOf(mutated, 1 + (round % 5)), 1 + (round % 50));
      } catch (error) {
        assert.ok(error instanceof JsonMembersError, String(error));
        got = error;
      }
      if (!object) {
        assert.ok(got instanceof JsonMembersError, `refused: ${JSON.stringify(mutated)}`);
        refused += 1;
      } else if (got instanceof JsonMembersError) {
        // Accepted by JSON.parse: refused only for a repeated member (JSON.parse keeps the last).
        assert.match(got.message, /appears twice/, `${JSON.stringify(mutated)}: ${got.message}`);
      } else {
        assert.deepEqual(got, (expected as { value: unknown }).value, JSON.stringify(mutated));
      }
    }
    assert.ok(refused > 300, `${refused} refused texts among the mutations`);
  });

  test('answers a fault when it reaches it, without reading the rest', async () => {
    let given = 0;
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"a": [');
      for (let i = 0; i < 100; i++, given++) yield Buffer.from('1,1,1,1,1,');
      yield Buffer.from('x,');
      for (let i = 0; i < 100_000; i++, given++) yield Buffer.from('1,1,1,1,1,');
      yield Buffer.from('1]}');
    }
    await assert.rejects(assembled(chunks(), 16), /item \d+: /);
    assert.ok(given < 1_000, `read ${given} chunks past the fault`);
  });

  test('gives batches of about the size asked, each a whole number of items', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ e164: `+1206555${String(i).padStart(4, '0')}`, n: i }));
    const text = JSON.stringify({ before: 1, list: items, after: 'x' }, null, 2);
    const batches: number[] = [];
    for await (const member of jsonMembers(asynchronous(piecesOf(text, 4096)), 2048)) if (member.kind === 'items') batches.push(member.items.length);
    assert.equal(batches.reduce((a, b) => a + b, 0), 1000);
    assert.ok(batches.length >= 20 && batches.length <= 40, `${batches.length} batches`);
  });
});
