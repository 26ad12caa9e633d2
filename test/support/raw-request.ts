/** Sends one HTTP request exactly as given (optionally SigV4-signed) and returns what came back. */
import { request } from 'node:http';
import { signRequest } from './sign.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

export interface RawRequest {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sign with these credentials (default test/test); `false` sends the request unsigned. */
  sign?: false | { accessKeyId: string; secretAccessKey: string; region?: string; service?: string; date?: Date };
  /** Changes the body after signing (tampering). */
  bodyAfterSigning?: string;
  /** Changes the target after signing (tampering). */
  targetAfterSigning?: string;
}

export function sendRaw(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body);
  let headers: Record<string, string> = { host: url.host, ...req.headers };
  if (body.length > 0 && !headers['content-length']) headers['content-length'] = String(body.length);
  if (req.sign !== false) {
    const creds = req.sign ?? { accessKeyId: 'test', secretAccessKey: 'test' };
    headers = signRequest({
      method: req.method,
      target: req.target,
      headers,
      body,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      region: creds.region ?? 'us-east-1',
      service: creds.service ?? 'chime',
      date: creds.date ?? new Date(),
    });
  }
  const finalBody = req.bodyAfterSigning === undefined ? body : Buffer.from(req.bodyAfterSigning);
  if (req.bodyAfterSigning !== undefined) headers['content-length'] = String(finalBody.length);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, method: req.method, path: req.targetAfterSigning ?? req.target, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(finalBody);
  });
}
