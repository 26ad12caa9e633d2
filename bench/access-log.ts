/**
 * What the access log costs, and what a slow consumer of stdout does to the server (issue 14).
 *
 *   node --import tsx bench/access-log.ts [--duration 5] [--runs 3] [--drain-kib 256] [--entry bin|bundle|FILE]
 *
 * dialtone (the bundle by default) answers signed GetPhoneNumberOrder of one order, 50 connections, server pinned to
 * one core and the load generator to the other (see pinning.ts), with its stdout
 *   - `file`: a file, as the other benches;
 *   - `null`: /dev/null;
 *   - `pipe`: a pipe that this process drains at `--drain-kib` KiB/s only (a slow log shipper);
 * each with the access log on (`LOG_LEVEL=info`) and off (`LOG_LEVEL=warn`). Reported per mode: server CPU per
 * request (medians of the runs), req/s, p99, peak RSS, and the access log's share of a request's CPU. Bounded: every
 * run is warm-up + window + a few seconds, and the children are killed on exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundle } from './bundle.ts';
import { installExitHandlers, registerTemp, removeTemp, sleep } from './children.ts';
import { benchConfig } from './config.ts';
import { DIALTONE_BIN } from './dialtone.ts';
import { freePort } from '../test/support/free-port.ts';
import { ApiClient, createOrderBody } from './http.ts';
import { runLoad, type LoadResult } from './load.ts';
import { pinBench, pinnedCommand } from './pinning.ts';
import { FastSigner } from './sigv4.ts';
import { median, round } from './stats.ts';

type Sink = 'file' | 'null' | 'pipe';
type Level = 'info' | 'warn';

interface Run {
  load: LoadResult;
  /** Bytes the server wrote to stdout during the run (file and pipe only). */
  logBytes?: number;
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'drain-kib': { type: 'string', default: '256' },
    entry: { type: 'string', default: 'bundle' },
    sinks: { type: 'string', default: 'file,null,pipe' },
  },
});
const durationS = Number(values.duration);
const warmupS = Number(values.warmup);
const runs = Number(values.runs);
const connections = Number(values.connections);
const drainBytesPerS = Number(values['drain-kib']) * 1024;
const sinks = values.sinks.split(',') as Sink[];

/** Reads `child.stdout` at `bytesPerS` at most (every 100 ms, a tenth of it); returns the count read so far. */
function slowReader(child: ChildProcess, bytesPerS: number): { bytes(): number; stop(): void } {
  const stream = child.stdout!;
  stream.pause();
  let bytes = 0;
  const timer = setInterval(() => {
    let budget = bytesPerS / 10;
    while (budget > 0) {
      const chunk = stream.read(Math.min(budget, 65_536)) as Buffer | null ?? (stream.readableLength > 0 ? (stream.read() as Buffer | null) : null);
      if (!chunk) break;
      bytes += chunk.length;
      budget -= chunk.length;
    }
  }, 100);
  return { bytes: () => bytes, stop: () => clearInterval(timer) };
}

async function oneRun(entry: string, sink: Sink, level: Level, cpu: string | undefined): Promise<Run> {
  const root = registerTemp(mkdtempSync(join(tmpdir(), 'dialtone-bench-log-')));
  const dataDir = join(root, 'data');
  mkdirSync(dataDir);
  const configPath = join(root, 'config.json');
  writeFileSync(configPath, JSON.stringify(benchConfig({ carrier: { latencyMs: 0 } })));
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, DIALTONE_CONFIG: configPath, LOG_LEVEL: level };
  const outPath = join(root, 'stdout.log');
  const out = sink === 'file' ? openSync(outPath, 'w') : sink === 'null' ? openSync('/dev/null', 'w') : 'pipe';
  const command = pinnedCommand(cpu, [entry, 'serve']);
  const child = spawn(command.file, command.args, { env, stdio: ['ignore', out, 'ignore'] });
  if (typeof out === 'number') closeSync(out);
  const reader = sink === 'pipe' ? slowReader(child, drainBytesPerS) : undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const api = new ApiClient(url, new FastSigner(`127.0.0.1:${port}`));
  try {
    const deadline = performance.now() + 60_000;
    let orderId: string | undefined;
    while (orderId === undefined) {
      if (performance.now() > deadline || child.exitCode !== null) throw new Error(`dialtone (${sink}, ${level}) did not answer a create within 60 s`);
      const reply = await api.send('POST', '/phone-number-orders', createOrderBody(['+12065550100']), 2_000).catch(() => undefined);
      if (reply?.status === 201) orderId = (JSON.parse(reply.body) as { PhoneNumberOrder: { PhoneNumberOrderId: string } }).PhoneNumberOrder.PhoneNumberOrderId;
      else await sleep(20);
    }
    const signer = new FastSigner(`127.0.0.1:${port}`);
    const path = `/phone-number-orders/${orderId}`;
    const before = sink === 'file' ? statSync(outPath).size : (reader?.bytes() ?? 0);
    const load = await runLoad({
      url,
      connections,
      durationS,
      warmupS,
      next: () => ({ method: 'GET', path, headers: signer.sign('GET', path) }),
      budgetMs: (warmupS + durationS) * 1000 + 20_000,
      serverPid: child.pid!,
    });
    const after = sink === 'file' ? statSync(outPath).size : (reader?.bytes() ?? 0);
    return { load, ...(sink !== 'null' && { logBytes: after - before }) };
  } finally {
    api.close();
    reader?.stop();
    child.kill('SIGKILL');
    await exited;
    removeTemp(root);
  }
}

