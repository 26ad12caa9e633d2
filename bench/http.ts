/** A small signed keep-alive client on node:http for set-up traffic (not the load itself). */
import { Agent, request } from 'node:http';
import type { FastSigner } from './sigv4.ts';

export interface Reply {
  status: number;
  body: string;
}

export class ApiClient {
  readonly #base: URL;
  readonly #signer: FastSigner;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 16 });

  constructor(url: string, signer: FastSigner) {
    this.#base = new URL(url);
    this.#signer = signer;
  }

  send(method: string, target: string, body?: string, timeoutMs = 10_000): Promise<Reply> {
    const headers = this.#signer.sign(method, target, body);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.#base.hostname, port: this.#base.port, method, path: target, headers, agent: this.#agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${target} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

export function createOrderBody(numbers: string[]): string {
  return JSON.stringify({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers });
}
