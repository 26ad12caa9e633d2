/** Runs the real `bin/dialtone.js` as a child process, for tests that kill and restart it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dialtone.js');
const URL_LINE = /serving the Amazon Chime API at (http:\/\/\S+)/;

export interface DialtoneProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/**
 * Starts dialtone and resolves once it prints its URL; kills it and rejects after `timeoutMs`. `bin` runs another
 * entry: the bundle (`dialtoneBundle()` of ./bundle.ts, which starts in a fraction of the CPU time of the sources
 * through tsx) or another checkout's bin/dialtone.js (benchmarks comparing versions); `nodeArgs` go to node before it
 * (e.g. `--cpu-prof`).
 */
export function startDialtone(env: Record<string, string>, timeoutMs = 20_000, bin = BIN, nodeArgs: string[] = []): Promise<DialtoneProcess> {
  const child = spawn(process.execPath, [...nodeArgs, bin], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dialtone did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = URL_LINE.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, exited, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`dialtone exited (${code ?? signal}) before serving:\n${out}`));
    });
  });
}
