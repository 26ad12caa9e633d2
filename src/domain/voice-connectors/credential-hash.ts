/**
 * The hash kept of a termination credential's password: scrypt (N 4096, r 8, p 1, 32 bytes) with 16 random bytes of
 * salt, written `scrypt$4096$8$1$<salt>$<hash>` (base64url). dialtone never checks a SIP password; it keeps only what
 * would let it, so that a copy of the database gives no password away. scrypt runs on libuv's thread pool, about 20 ms
 * of CPU and 4 MiB a hash on the 2-core test host (N 16384 took 70–80 ms, which a call of ten credentials would have
 * made most of a second of CPU).
 */
import { scrypt } from 'node:crypto';
import type { IdSource } from '../shared/ids.ts';

const N = 4096;
const R = 8;
const P = 1;
const LENGTH = 32;

export async function hashPassword(ids: IdSource, password: string): Promise<string> {
  const salt = ids.bytes(16);
  const hash = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, LENGTH, { N, r: R, p: P }, (error, key) => (error ? reject(error) : resolve(key)));
  });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}
