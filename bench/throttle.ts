/**
 * What a throttled request costs: how fast one tenant (A) can hammer dialtone — almost every request answered 429 —
 * while another tenant's (B) p99 latency stays within 2x of its unloaded p99.
 *
 *   node --import tsx bench/throttle.ts [--step-seconds 5] [--rates 250,500,1000,2000,4000,8000] [--b-rate 50]
 *                                      [--a-target '/search?type=phone-numbers&area-code=206&max-results=500']
 *                                      [--entry other-checkout/bin/dialtone.js]
 *
 * `--a-target` is what A hammers (default a one-item order list, B's request too); with a 500-result search, A's
 * requests cost the server far more than B's, which is where charging by cost matters. `--entry` runs another
 * checkout to compare.
 *
 * dialtone runs as a child process (bin/dialtone.js, PORT=0, a temp DATA_DIR, LOG_LEVEL=silent, default limits:
 * reading 100/s burst 200 per account). B sends signed `GET /phone-number-orders?max-results=1` at --b-rate per
 * second (well within its limit) and records each latency; A runs in a worker thread, open-loop at each rate in turn
 * (signed GETs over keep-alive connections, at most 1024 in flight), then closed-loop flat out on 64 connections.
 * Server CPU per A request comes from /proc/<pid>/stat. Everything stays on 127.0.0.1 and is bounded in time.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startDialtone } from '../test/support/process.ts';
import { signRequest } from '../test/support/sign.ts';

const A = { accessKeyId: 'AKIDHAMMER', secretAccessKey: 'hammer-secret' };
const B = { accessKeyId: 'AKIDSTEADY', secretAccessKey: 'steady-secret' };
const TARGET = '/phone-number-orders?max-results=1';
/** What A sends (a worker's workerData may say otherwise). */
const A_TARGET = (!isMainThread && (workerData as { target?: string } | undefined)?.target) || TARGET;

interface Counts {
  sent: number;
  ok: number;
  throttled: number;
  other: number;
  skipped: number;
}

/** One signed GET; resolves with the status and the latency in ms. */
function get(url: URL, agent: Agent, creds: typeof A, target = TARGET): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const headers = signRequest({ method: 'GET', target, headers: { host: url.host }, ...creds, region: 'us-east-1', service: 'chime', date: new Date() });
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: target, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

