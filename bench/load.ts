/**
 * One load run with autocannon, in-process: every request is built (and signed) by `next()` right before it is
 * written, so each one is distinct and signed at send time. Latencies are recorded by the bench itself from
 * autocannon's per-response timings (autocannon's own histogram keeps whole milliseconds only), and only
 * responses that complete inside the measuring window (after the warm-up) count for req/s and latency.
 */
import autocannon, { type RequestParams } from 'autocannon';
import { readMachineBusySeconds, readStat, RssSampler } from './proc.ts';
import { percentile, round } from './stats.ts';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  /** Measuring window, seconds (ignored when `amount` is set). */
  durationS: number;
  /** Seconds of load before the window opens. */
  warmupS: number;
  /** Send exactly this many requests instead (window = the whole run). */
  amount?: number;
  next(): LoadRequest;
  /** Stop the run after this long and report it as timed out. */
  budgetMs: number;
  /** The server's pid: its peak RSS and CPU are recorded. */
  serverPid?: number;
  /** CPU seconds so far of the server's database when it runs in processes of its own (PostgreSQL). */
  databaseCpuSeconds?(): number | undefined;
  /** Called once when the run starts (first requests are being sent), with Date.now(). */
  onStart?(epochMs: number): void;
}

export interface LoadResult {
  /** 2xx responses per second inside the window. */
  rps: number;
  ok: number;
  non2xx: number;
  /** Connection errors and request timeouts (autocannon's `errors`), whole run. */
  socketErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  windowS: number;
  timedOut: boolean;
  /** Responses (any status) that completed inside the window. */
  completed: number;
  /** CPU used inside the window, in % of one core. */
  serverCpuPct?: number;
  /** Server CPU time inside the window ÷ responses completed inside it, microseconds. */
  serverCpuUsPerRequest?: number;
  /**
   * The server's minor page faults inside the window ÷ responses completed inside it. Each costs the kernel a fault
   * (0.1–0.3 µs on most machines, about 10 µs on some virtual machines), so hosts that differ there differ in CPU per
   * request for the same work.
   */
  serverFaultsPerRequest?: number;
  /** The database's CPU time inside the window ÷ responses completed inside it, microseconds (PostgreSQL only). */
  databaseCpuUsPerRequest?: number;
  clientCpuPct: number;
  /** CPU used by every other process of the machine inside the window, in % of one core (noise from neighbours). */
  otherCpuPct?: number;
  peakRssKiB?: number;
  hwmKiB?: number;
  /** The measuring window on the monotonic clock (process.hrtime), microseconds. */
  windowHrUs: { startUs: number; endUs: number };
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const fixed = spec.amount !== undefined;
  const totalS = fixed ? undefined : spec.warmupS + spec.durationS;
  const latencies = { values: new Float64Array(1 << 16), count: 0 };
  const statusCodes: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let completed = 0;
  let sum = 0;
  let max = 0;
  const started = performance.now();
  const windowStart = fixed ? started : started + spec.warmupS * 1000;
  const windowEnd = fixed ? Infinity : windowStart + spec.durationS * 1000;
  let lastInWindow = started;
  const sampler = spec.serverPid !== undefined ? new RssSampler(spec.serverPid) : undefined;
  const hrUs = (): number => Number(process.hrtime.bigint() / 1000n);
  function snapshot(at = performance.now()) {
    const server = spec.serverPid !== undefined ? readStat(spec.serverPid) : undefined;
    return {
      client: process.cpuUsage(),
      server: server?.cpuSeconds,
      faults: server?.minorFaults,
      database: spec.databaseCpuSeconds?.(),
      at,
      hr: hrUs(),
      machine: readMachineBusySeconds(),
    };
  }
  let cpuAtOpen = snapshot(started);
  let cpuAtClose: typeof cpuAtOpen | undefined;
  const openTimer = fixed ? undefined : setTimeout(() => (cpuAtOpen = snapshot()), spec.warmupS * 1000);
  const closeTimer = fixed ? undefined : setTimeout(() => (cpuAtClose = snapshot()), (spec.warmupS + spec.durationS) * 1000);

