/** Runs one `dialtone` command (bin/dialtone.js) as a process of its own and answers how it ended. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dialtone.js');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `dialtone ...args` with only `env` (and PATH) set; `input` is written to its standard input. Never rejects. */
export function runCli(args: string[], env: Record<string, string>, input?: string, timeoutMs = 60_000): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}
