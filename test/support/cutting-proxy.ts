/**
 * A TCP proxy on 127.0.0.1 in front of a test server: it forwards every byte both ways, except that for the first
 * `cuts` requests that `matches` selects it destroys the client's connection the moment the server's answer arrives,
 * instead of forwarding it. The server has answered (and committed); the client never hears it, as after a lost
 * response, and retries on a new connection. Every request head that passes is recorded.
 *
 * Request heads are read off the client's byte stream (Content-Length bodies; the AWS SDKs send no chunked requests and
 * never pipeline), so an answer that arrives after a cut request's head belongs to that request.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Its answer was not forwarded: the client's connection was destroyed instead. */
  cut: boolean;
}

export interface CuttingProxy {
  /** `http://127.0.0.1:<port>`: give it to the client as its endpoint. */
  url: string;
  /** Every request head seen, in order. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export async function cuttingProxy(target: string, options: { matches: (request: ProxiedRequest) => boolean; cuts?: number }): Promise<CuttingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let cutsLeft = options.cuts ?? 1;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    const origin = connect({ host: upstream.hostname, port: Number(upstream.port) });
    for (const socket of [client, origin]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    let cutting = false;
    const reader = requestReader((request) => {
      requests.push(request);
      if (cutsLeft > 0 && options.matches(request)) {
        cutsLeft -= 1;
        request.cut = true;
        cutting = true;
      }
    });
    client.on('data', (chunk: Buffer) => {
      reader(chunk);
      origin.write(chunk);
    });
    origin.on('data', (chunk: Buffer) => {
      if (!cutting) {
        client.write(chunk);
        return;
      }
      client.destroy();
      origin.destroy();
    });
    client.on('end', () => origin.end());
    origin.on('end', () => client.end());
    client.on('close', () => origin.destroy());
    origin.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads HTTP/1.1 request heads off a byte stream, skipping Content-Length bodies. */
function requestReader(onRequest: (request: ProxiedRequest) => void): (chunk: Buffer) => void {
  let buffer = Buffer.alloc(0);
  let bodyLeft = 0;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (bodyLeft > 0) {
        const skipped = Math.min(bodyLeft, buffer.length);
        buffer = buffer.subarray(skipped);
        bodyLeft -= skipped;
        if (bodyLeft > 0) return;
      }
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [requestLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
      buffer = buffer.subarray(end + 4);
      const [method = '', path = ''] = requestLine.split(' ');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      bodyLeft = Number(headers['content-length'] ?? 0);
      onRequest({ method, path, headers, cut: false });
    }
  };
}
