/** Voice connector ids as AWS shapes them: 22 lower-case letters and digits, e.g. `abcdef1ghij2klmno3pqr4`. */
import type { IdSource } from '../shared/ids.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const VOICE_CONNECTOR_ID_LENGTH = 22;
/** Bytes at or above this (7 × 36) are skipped, so that every character is equally likely. */
const UNBIASED_BELOW = 252;

/**
 * A new random connector id (about 113 bits) from `ids`: reproducible with a seeded source.
 * @example newVoiceConnectorId(cryptoIds) → 'k3v9qz0ab7mdx1r2tpe8wn'
 */
export function newVoiceConnectorId(ids: IdSource): string {
  let id = '';
  while (id.length < VOICE_CONNECTOR_ID_LENGTH) {
    for (const byte of ids.bytes(32)) {
      if (byte >= UNBIASED_BELOW) continue;
      id += ALPHABET[byte % ALPHABET.length];
      if (id.length === VOICE_CONNECTOR_ID_LENGTH) break;
    }
  }
  return id;
}
