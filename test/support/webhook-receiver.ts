/** A real webhook receiver on 127.0.0.1 for tests: records every request (raw body, headers) and answers as told. */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed envelope. */
  event: { id: string; 'detail-type': string; seq: number; account: string; time: string; detail: Record<string, unknown>; resources: string[] };
  receivedAt: number;
}

/** What the receiver does with a request: answer this status, or hold it unanswered until closed. */
export type Behaviour = number | 'hold';

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  behaviour: Behaviour = 200;
  /** Awaited before each answer (a receiver that looks at something first, or answers slowly). */
  beforeAnswer: ((delivery: Delivery) => Promise<void>) | undefined;
  #server: Server | undefined;
  #held: ServerResponse[] = [];
  #waiters: (() => void)[] = [];
  port = 0;

  /** Listens on 127.0.0.1 (on `port` when given: a receiver coming back at the same address). */
  async start(port = this.port): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const delivery = { headers: req.headers, body, event: JSON.parse(body) as Delivery['event'], receivedAt: Date.now() };
        this.deliveries.push(delivery);
        for (const wake of this.#waiters.splice(0)) wake();
        void (async () => {
          await this.beforeAnswer?.(delivery);
          if (this.behaviour === 'hold') this.#held.push(res);
          else if (!res.destroyed) res.writeHead(this.behaviour, { 'content-type': 'text/plain' }).end('ok');
        })();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Stops listening and cuts every connection (held requests included): the target is down. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    for (const res of this.#held.splice(0)) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Deliveries of these event types, in arrival order. */
  of(...types: string[]): Delivery[] {
    return this.deliveries.filter((d) => types.includes(d.event['detail-type']));
  }

  /** Resolves once `done()` holds, checked at each delivery; rejects after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs = 20_000, what = 'deliveries'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${this.deliveries.length}: ${this.deliveries.map((d) => d.event['detail-type']).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
