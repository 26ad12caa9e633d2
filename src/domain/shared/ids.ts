/** Randomness, injected so that tests can make ids and keys reproducible. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface IdSource {
  /** A random UUID v4 in lower-case hex. */
  uuid(): string;
  /** `length` random bytes. */
  bytes(length: number): Buffer;
}

export const cryptoIds: IdSource = {
  uuid: () => randomUUID(),
  bytes: (length) => randomBytes(length),
};

/**
 * A UUID v7 (RFC 9562, section 5.7) for `at`, made from a UUID v4 of `ids`: the first 48 bits are `at` in Unix
 * milliseconds, then the version (7), 12 random bits, the variant and 62 random bits. 74 random bits make it as hard to
 * guess as any other id here; what it tells beyond a v4 is its creation time, to the millisecond.
 *
 * Ids in time order keep the new entries of an index that holds them together at its end: an order's id keys the
 * order, its numbers and its job, and random v4 ids scattered each create's and each settlement's writes over as many
 * pages of those indexes as there were orders. Measured with ids in time order instead of v4: fulfilment 98.5 → 80.0
 * µs of CPU per one-number order (`bench/fulfilment-steps.ts [--random-ids]`), creates at 50 connections with
 * fulfilment alongside 3,662–3,981 → 5,032–5,674 per second (`bench/create-cost.ts`, alternated).
 * A time outside what 48 bits of milliseconds hold (before 1970, after the year 10889: a test clock set far) gives a
 * plain v4: the id is then only out of order, never refused.
 */
export function timeOrderedUuid(ids: IdSource, at: Date): string {
  const ms = at.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms > 0xffff_ffff_ffff) return ids.uuid();
  const time = ms.toString(16).padStart(12, '0');
  // xxxxxxxx-xxxx-4xxx-vxxx-xxxxxxxxxxxx: the time over the first 12 digits, 7 over the version digit.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${ids.uuid().slice(15)}`;
}

/** Deterministic ids from a seed (SHA-256 counter mode): the same seed gives the same sequence. */
export function seededIds(seed: string): IdSource {
  let counter = 0;
  const next = (length: number): Buffer => {
    const chunks: Buffer[] = [];
    let have = 0;
    while (have < length) {
      const chunk = createHash('sha256').update(`${seed}:${counter++}`).digest();
      chunks.push(chunk);
      have += chunk.length;
    }
    return Buffer.concat(chunks).subarray(0, length);
  };
  return {
    bytes: next,
    uuid: () => {
      const b = next(16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const hex = b.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}
