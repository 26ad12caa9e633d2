/**
 * Runs one `dialtone` command as a process of its own and answers how it ended: the bundle that `npm start` and the
 * npm package run (support/bundle.ts), which starts in a fraction of the CPU time of `bin/dialtone.js` through tsx.
 */
import { execFile } from 'node:child_process';
import { dialtoneBundle } from './bundle.ts';

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `dialtone ...args` with only `env` (and PATH) set; `input` is written to its standard input. Never rejects. */
export async function runCli(args: string[], env: Record<string, string>, input?: string, timeoutMs = 60_000): Promise<CliOutcome> {
  const bin = await dialtoneBundle();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}
