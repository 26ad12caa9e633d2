/**
 * Child processes of the bench: every one is registered so that it is killed when the bench ends, however it ends
 * (normal exit, an exception, SIGINT/SIGTERM). Only processes started here are ever signalled, by their pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pinnedCommand } from './pinning.ts';

const live = new Set<ChildProcess>();
const temps = new Set<string>();
/** Processes started by a library rather than spawned here (the PostgreSQL cluster), and the signal that ends each. */
const others = new Map<number, NodeJS.Signals>();
let installed = false;

/** Sends `signal` to `pid` (a process the bench started) if the bench ends first; the returned function forgets it. */
export function onExitSignal(pid: number, signal: NodeJS.Signals): () => void {
  others.set(pid, signal);
  return () => others.delete(pid);
}

/** A temp directory of the bench, removed on exit if still there. */
export function registerTemp(path: string): string {
  temps.add(path);
  return path;
}

export function removeTemp(path: string): void {
  rmSync(path, { recursive: true, force: true });
  temps.delete(path);
}

function killAllNow(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
  for (const [pid, signal] of others) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  others.clear();
  for (const path of temps) rmSync(path, { recursive: true, force: true });
  temps.clear();
}

/** Kills every registered child on exit and on SIGINT/SIGTERM (then exits 130/143). */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}: stopping ${live.size} child process(es)\n`);
      killAllNow();
      process.exit(code);
    });
  }
}

export interface Started {
  child: ChildProcess;
  pid: number;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** The URL the child printed and the ms from spawn until it did. */
  url: string;
  listenMs: number;
  exited: Promise<void>;
  /** The last `bytes` of stdout + stderr. */
  tail(bytes?: number): string;
  logBytes(): number;
}

export interface StartSpec {
  args: string[];
  env: Record<string, string>;
  /** Directory for stdout.log / stderr.log (the child writes to files, so the bench's event loop never throttles it). */
  logDir: string;
  urlPattern: RegExp;
  timeoutMs: number;
  /** Run on this core (`taskset -c`); see pinning.ts. */
  cpu?: string;
  /** A command that runs node, with its arguments before node's (e.g. valgrind and its options; see instructions.ts). */
  wrapper?: string[];
}

/** Spawns `node ...args` (on `spec.cpu` if given) and resolves once stdout shows `urlPattern` (group 1 = URL); kills it on timeout. */
export async function startChild(spec: StartSpec): Promise<Started> {
  const outPath = join(spec.logDir, 'stdout.log');
  const errPath = join(spec.logDir, 'stderr.log');
  const out = openSync(outPath, 'w');
  const err = openSync(errPath, 'w');
  const spawnedAt = performance.now();
  const command = pinnedCommand(spec.cpu, spec.args, spec.wrapper);
  const child = spawn(command.file, command.args, { env: spec.env, stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const tail = (bytes = 2000): string => `${read(outPath)}${read(errPath)}`.slice(-bytes);
  const logBytes = (): number => {
    try {
      return statSync(outPath).size + statSync(errPath).size;
    } catch {
      return 0;
    }
  };
  const deadline = spawnedAt + spec.timeoutMs;
  for (;;) {
    const match = spec.urlPattern.exec(read(outPath));
    if (match) {
      return { child, pid: child.pid!, spawnedAt, url: match[1]!, listenMs: performance.now() - spawnedAt, exited, tail, logBytes };
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      // The reason on the first line, which the reports show: the first lines the process wrote to stderr (dialtone's
      // own "dialtone: …", e.g. a native module built for another Node.js), else its last line of output.
      const stderr = read(errPath).split('\n').map((line) => line.trim()).filter((line) => line !== '');
      const said = stderr.length > 0 ? stderr.slice(0, 3).join(' ').slice(0, 400) : (read(outPath).trimEnd().split('\n').at(-1) ?? '');
      throw new Error(`${spec.args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before serving: ${said}\n${tail()}`);
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${spec.args.join(' ')} did not print its URL within ${spec.timeoutMs} ms:\n${tail()}`);
    }
    await sleep(5);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(started: Started, graceMs = 10_000): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await started.exited;
  clearTimeout(timer);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `node ...args` to completion (registered for the kill on exit); rejects on a non-zero exit or after `timeoutMs`. */
export async function runChild(args: string[], env: Record<string, string>, timeoutMs: number): Promise<{ ms: number; output: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  live.delete(child);
  if (code !== 0) throw new Error(`${args.join(' ')} ended with ${code ?? signal}${signal === 'SIGKILL' ? ` (budget ${timeoutMs} ms)` : ''}:\n${output}`);
  return { ms: performance.now() - started, output };
}
