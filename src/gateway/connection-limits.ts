/**
 * Caps on open connections, in total and per client address, counted as sockets open and close. A connection over a
 * cap is not dropped silently: its first request is answered 503 `ServiceUnavailableException` with `Retry-After`
 * and the connection closed (the SDKs retry such answers with backoff), without reading its body.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionCaps {
  maxConnections: number;
  maxConnectionsPerAddress: number;
}

export class ConnectionLimits {
  readonly #caps: ConnectionCaps;
  readonly #byAddress = new Map<string, number>();
  readonly #over = new WeakSet<Socket>();
  #total = 0;

  constructor(caps: ConnectionCaps) {
    this.#caps = caps;
  }

  /** Counts the server's connections from now on. */
  watch(server: Server): void {
    server.on('connection', (socket: Socket) => this.#opened(socket));
  }

  /** Whether the request's connection is over a cap (it is answered 503 and closed). */
  refuses(socket: Socket): boolean {
    return this.#over.has(socket);
  }

  /** Connections open now, in total. */
  get open(): number {
    return this.#total;
  }

  #opened(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    const count = (this.#byAddress.get(address) ?? 0) + 1;
    this.#byAddress.set(address, count);
    this.#total++;
    if (this.#total > this.#caps.maxConnections || count > this.#caps.maxConnectionsPerAddress) this.#over.add(socket);
    socket.once('close', () => {
      this.#total--;
      const left = (this.#byAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.#byAddress.delete(address);
      else this.#byAddress.set(address, left);
    });
  }
}
