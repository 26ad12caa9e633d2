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
