// Verifies a dialtone webhook delivery (Node.js 20+). `rawBody`: the request body exactly as received (string or Buffer).
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifyDialtoneSignature(secret, rawBody, header, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000)) {
  const fields = Object.fromEntries(String(header ?? '').split(',').map((part) => part.trim().split('=', 2)));
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  const given = Buffer.from(fields.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
