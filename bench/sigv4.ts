/**
 * A SigV4 signer for the load loop: the canonical target of test/support/sign.ts, and checked against its whole
 * signature at start-up (see {@link selfCheck}), but the signing key is derived once per day and canonical targets are cached, so
 * signing one request costs two SHA-256 and one HMAC.
 */
import { createHash, createHmac } from 'node:crypto';
import { canonicalTarget, signRequest } from '../test/support/sign.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export const TEST_CREDENTIALS: Credentials = { accessKeyId: 'test', secretAccessKey: 'test', region: 'us-east-1', service: 'chime' };

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export class FastSigner {
  readonly #c: Credentials;
  readonly #host: string;
  readonly #targets = new Map<string, { path: string; query: string }>();
  #second = -1;
  #stamp = '';
  #day = '';
  #key: Buffer = Buffer.alloc(0);
  #scope = '';

  /** `host` as the client sends it, e.g. `127.0.0.1:8080`. */
  constructor(host: string, credentials: Credentials = TEST_CREDENTIALS) {
    this.#c = credentials;
    this.#host = host;
  }

  /**
   * Headers to send (lower-case names): host, x-amz-date, authorization, and content-type when there is a body.
   * `now` is for tests; the load loop signs with the current time.
   */
  sign(method: string, target: string, body?: string, now: number = Date.now()): Record<string, string> {
    this.#tick(now);
    let canonical = this.#targets.get(target);
    if (canonical === undefined) {
      canonical = canonicalTarget(target);
      if (this.#targets.size < 100_000) this.#targets.set(target, canonical);
    }
    const hasBody = body !== undefined && body !== '';
    const payloadHash = hasBody ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256;
    const signedHeaders = hasBody ? 'content-type;host;x-amz-date' : 'host;x-amz-date';
    const canonicalHeaders = hasBody
      ? `content-type:application/json\nhost:${this.#host}\nx-amz-date:${this.#stamp}\n`
      : `host:${this.#host}\nx-amz-date:${this.#stamp}\n`;
    const canonicalRequest = `${method}\n${canonical.path}\n${canonical.query}\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
    const stringToSign = `AWS4-HMAC-SHA256\n${this.#stamp}\n${this.#scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
    const signature = createHmac('sha256', this.#key).update(stringToSign).digest('hex');
    const headers: Record<string, string> = {
      host: this.#host,
      'x-amz-date': this.#stamp,
      authorization: `AWS4-HMAC-SHA256 Credential=${this.#c.accessKeyId}/${this.#scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
    if (hasBody) headers['content-type'] = 'application/json';
    return headers;
  }

  #tick(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.#second) return;
    this.#second = second;
    this.#stamp = new Date(second * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = this.#stamp.slice(0, 8);
    if (day === this.#day) return;
    this.#day = day;
    const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
    this.#key = hmac(hmac(hmac(hmac('AWS4' + this.#c.secretAccessKey, day), this.#c.region), this.#c.service), 'aws4_request');
    this.#scope = `${day}/${this.#c.region}/${this.#c.service}/aws4_request`;
  }
}

/** Throws unless {@link FastSigner} signs exactly as the independent test signer does. */
export function selfCheck(): void {
  const host = '127.0.0.1:4567';
  const now = Date.UTC(2026, 10, 27, 12, 0, 0);
  const signer = new FastSigner(host);
  const cases: { method: string; target: string; body?: string }[] = [
    { method: 'POST', target: '/phone-number-orders', body: '{"ProductType":"VoiceConnector","E164PhoneNumbers":["+12065550100"]}' },
    { method: 'GET', target: '/search?type=phone-numbers&max-results=10&area-code=206' },
    { method: 'GET', target: '/phone-number-orders/ff735d1f-0da7-4aaf-81e1-73a3d339f353' },
  ];
  for (const c of cases) {
    const mine = signer.sign(c.method, c.target, c.body, now);
    const base: Record<string, string> = { host };
    if (c.body !== undefined) base['content-type'] = 'application/json';
    const theirs = signRequest({ method: c.method, target: c.target, headers: base, body: c.body, ...TEST_CREDENTIALS, date: new Date(now) });
    if (mine.authorization !== theirs.authorization) {
      throw new Error(`bench signer disagrees with test/support/sign.ts for ${c.method} ${c.target}:\n${mine.authorization}\n${theirs.authorization}`);
    }
  }
}