async function main(): Promise<void> {
  installExitHandlers();
  const pinning = pinBench();
  const entry = values.entry === 'bin' ? DIALTONE_BIN : values.entry === 'bundle' ? await buildBundle() : values.entry;
  console.log(pinning.server !== undefined ? `access-log: server on CPU ${pinning.server}, load on CPU ${pinning.load}` : `access-log: NOT pinned (${pinning.reason})`);
  console.log(`access-log: ${entry}, ${connections} connections, ${warmupS} s + ${durationS} s, ${runs} runs; pipe drained at ${drainBytesPerS / 1024} KiB/s`);
  const results = new Map<string, Run[]>();
  for (let run = 1; run <= runs; run++) {
    for (const sink of sinks) {
      for (const level of ['info', 'warn'] as const) {
        const r = await oneRun(entry, sink, level, pinning.server);
        const key = `${sink}/${level}`;
        results.set(key, [...(results.get(key) ?? []), r]);
        const l = r.load;
        console.log(
          `[${run}/${runs}] ${key.padEnd(10)} ${String(l.serverCpuUsPerRequest ?? '?').padStart(6)} µs/req ${l.rps.toFixed(0).padStart(6)} req/s p99 ${l.p99Ms.toFixed(2)} ms ` +
            `peak RSS ${((l.peakRssKiB ?? NaN) / 1024).toFixed(0)} MiB non2xx ${l.non2xx} err ${l.socketErrors}${r.logBytes !== undefined ? ` log ${(r.logBytes / 1024).toFixed(0)} KiB` : ''}`,
        );
      }
    }
  }
  console.log('\n| stdout | server µs/request, log on | log off (warn) | access log share | req/s on / off | p99 ms on / off | peak RSS MiB on | log KiB/s read |');
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
  const med = (key: string, pick: (r: Run) => number | undefined): number => median((results.get(key) ?? []).map(pick).filter((v): v is number => v !== undefined));
  for (const sink of sinks) {
    const on = med(`${sink}/info`, (r) => r.load.serverCpuUsPerRequest);
    const off = med(`${sink}/warn`, (r) => r.load.serverCpuUsPerRequest);
    const share = round(((on - off) / on) * 100, 1);
    const logRate = med(`${sink}/info`, (r) => (r.logBytes === undefined ? undefined : r.logBytes / 1024 / (warmupS + durationS)));
    console.log(
      `| ${sink} | ${round(on, 1)} | ${round(off, 1)} | ${share} % | ${round(med(`${sink}/info`, (r) => r.load.rps), 0)} / ${round(med(`${sink}/warn`, (r) => r.load.rps), 0)} | ` +
        `${round(med(`${sink}/info`, (r) => r.load.p99Ms), 2)} / ${round(med(`${sink}/warn`, (r) => r.load.p99Ms), 2)} | ${round(med(`${sink}/info`, (r) => (r.load.peakRssKiB ?? NaN) / 1024), 0)} | ${Number.isFinite(logRate) ? round(logRate, 0) : 'n/a'} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`access-log: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
