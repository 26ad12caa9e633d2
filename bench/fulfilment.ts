/**
 * End-to-end fulfilment throughput: with carrier latency 0, N numbers are ordered in orders of 50 through the API as
 * fast as the load generator goes, and the server's SQLite file (opened read-only) is polled every 200 ms until every
 * order is terminal. Acquired numbers per second run from the first create to the last order's `updated_at`.
 */
import { writeFileSync } from 'node:fs';
import { removeTemp, runChild } from './children.ts';
import { benchConfig, dropRejected } from './config.ts';
import { DIALTONE_BIN, prepareState, startDialtone, type DialtoneServer, type Startup } from './dialtone.ts';
import { createOrderBody } from './http.ts';
import { runLoad, type LoadResult } from './load.ts';
import { NumberSource } from './numbers.ts';
import { RssSampler } from './proc.ts';
import { round } from './stats.ts';

export const FULFIL_CONFIG = { carrier: { latencyMs: 0 }, fulfilment: { batchSize: 200, maxInFlight: 4 } };
export const NUMBERS_PER_ORDER = 50;
/** Area codes of the fulfilment pool (one per run is plenty: 8 M numbers each); never 206, which the other scenarios use. */
const POOL_NPAS = ['312', '415', '617', '713', '305', '503'];

export interface FulfilOptions {
  entry?: string;
  numbers: number;
  connections: number;
  timeoutS: number;
  /** The core the server runs on (see pinning.ts). */
  cpu?: string;
}

export interface FulfilRun {
  status: 'ok' | 'timeout' | 'error';
  error?: string;
  startup?: Startup;
  orders?: number;
  /** The create phase (autocannon, a fixed number of requests). */
  create?: LoadResult;
  createNumbersPerS?: number;
  /** Numbers acquired (and failed) by fulfilment, excluding the start-up probe's order. */
  acquired?: number;
  failed?: number;
  /** First create → last order settled (the server's `updated_at`), and → detected by polling. */
  elapsedS?: number;
  detectedS?: number;
  acquiredPerS?: number;
  peakRssKiB?: number;
  hwmKiB?: number;
  /** The worker alone: the same count of orders seeded (`dialtone seed`) before the server starts. */
  workerOnly?: WorkerOnlyRun;
}

export interface WorkerOnlyRun {
  status: 'ok' | 'timeout' | 'error';
  error?: string;
  seedS?: number;
  acquired?: number;
  failed?: number;
  /** URL printed (the worker starts with the server) → last order settled. */
  elapsedS?: number;
  acquiredPerS?: number;
  peakRssKiB?: number;
}

