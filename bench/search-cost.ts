/**
 * What one large search costs the server: N signed requests sent one after another (never two at once), the server's
 * CPU time over them from /proc/<pid>/stat, and each request's latency; with `--profile`, the server runs under
 * `node --cpu-prof` and the hottest functions inside the measuring window are listed.
 *
 *   node --import tsx bench/search-cost.ts [--count 200] [--runs 3] [--profile]
 *                                          [--target '/search?type=phone-numbers&area-code=206&max-results=500']
 *                                          [--entry other-checkout/bin/dialtone.js]
 *
 * dialtone runs as a child process (bin/dialtone.js, PORT=0, a temp DATA_DIR, LOG_LEVEL=silent, throttling off so
 * that only the work is measured). CPU per request is less noisy than latency on a shared machine: a neighbour's load
 * delays a request but does not make it cost more. Loopback only; bounded by --count.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDialtone } from '../test/support/process.ts';
import { signRequest } from '../test/support/sign.ts';
import { summarizeProfile } from './profile.ts';

const CREDS = { accessKeyId: 'test', secretAccessKey: 'test' };

function get(url: URL, agent: Agent, target: string): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  const headers = signRequest({ method: 'GET', target, headers: { host: url.host }, ...CREDS, region: 'us-east-1', service: 'chime', date: new Date() });
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: target, headers, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, bytes: 0 }));
    req.end();
  });
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

interface Run {
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  max: number;
  bytes: number;
  failures: number;
  /** The measured requests on the monotonic clock (process.hrtime), µs: the profile's window. */
  window: { startUs: number; endUs: number };
}

const hrUs = (): number => Number(process.hrtime.bigint() / 1000n);

async function once(target: string, count: number, profileDir: string | undefined, entry: string | undefined): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-search-cost-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ throttling: { enabled: false } }));
  const env: Record<string, string> = { DATA_DIR: join(dir, 'data'), DIALTONE_CONFIG: config, LOG_LEVEL: 'silent', HOST: '127.0.0.1' };
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const server = await startDialtone(env, 30_000, entry, nodeArgs);
  const pid = server.child.pid!;
  const url = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < 20; i++) await get(url, agent, target); // warm-up: the plan's index, the JIT
    const cpu0 = cpuSeconds(pid);
    const startUs = hrUs();
    const latencies: number[] = [];
    let failures = 0;
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const r = await get(url, agent, target);
      if (r.status === 200) latencies.push(r.ms);
      else failures++;
      bytes = r.bytes;
    }
    const endUs = hrUs();
    const cpu = cpuSeconds(pid) - cpu0;
    latencies.sort((a, b) => a - b);
    return {
      cpuMsPerRequest: (cpu * 1000) / count,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies[latencies.length - 1]!,
      bytes,
      failures,
      window: { startUs, endUs },
    };
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, runs: { type: 'string' }, target: { type: 'string' }, profile: { type: 'boolean' }, entry: { type: 'string' } },
  });
  const target = values.target ?? '/search?type=phone-numbers&area-code=206&max-results=500';
  const count = Number(values.count ?? 200);
  const runs: Run[] = [];
  for (let r = 0; r < Number(values.runs ?? 3); r++) runs.push(await once(target, count, undefined, values.entry));
  const f = (n: number): string => n.toFixed(2);
  process.stdout.write(
    `\n${target}: ${count} sequential requests per run, ${runs.length} runs; node ${process.version}\n\n` +
      '| run | server CPU ms per request | p50 ms | p99 ms | max ms | answer bytes | non-200 |\n|---|---|---|---|---|---|---|\n' +
      runs.map((r, i) => `| ${i + 1} | ${f(r.cpuMsPerRequest)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${r.bytes} | ${r.failures} |`).join('\n') +
      `\n| median | ${f(median(runs.map((r) => r.cpuMsPerRequest)))} | ${f(median(runs.map((r) => r.p50)))} | ${f(median(runs.map((r) => r.p99)))} | ` +
      `${f(median(runs.map((r) => r.max)))} | | |\n`,
  );
  if (values.profile) {
    const profileDir = mkdtempSync(join(tmpdir(), 'dialtone-search-profile-'));
    const { window } = await once(target, count, profileDir, values.entry);
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile written in ${profileDir}`);
    const summary = summarizeProfile(join(profileDir, file), 25, window);
    process.stdout.write(`\nProfile (${summary.windowed ? 'the measured requests' : 'whole process life'}, ${summary.totalMs} ms sampled): ${join(profileDir, file)}\n\n| self ms | % | function | where |\n|---|---|---|---|\n`);
    for (const t of summary.top) process.stdout.write(`| ${t.selfMs} | ${t.selfPct} | ${t.function} | ${t.location} |\n`);
    process.stdout.write('\n| area | self ms | % |\n|---|---|---|\n');
    for (const a of summary.areas) process.stdout.write(`| ${a.area} | ${a.selfMs} | ${a.selfPct} |\n`);
  }
}

await main();
