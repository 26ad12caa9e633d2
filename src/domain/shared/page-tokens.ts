/**
 * Opaque pagination tokens: a base64url JSON position plus an HMAC that binds it to the account and the listing
 * (operation and filters). A token that was changed, or is presented by another account or for another listing,
 * is refused.
 */
import { timingSafeEqual } from 'node:crypto';
import { HmacSha256 } from '../../shared/hmac-sha256.ts';
import { DomainError, field, fieldText } from './domain-error.ts';

const MAC_BYTES = 16;

/** The refusal of a NextToken that was not issued for this caller and listing (or no longer decodes to a position). */
export function invalidNextToken(): DomainError {
  return new DomainError('invalid', fieldText`Invalid ${field('nextToken')}: it was not issued for this request`);
}

export class PageTokens {
  readonly #key: HmacSha256;

  constructor(key: Buffer) {
    if (key.length < 16) throw new Error('page token key must have at least 16 bytes');
    this.#key = new HmacSha256(key);
  }

  /** @example tokens.encode('111111111111', 'ListPhoneNumberOrders', { t: 1700000000000, id: 'abc' }) */
  encode(accountId: string, listing: string, position: unknown): string {
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${payload}.${this.#mac(accountId, listing, payload)}`;
  }

  /** The position inside `token`; `DomainError('invalid')` when it is malformed, tampered or not this caller's. */
  decode(accountId: string, listing: string, token: string): unknown {
    const dot = token.indexOf('.');
    const payload = dot > 0 ? token.slice(0, dot) : '';
    const mac = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.#mac(accountId, listing, payload), 'base64url');
    if (dot <= 0 || token.length > 2048 || mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
      throw invalidNextToken();
    }
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    } catch {
      throw invalidNextToken();
    }
  }

  #mac(accountId: string, listing: string, payload: string): string {
    return this.#key.bytes(`${accountId}\n${listing}\n${payload}`).subarray(0, MAC_BYTES).toString('base64url');
  }
}
