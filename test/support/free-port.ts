/** A TCP port free on 127.0.0.1, for a child process that must be told its port before it listens. */
import { createServer } from 'node:net';

/** A port free on 127.0.0.1 now (the probe that found it is closed before it is answered). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
