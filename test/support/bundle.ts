/**
 * dialtone as `npm start` runs it — the esbuild bundle of src/ (see scripts/build.mjs) — as a child process, for tests
 * and tools that kill and restart the server often: the bundle starts in about a second where `bin/dialtone.js`
 * (the sources through tsx) takes several on a loaded machine. The bundle is built once per process into a temp
 * directory (never the repository's dist/), with `spec/`, `node_modules/` and `package.json` (its version) linked
 * next to it as in dist/ — or, under scripts/run-tests.mjs, once per run: it builds the bundle the same way before
 * the tests start and names it in `DIALTONE_TEST_BUNDLE`, which every test process then uses (and never removes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDialtoneIn } from '../../scripts/build.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const URL_LINE = /serving the Amazon Chime API at (http:\/\/\S+)/;

let built: Promise<{ file: string; dir: string }> | undefined;

/**
 * The bundle of this run (`DIALTONE_TEST_BUNDLE`, built by scripts/run-tests.mjs), or one built for this process (as
 * scripts/build.mjs builds dist/); answers the path of `dialtone.mjs`.
 */
export async function dialtoneBundle(): Promise<string> {
  const shared = process.env['DIALTONE_TEST_BUNDLE'];
  if (shared) return shared;
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-bundle-'));
    // Removed when the process exits, if no test removed it before (removeDialtoneBundle).
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = await buildDialtoneIn(dir);
    return { file, dir };
  })();
  return (await built).file;
}

/** Removes the bundle's temp directory (call once, when no child of it runs any more). */
export async function removeDialtoneBundle(): Promise<void> {
  if (!built) return;
  const { dir } = await built;
  built = undefined;
  rmSync(dir, { recursive: true, force: true });
}

export interface BundledDialtone {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Resolves once the process has ended, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** The last `chars` characters of stdout and stderr. */
  output(chars?: number): string;
}

/**
 * Starts the bundled dialtone with `env` (PATH and HOME are passed on; `PORT` defaults to 0) and resolves once it
 * prints its URL; kills it and rejects after `timeoutMs` or when it exits first. stdout is drained all along, so a
 * verbose log never blocks the child; the last 64 KiB are kept for `output()`. `entry: 'sources'` runs
 * `bin/dialtone.js` (the sources through tsx) instead of the bundle; `args` replace `serve` (e.g. `serve --port 0`).
 */
export async function startBundled(
  env: Record<string, string>,
  timeoutMs = 30_000,
  entry: 'bundle' | 'sources' = 'bundle',
  args: string[] = ['serve'],
): Promise<BundledDialtone> {
  const file = entry === 'bundle' ? await dialtoneBundle() : join(ROOT, 'bin', 'dialtone.js');
  const child = spawn(process.execPath, [file, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-65_536);
  };
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  child.stderr.on('data', keep);
  return new Promise((resolve, reject) => {
    let head = '';
    let serving = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dialtone did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (serving) return;
      head += chunk.toString();
      const match = URL_LINE.exec(head);
      if (match) {
        serving = true;
        clearTimeout(timer);
        head = '';
        resolve({ child, pid: child.pid!, url: match[1]!, exited, alive: () => running, output: (chars = 4000) => out.slice(-chars) });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`dialtone exited (${code ?? signal}) before serving:\n${out}`));
    });
  });
}

/** Stops a started dialtone: `SIGKILL` at once, or `SIGTERM` with `SIGKILL` after `graceMs`; resolves once it exited. */
export async function stopBundled(proc: BundledDialtone, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.alive()) proc.child.kill(signal);
  const timer = setTimeout(() => proc.alive() && proc.child.kill('SIGKILL'), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}
