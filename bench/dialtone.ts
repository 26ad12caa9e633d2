/**
 * dialtone as a child process (`node [flags] bin/dialtone.js`, PORT=0, a fresh DATA_DIR, a config file written
 * here), with its start-up measured: spawn → URL printed → first 201 → first order fulfilled → idle RSS.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTemp, removeTemp, sleep, startChild, stopChild, type Started } from './children.ts';
import { benchConfig, dropRejected } from './config.ts';
import { postgresOrderStore, ServerDb, sqliteOrderStore, type OrderStore } from './db.ts';
import { ApiClient, createOrderBody } from './http.ts';
import type { NumberSource } from './numbers.ts';
import { readCpuSeconds, readMem } from './proc.ts';
import { FastSigner } from './sigv4.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'dialtone.js');
const URL_LINE = /serving the Amazon Chime API at (http:\/\/\S+)/;

export interface Startup {
  /** Spawn → the URL line on stdout. */
  listenMs: number;
  /** VmRSS when the URL line was seen (before any request). */
  listenRssKiB: number;
  /** CPU time (user + system, 10 ms ticks) the server had used when the URL line was seen: steadier than wall time on a shared machine. */
  listenCpuMs: number;
  /** Spawn → first successful signed CreatePhoneNumberOrder (201). */
  firstCreatedMs: number;
  /** The server's CPU time when that 201 arrived. */
  firstCreatedCpuMs: number;
  /** Spawn → that order no longer Processing (includes whatever the first fulfilment loads lazily). */
  firstSettledMs: number;
  /** VmRSS / VmHWM 500 ms after the first order settled. */
  idleRssKiB: number;
  idleHwmKiB: number;
}

export interface DialtoneServer {
  pid: number;
  url: string;
  host: string;
  dbPath: string;
  signer: FastSigner;
  api: ApiClient;
  startup: Startup;
  /** The server's SQLite file (not on PostgreSQL). */
  db(): ServerDb;
  /** What the scenarios read of its orders, on either database. */
  orders: OrderStore;
  logBytes(): number;
  tail(): string;
  stop(): Promise<void>;
}

export interface DialtoneSpec {
  config: object;
  numbers: NumberSource;
  nodeFlags?: string[];
  timeoutMs: number;
  /** A state directory prepared beforehand (see {@link prepareState}); by default a fresh one. */
  state?: State;
  /** Measure start-up with a first order (default true); false: return once the URL is printed. */
  probe?: boolean;
  /** The script node runs: bin/dialtone.js (the sources through tsx, the default) or a bundle (see bundle.ts). */
  entry?: string;
  /** Run the server on this core (`taskset -c`, see pinning.ts). */
  cpu?: string;
  /** A command node runs under (see children.ts `StartSpec.wrapper`). */
  wrapper?: string[];
  /** A PostgreSQL database to run on (`DATABASE_URL`) instead of the SQLite file in the data directory. */
  databaseUrl?: string;
}

/** The key a node on PostgreSQL keeps stored secrets with (a node without one warns at start). */
const BENCH_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

export interface State {
  root: string;
  dataDir: string;
  configPath: string;
  env: Record<string, string>;
}

/** A fresh temp directory with `data/` and the config file, and the environment to run dialtone in it. */
export function prepareState(config: object): State {
  config = benchConfig(config);
  const root = registerTemp(mkdtempSync(join(tmpdir(), 'dialtone-bench-')));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const configPath = join(root, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    DIALTONE_CONFIG: configPath,
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  };
  return { root, dataDir, configPath, env };
}

/** `env` with dialtone on the PostgreSQL database at `url` instead of its SQLite file. */
export function onPostgresEnv(env: Record<string, string>, url: string): Record<string, string> {
  return { ...env, DATABASE_URL: url, DIALTONE_MASTER_KEY: BENCH_MASTER_KEY };
}

export const DIALTONE_BIN = BIN;