  return new Promise((resolve, reject) => {
    let timedOut = false;
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        ...(fixed ? { amount: spec.amount, sampleInt: 100 } : { duration: totalS }),
        timeout: 10,
        pipelining: 1,
        requests: [{ setupRequest: (): RequestParams => spec.next() }],
      },
      (error, result) => {
        clearTimeout(budgetTimer);
        clearTimeout(openTimer);
        clearTimeout(closeTimer);
        const mem = sampler?.stop();
        if (error) return reject(error);
        const close = cpuAtClose ?? snapshot();
        const elapsedS = (close.at - cpuAtOpen.at) / 1000;
        const clientCpuS = (close.client.user + close.client.system - cpuAtOpen.client.user - cpuAtOpen.client.system) / 1e6;
        const serverCpuS = close.server !== undefined && cpuAtOpen.server !== undefined ? close.server - cpuAtOpen.server : undefined;
        const faults = close.faults !== undefined && cpuAtOpen.faults !== undefined ? close.faults - cpuAtOpen.faults : undefined;
        const databaseCpuS = close.database !== undefined && cpuAtOpen.database !== undefined ? close.database - cpuAtOpen.database : undefined;
        const machineS = close.machine !== undefined && cpuAtOpen.machine !== undefined ? close.machine - cpuAtOpen.machine : undefined;
        const otherS = machineS !== undefined ? machineS - clientCpuS - (serverCpuS ?? 0) - (databaseCpuS ?? 0) : undefined;
        const windowS = fixed ? (lastInWindow - started) / 1000 : spec.durationS;
        const sorted = latencies.values.subarray(0, latencies.count).sort();
        resolve({
          rps: round(ok / windowS, 1),
          ok,
          non2xx,
          socketErrors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          p50Ms: round(percentile(sorted, latencies.count, 50), 3),
          p90Ms: round(percentile(sorted, latencies.count, 90), 3),
          p99Ms: round(percentile(sorted, latencies.count, 99), 3),
          maxMs: round(max, 3),
          meanMs: round(latencies.count > 0 ? sum / latencies.count : NaN, 3),
          windowS: round(windowS, 3),
          timedOut,
          completed,
          serverCpuPct: serverCpuS !== undefined ? round((serverCpuS / elapsedS) * 100, 0) : undefined,
          serverCpuUsPerRequest: serverCpuS !== undefined && completed > 0 ? round((serverCpuS * 1e6) / completed, 1) : undefined,
          ...(faults !== undefined && completed > 0 && { serverFaultsPerRequest: round(faults / completed, 3) }),
          ...(databaseCpuS !== undefined && completed > 0 && { databaseCpuUsPerRequest: round((databaseCpuS * 1e6) / completed, 1) }),
          clientCpuPct: round((clientCpuS / elapsedS) * 100, 0),
          otherCpuPct: otherS !== undefined ? round(Math.max(0, (otherS / elapsedS) * 100), 0) : undefined,
          peakRssKiB: mem?.peakRssKiB,
          hwmKiB: mem?.hwmKiB,
          windowHrUs: { startUs: cpuAtOpen.hr, endUs: close.hr },
        });
      },
    );
    const budgetTimer = setTimeout(() => {
      timedOut = true;
      instance.stop();
    }, spec.budgetMs);
    spec.onStart?.(Date.now());
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      const now = performance.now();
      const code = String(statusCode);
      statusCodes[code] = (statusCodes[code] ?? 0) + 1;
      if (now >= windowStart && now <= windowEnd) completed += 1;
      if (statusCode < 200 || statusCode > 299) {
        non2xx += 1;
        return;
      }
      if (now < windowStart || now > windowEnd) return;
      ok += 1;
      lastInWindow = now;
      if (latencies.count === latencies.values.length) {
        const grown = new Float64Array(latencies.values.length * 2);
        grown.set(latencies.values);
        latencies.values = grown;
      }
      latencies.values[latencies.count++] = responseTime;
      sum += responseTime;
      if (responseTime > max) max = responseTime;
    });
  });
}
