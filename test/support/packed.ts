/**
 * The npm package as a user gets it: `npm pack` of this checkout (its `prepack` builds the bundle), then
 * `npm install -g --prefix <empty dir>` of the tarball, from npm's cache where it can (the registry otherwise).
 *
 * better-sqlite3 installs the way it does for a user whose platform has a prebuilt binary: its install script
 * (prebuild-install) finds one, here a "local prebuild" packed from the binary this checkout's `npm ci` produced, so
 * the test does not spend 90 s compiling SQLite again. Set DIALTONE_PACKAGE_BUILD_NATIVE=1 to let it build from source
 * instead (as on a platform without prebuilt binaries).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Packed {
  tarball: string;
  /** The paths the tarball holds, relative to its `package/` directory. */
  files: string[];
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of npm and of the installed command: the caller's, less what a parent npm run (npm test) set. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || name === 'NODE_TEST_CONTEXT' || name === 'NODE_OPTIONS' || name === 'INIT_CWD') continue;
    if (/^(PORT|HOST|DATA_DIR|DATABASE_URL|DIALTONE_.*)$/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Runs a program to its end within `timeoutMs`; resolves with its exit code and output whatever the code. */
export function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, timeout: options.timeoutMs, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`${file} ${args.join(' ')} did not run to completion (${error.signal ?? error.message}):\n${stdout}\n${stderr}`));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** `npm pack --json` of the checkout into `destination`. */
export async function pack(destination: string, timeoutMs: number): Promise<Packed> {
  const r = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: ROOT, env: cleanEnv(), timeoutMs });
  if (r.code !== 0) throw new Error(`npm pack exited ${r.code}:\n${r.stderr}`);
  // prepack's own output (if any) precedes the JSON array.
  const json = r.stdout.slice(r.stdout.indexOf('\n[') + 1 || r.stdout.indexOf('['));
  const [info] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(destination, info!.filename), files: info!.files.map((f) => f.path) };
}

/**
 * A local prebuild of better-sqlite3 for this Node.js, made from the checkout's built binary, in `dir`; undefined
 * when the checkout has none or DIALTONE_PACKAGE_BUILD_NATIVE is set.
 */
async function localPrebuild(dir: string): Promise<string | undefined> {
  if (process.env.DIALTONE_PACKAGE_BUILD_NATIVE === '1') return undefined;
  const module = join(ROOT, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(module, 'build', 'Release', 'better_sqlite3.node'))) return undefined;
  const { version } = JSON.parse(readFileSync(join(module, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(dir, { recursive: true });
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const r = await run('tar', ['czf', join(dir, name), 'build/Release/better_sqlite3.node'], { cwd: module, env: cleanEnv(), timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`tar exited ${r.code}: ${r.stderr}`);
  return dir;
}

/** `npm install -g --prefix <prefix> <tarball>`; answers the installed `dialtone` executable. */
export async function installGlobally(tarball: string, prefix: string, timeoutMs: number): Promise<string> {
  const prebuilds = await localPrebuild(join(prefix, '..', 'prebuilds'));
  const env = cleanEnv(prebuilds ? { npm_config_better_sqlite3_local_prebuilds: prebuilds } : {});
  const args = ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--allow-scripts=better-sqlite3', tarball];
  const r = await run('npm', args, { cwd: prefix, env, timeoutMs });
  if (r.code !== 0) throw new Error(`npm install exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return join(prefix, 'bin', 'dialtone');
}

export interface Installed {
  child: ChildProcess;
  url: string;
  /** Resolves once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/**
 * Starts the installed `dialtone` (its `#!/usr/bin/env node` line and all) with `args` and `env` in `cwd`; resolves
 * once it prints its URL; kills it and rejects after `timeoutMs` or when it exits first.
 */
export function startInstalled(bin: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Installed> {
  const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dialtone did not start within ${options.timeoutMs} ms:\n${out}`));
    }, options.timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving the Amazon Chime API at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, exited, output: () => out });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`dialtone exited (${code ?? signal}) before serving:\n${out}`));
    });
  });
}