export async function runFulfilment(o: FulfilOptions, run: number, startupNumbers: NumberSource): Promise<FulfilRun> {
  const orders = Math.max(1, Math.ceil(o.numbers / NUMBERS_PER_ORDER));
  const pool = new NumberSource(POOL_NPAS[run % POOL_NPAS.length]!);
  if (pool.remaining < orders * NUMBERS_PER_ORDER) return { status: 'error', error: `the pool holds ${pool.remaining} numbers only` };
  const bodies = Array.from({ length: orders }, () => createOrderBody(pool.take(NUMBERS_PER_ORDER)));
  let server: DialtoneServer | undefined;
  try {
    server = await startDialtone({ config: FULFIL_CONFIG, numbers: startupNumbers, timeoutMs: 60_000, entry: o.entry, ...(o.cpu !== undefined && { cpu: o.cpu }) });
    const s = server;
    const db = s.db();
    const baseOrders = db.progress().orders;
    const baseStatuses = db.numberStatuses();
    const deadline = performance.now() + o.timeoutS * 1000;
    const sampler = new RssSampler(s.pid);
    let t0 = 0;
    let i = 0;
    const create = await runLoad({
      url: s.url,
      connections: Math.min(o.connections, orders),
      durationS: 0,
      warmupS: 0,
      amount: orders,
      next: () => {
        const body = bodies[i++ % bodies.length]!;
        return { method: 'POST', path: '/phone-number-orders', headers: s.signer.sign('POST', '/phone-number-orders', body), body };
      },
      budgetMs: o.timeoutS * 1000,
      serverPid: s.pid,
      onStart: (epochMs) => (t0 = epochMs),
    });
    const waited = await db.waitSettled(baseOrders + create.ok, Math.max(0, deadline - performance.now()), 200);
    const mem = sampler.stop();
    const statuses = db.numberStatuses();
    const acquired = (statuses.Acquired ?? 0) - (baseStatuses.Acquired ?? 0);
    const failed = (statuses.Failed ?? 0) - (baseStatuses.Failed ?? 0);
    const elapsedS = ((waited.progress.lastUpdatedMs ?? NaN) - t0) / 1000;
    const result: FulfilRun = {
      status: create.timedOut || !waited.settled ? 'timeout' : 'ok',
      startup: s.startup,
      orders,
      create,
      createNumbersPerS: round((create.ok * NUMBERS_PER_ORDER) / create.windowS, 0),
      acquired,
      failed,
      elapsedS: round(elapsedS, 3),
      detectedS: round((waited.detectedAt - t0) / 1000, 3),
      acquiredPerS: round(acquired / elapsedS, 0),
      peakRssKiB: mem.peakRssKiB,
      hwmKiB: mem.hwmKiB,
    };
    if (!waited.settled) result.error = `not settled within ${o.timeoutS} s: ${JSON.stringify(waited.progress)}`;
    return result;
  } catch (error) {
    return { status: 'error', error: (error as Error).message };
  } finally {
    await server?.stop();
  }
}

/**
 * Fulfilment without the API: `dialtone seed --orders K --per-order 50` fills a fresh database (numbers from the
 * numbering plan), then the server starts and its worker settles them; timed from the URL line to the last
 * `updated_at`. Tells whether end-to-end throughput is bounded by the creates or by the worker.
 */
export async function runWorkerOnly(o: FulfilOptions, startupNumbers: NumberSource): Promise<WorkerOnlyRun> {
  const orders = Math.max(1, Math.ceil(o.numbers / NUMBERS_PER_ORDER));
  const state = prepareState(FULFIL_CONFIG);
  let server: DialtoneServer | undefined;
  try {
    const seedArgs = [DIALTONE_BIN, 'seed', '--orders', String(orders), '--per-order', String(NUMBERS_PER_ORDER)];
    const seeded = await runChild(seedArgs, state.env, o.timeoutS * 1000).catch((error: Error) => {
      if (!dropRejected(error.message)) throw error;
      writeFileSync(state.configPath, JSON.stringify(benchConfig(FULFIL_CONFIG)));
      return runChild(seedArgs, state.env, o.timeoutS * 1000);
    });
    server = await startDialtone({ config: FULFIL_CONFIG, numbers: startupNumbers, timeoutMs: 60_000, state, probe: false, entry: o.entry, ...(o.cpu !== undefined && { cpu: o.cpu }) });
    const t0 = Date.now(); // the URL line was just seen (the worker starts as the server listens)
    const sampler = new RssSampler(server.pid);
    const db = server.db();
    const waited = await db.waitSettled(orders, o.timeoutS * 1000, 200);
    const mem = sampler.stop();
    const statuses = db.numberStatuses();
    const elapsedS = ((waited.progress.lastUpdatedMs ?? NaN) - t0) / 1000;
    const acquired = statuses.Acquired ?? 0;
    return {
      status: waited.settled ? 'ok' : 'timeout',
      error: waited.settled ? undefined : `not settled within ${o.timeoutS} s: ${JSON.stringify(waited.progress)}`,
      seedS: round(seeded.ms / 1000, 2),
      acquired,
      failed: statuses.Failed ?? 0,
      elapsedS: round(elapsedS, 3),
      acquiredPerS: round(acquired / elapsedS, 0),
      peakRssKiB: mem.peakRssKiB,
    };
  } catch (error) {
    return { status: 'error', error: (error as Error).message };
  } finally {
    if (server) await server.stop();
    else removeTemp(state.root);
  }
}
