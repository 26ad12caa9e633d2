/**
 * HMAC-SHA256 (RFC 2104) under one key, its padded keys computed once: a MAC is then two calls of node's one-shot
 * `hash`, without the Hmac object (and its key import) that `createHmac` builds each time. Used where one key signs
 * many messages: a SigV4 signing key (cached for a day of requests), the page-token key.
 * One MAC of a string-to-sign (about 130 bytes): 1.0 µs, against 1.9 µs by `createHmac(…).digest('hex')` and 2.7 µs by
 * `.digest()` (Node 24).
 */
import { hash } from 'node:crypto';

const BLOCK = 64;
const INNER_PAD = 0x36;
const OUTER_PAD = 0x5c;

export class HmacSha256 {
  readonly #inner: Buffer;
  readonly #outer: Buffer;

  constructor(key: Buffer | string) {
    let bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
    if (bytes.length > BLOCK) bytes = Buffer.from(hash('sha256', bytes, 'hex'), 'hex');
    this.#inner = Buffer.alloc(BLOCK, INNER_PAD);
    this.#outer = Buffer.alloc(BLOCK, OUTER_PAD);
    for (let i = 0; i < bytes.length; i++) {
      this.#inner[i]! ^= bytes[i]!;
      this.#outer[i]! ^= bytes[i]!;
    }
  }

  /** The MAC of `message` (UTF-8) in lowercase hex. */
  hex(message: string): string {
    const inner = Buffer.allocUnsafe(BLOCK + Buffer.byteLength(message, 'utf8'));
    this.#inner.copy(inner, 0);
    inner.write(message, BLOCK, 'utf8');
    const outer = Buffer.allocUnsafe(BLOCK + 32);
    this.#outer.copy(outer, 0);
    outer.write(hash('sha256', inner, 'hex'), BLOCK, 'hex');
    return hash('sha256', outer, 'hex');
  }

  /** The MAC of `message` as 32 bytes. */
  bytes(message: string): Buffer {
    return Buffer.from(this.hex(message), 'hex');
  }
}