export async function startDialtone(spec: DialtoneSpec): Promise<DialtoneServer> {
  const { root, dataDir, env: stateEnv, configPath } = spec.state ?? prepareState(spec.config);
  const env = spec.databaseUrl === undefined ? stateEnv : onPostgresEnv(stateEnv, spec.databaseUrl);
  let started: Started | undefined;
  let api: ApiClient | undefined;
  let db: ServerDb | undefined;
  const dbPath = join(dataDir, 'dialtone.sqlite');
  const sqliteDb = (): ServerDb => {
    if (spec.databaseUrl !== undefined) throw new Error('the server runs on PostgreSQL: no SQLite file to read');
    return (db ??= new ServerDb(dbPath));
  };
  const orders = spec.databaseUrl === undefined ? sqliteOrderStore(sqliteDb) : postgresOrderStore(spec.databaseUrl);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      api?.close();
      db?.close();
      await orders.close();
      if (started) await stopChild(started);
      removeTemp(root);
    })());
  try {
    const deadline = performance.now() + spec.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        started = await startChild({
          args: [...(spec.nodeFlags ?? []), spec.entry ?? BIN, 'serve'],
          env,
          logDir: root,
          urlPattern: URL_LINE,
          timeoutMs: spec.timeoutMs,
          ...(spec.cpu !== undefined && { cpu: spec.cpu }),
          ...(spec.wrapper !== undefined && { wrapper: spec.wrapper }),
        });
        break;
      } catch (error) {
        // A config key this version of dialtone does not know: drop the bench's override and start again.
        if (attempt >= 3 || !dropRejected((error as Error).message)) throw error;
        writeFileSync(configPath, JSON.stringify(benchConfig(spec.config)));
      }
    }
    const listenRssKiB = readMem(started.pid)?.rssKiB ?? NaN;
    const listenCpuMs = cpuMs(started.pid);
    const url = started.url;
    const host = new URL(url).host;
    const signer = new FastSigner(host);
    api = new ApiClient(url, signer);
    if (spec.probe === false) {
      const s = started;
      const nan = NaN;
      return {
        pid: s.pid, url, host, dbPath, signer, api,
        startup: { listenMs: s.listenMs, listenRssKiB, listenCpuMs, firstCreatedMs: nan, firstCreatedCpuMs: nan, firstSettledMs: nan, idleRssKiB: nan, idleHwmKiB: nan },
        db: sqliteDb,
        orders,
        logBytes: () => s.logBytes(),
        tail: () => s.tail(),
        stop,
      };
    }
    const { orderId, firstCreatedMs } = await firstCreate(api, spec.numbers, started.spawnedAt, deadline);
    const firstCreatedCpuMs = cpuMs(started.pid);
    for (;;) {
      const reply = await api.send('GET', `/phone-number-orders/${orderId}`);
      if (reply.status === 200 && (JSON.parse(reply.body) as { PhoneNumberOrder: { Status: string } }).PhoneNumberOrder.Status !== 'Processing') break;
      if (performance.now() > deadline) throw new Error(`the first order did not settle within ${spec.timeoutMs} ms`);
      await sleep(10);
    }
    const firstSettledMs = performance.now() - started.spawnedAt;
    await sleep(500);
    const mem = readMem(started.pid);
    const s = started;
    return {
      pid: s.pid,
      url,
      host,
      dbPath,
      signer,
      api,
      startup: { listenMs: s.listenMs, listenRssKiB, listenCpuMs, firstCreatedMs, firstCreatedCpuMs, firstSettledMs, idleRssKiB: mem?.rssKiB ?? NaN, idleHwmKiB: mem?.hwmKiB ?? NaN },
      db: sqliteDb,
      orders,
      logBytes: () => s.logBytes(),
      tail: () => s.tail(),
      stop,
    };
  } catch (error) {
    const tail = started?.tail();
    await stop();
    throw tail ? new Error(`${(error as Error).message}\n--- server output ---\n${tail}`) : error;
  }
}

/** The CPU time a process has used so far, ms (NaN once it is gone). */
function cpuMs(pid: number): number {
  const seconds = readCpuSeconds(pid);
  return seconds === undefined ? NaN : seconds * 1000;
}

async function firstCreate(api: ApiClient, numbers: NumberSource, spawnedAt: number, deadline: number): Promise<{ orderId: string; firstCreatedMs: number }> {
  let last = '';
  while (performance.now() < deadline) {
    try {
      const reply = await api.send('POST', '/phone-number-orders', createOrderBody([numbers.next()]), 5_000);
      if (reply.status === 201) {
        const firstCreatedMs = performance.now() - spawnedAt;
        const orderId = (JSON.parse(reply.body) as { PhoneNumberOrder: { PhoneNumberOrderId: string } }).PhoneNumberOrder.PhoneNumberOrderId;
        return { orderId, firstCreatedMs };
      }
      last = `${reply.status} ${reply.body}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(5);
  }
  throw new Error(`no 201 from CreatePhoneNumberOrder before the deadline; last answer: ${last}`);
}
