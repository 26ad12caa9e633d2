/** The ceiling server (bench/ceiling-server.mjs) as a child process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTemp, removeTemp, startChild, stopChild } from './children.ts';
import { FastSigner } from './sigv4.ts';

export interface CeilingServer {
  pid: number;
  url: string;
  signer: FastSigner;
  stop(): Promise<void>;
}

/**
 * Starts the ceiling server (on core `cpu` when given, see pinning.ts; under `wrapper`, see children.ts; with node's
 * `nodeFlags`).
 */
export async function startCeiling(timeoutMs = 10_000, cpu?: string, wrapper?: string[], nodeFlags: string[] = []): Promise<CeilingServer> {
  const root = registerTemp(mkdtempSync(join(tmpdir(), 'dialtone-bench-ceiling-')));
  const started = await startChild({
    args: [...nodeFlags, join(import.meta.dirname, 'ceiling-server.mjs')],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    logDir: root,
    urlPattern: /serving at (http:\/\/\S+)/,
    timeoutMs,
    ...(cpu !== undefined && { cpu }),
    ...(wrapper !== undefined && { wrapper }),
  });
  return {
    pid: started.pid,
    url: started.url,
    signer: new FastSigner(new URL(started.url).host),
    async stop() {
      await stopChild(started, 2_000);
      removeTemp(root);
    },
  };
}
