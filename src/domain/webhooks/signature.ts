/**
 * The signature of a delivery, Stripe-style: `Dialtone-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<raw body>")>`. The receiver recomputes it over the raw body, compares in constant time and refuses a `t` older
 * than its tolerance (docs/events.md shows how, in Node and Python).
 */
import { createHmac } from 'node:crypto';

/** The header's name. */
export const SIGNATURE_HEADER = 'Dialtone-Signature';

/** @example signatureOf('whsec_x', '{"id":"…"}', 1767225600) → 't=1767225600,v1=5d41…' */
export function signatureOf(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