/** The worker: A's hammer. `rate` 0 means closed-loop on `connections` connections. */
async function hammer(): Promise<void> {
  const { url: base, rate, seconds } = workerData as { url: string; rate: number; seconds: number };
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: rate === 0 ? 64 : 256 });
  const counts: Counts = { sent: 0, ok: 0, throttled: 0, other: 0, skipped: 0 };
  const count = ({ status }: { status: number }) => {
    if (status === 200) counts.ok++;
    else if (status === 429) counts.throttled++;
    else counts.other++;
  };
  const deadline = performance.now() + seconds * 1000;
  let inFlight = 0;
  if (rate === 0) {
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (performance.now() < deadline) {
          counts.sent++;
          count(await get(url, agent, A, A_TARGET));
        }
      }),
    );
  } else {
    const tickMs = 5;
    let due = 0;
    const started = performance.now();
    while (performance.now() < deadline) {
      const target = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; due < target; due++) {
        if (inFlight >= 1024) {
          counts.skipped++;
          continue;
        }
        inFlight++;
        counts.sent++;
        void get(url, agent, A, A_TARGET).then((r) => {
          inFlight--;
          count(r);
        });
      }
      await sleep(tickMs);
    }
    while (inFlight > 0) await sleep(10);
  }
  agent.destroy();
  parentPort!.postMessage(counts);
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function p(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** B's steady load for `seconds`: latencies sorted, and any non-200 answers. */
async function steady(url: URL, rate: number, seconds: number): Promise<{ latencies: number[]; failures: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const latencies: number[] = [];
  let failures = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(get(url, agent, B).then(({ status, ms }) => {
      if (status === 200) latencies.push(ms);
      else failures++;
    }));
  }
  await Promise.all(pending);
  agent.destroy();
  return { latencies: latencies.sort((x, y) => x - y), failures };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'step-seconds': { type: 'string' }, rates: { type: 'string' }, 'b-rate': { type: 'string' }, 'a-target': { type: 'string' }, entry: { type: 'string' } },
  });
  const aTarget = values['a-target'] ?? TARGET;
  const seconds = Number(values['step-seconds'] ?? 5);
  const rates = (values.rates ?? '250,500,1000,2000,4000,8000').split(',').map(Number);
  const bRate = Number(values['b-rate'] ?? 50);
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-throttle-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({
    defaultAccount: false,
    accounts: [
      { accountId: '111111111111', credentials: [A] },
      { accountId: '222222222222', credentials: [B] },
    ],
  }));
  const server = await startDialtone({ DATA_DIR: join(dir, 'data'), DIALTONE_CONFIG: config, LOG_LEVEL: 'silent', HOST: '127.0.0.1' }, 20_000, values.entry);
  const pid = server.child.pid!;
  // However this process ends (an exception, Ctrl-C), the server it started ends with it.
  const killServer = (): void => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  };
  process.once('exit', killServer);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  const url = new URL(server.url);
  try {
    await steady(url, bRate, 1); // warm-up
    const alone = await steady(url, bRate, seconds);
    const baseP99 = p(alone.latencies, 0.99);
    const rows: string[] = [];
    const line = (label: string, a: Counts | undefined, b: { latencies: number[]; failures: number }, cpu: number) => {
      const aRate = a ? (a.ok + a.throttled + a.other) / seconds : 0;
      const p99 = p(b.latencies, 0.99);
      rows.push(
        `| ${label} | ${aRate.toFixed(0)} | ${a ? ((a.throttled / Math.max(1, a.sent)) * 100).toFixed(1) : '-'} | ${a ? a.skipped : '-'} | ` +
          `${p(b.latencies, 0.5).toFixed(2)} | ${p99.toFixed(2)} | ${(p99 / baseP99).toFixed(2)} | ${b.failures} | ` +
          `${a ? ((cpu / Math.max(1, aRate * seconds)) * 1e6).toFixed(0) : '-'} | ${(cpu / seconds * 100).toFixed(0)} |`,
      );
      return { aRate, ratio: p99 / baseP99 };
    };
    let cpu0 = cpuSeconds(pid);
    line('B alone', undefined, alone, cpuSeconds(pid) - cpu0);
    let best = 0;
    for (const rate of [...rates, 0]) {
      await sleep(1200); // let A's buckets refill and the server settle
      cpu0 = cpuSeconds(pid);
      const worker = new Worker(
        // Node 20 does not apply the parent's tsx hooks to a worker's .ts entry: register them inside, then load this file.
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`,
        { eval: true, workerData: { url: server.url, rate, seconds, target: aTarget } },
      );
      const aDone = new Promise<Counts>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      const b = await steady(url, bRate, seconds);
      const a = await aDone;
      const cpu = cpuSeconds(pid) - cpu0;
      const { aRate, ratio } = line(rate === 0 ? 'A flat out (64 conns)' : `A at ${rate}/s`, a, b, cpu);
      if (ratio <= 2 && b.failures === 0) best = Math.max(best, aRate);
    }
    process.stdout.write(
      `\nB: ${bRate} req/s; A: limit 100/s burst 200 (reading); ${seconds} s per step; node ${process.version}\n\n` +
        '| load | A answered/s | A 429 % | A not sent (1024 in flight) | B p50 ms | B p99 ms | B p99 / alone | B non-200 | server CPU µs per A request | server CPU % |\n' +
        '|---|---|---|---|---|---|---|---|---|---|\n' +
        `${rows.join('\n')}\n\n` +
        `Highest A rate with B's p99 within 2x of alone (${baseP99.toFixed(2)} ms) and no B failure: ${best.toFixed(0)} req/s\n`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) await main();
else await hammer();
