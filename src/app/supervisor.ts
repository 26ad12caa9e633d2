/**
 * `dialtone serve --workers N`: the primary process keeps N worker processes serving the API on one port (node:cluster:
 * every worker listens on the same address, the primary shares the listening socket) and one database. It restarts a
 * worker that dies, at once the first time and then with a growing delay while it keeps dying young, and logs each
 * death; it stops them all gracefully on `stop()`. It serves nothing itself and opens no database.
 *
 * With PORT=0 the first bind picks the port and every worker shares it, restarted ones included: a worker started while
 * another still holds the socket asks for the same address (port 0) and is given that socket; one started when none is
 * left asks for the picked port itself.
 */
import type { Cluster, Worker } from 'node:cluster';
import type { Logger } from '../observability/logger.ts';
import { builtinOnDemand } from '../shared/builtin-on-demand.ts';

/** The environment through which the primary tells a worker its port and its slot. */
export const WORKER_PORT_ENV = 'DIALTONE_WORKER_PORT';
export const WORKER_INDEX_ENV = 'DIALTONE_WORKER_INDEX';

/**
 * node:cluster, loaded on first use: it loads child_process and the cluster's primary, a few milliseconds of every
 * start that a single process (no `--workers`) does without.
 */
export function nodeCluster(): Cluster {
  return builtinOnDemand<Cluster>('node:cluster');
}

/** Whether this process is a worker of `serve --workers N` (forked with its port named); a single process answers without loading node:cluster. */
export function isServeWorker(): boolean {
  return process.env[WORKER_PORT_ENV] !== undefined && nodeCluster().isWorker;
}

/** A worker that lived at least this long died "old": its next restart is immediate again. */
const HEALTHY_AFTER_MS = 10_000;
const MAX_RESTART_DELAY_MS = 10_000;

/**
 * How long to wait before restarting a worker that has died `youngDeaths` times in a row within `HEALTHY_AFTER_MS` of
 * its start: the first time at once, then 0.25 s doubling per death, at most 10 s (a worker that cannot start does not
 * spin the machine).
 */
export function restartDelayMs(youngDeaths: number): number {
  return youngDeaths <= 1 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (youngDeaths - 2));
}

export interface SupervisorOptions {
  workers: number;
  /** The configured port; 0 lets the first bind pick one, shared by every worker. */
  port: number;
  logger: Pick<Logger, 'info' | 'error' | 'warn'>;
  /** Longest wait for the workers' graceful stop; then the rest are killed. */
  stopTimeoutMs: number;
  /**
   * Who accepts connections: `none` (the default), each worker from the shared socket, as the kernel wakes them; `rr`,
   * the primary, handing connections to the workers in turn (node:cluster's default on Linux). See
   * docs/performance.md ("With `--workers N`") for the measurement behind the default.
   */
  scheduling?: 'none' | 'rr';
}

export interface Supervision {
  /** Where the workers listen, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** The pids of the workers alive now. */
  pids(): number[];
  /** Stops every worker gracefully (SIGTERM) and no longer restarts any; resolves 0 when all exited cleanly, else 1. */
  stop(): Promise<number>;
}

/** A worker ended before it listened: the group does not start (the worker's own reason is on stderr). */
export class WorkerStartError extends Error {}

interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  youngDeaths: number;
  restart?: NodeJS.Timeout;
}

/**
 * Starts the workers and resolves once every one listens.
 * @throws WorkerStartError when a worker exits before listening (the others are stopped first); its own message is on stderr
 */
export async function superviseWorkers(options: SupervisorOptions): Promise<Supervision> {
  const { logger } = options;
  const cluster = nodeCluster();
  if (options.scheduling !== undefined) cluster.schedulingPolicy = options.scheduling === 'rr' ? cluster.SCHED_RR : cluster.SCHED_NONE;
  else if (process.env.NODE_CLUSTER_SCHED_POLICY === undefined) cluster.schedulingPolicy = cluster.SCHED_NONE;
  const slots: Slot[] = Array.from({ length: options.workers }, (_, index) => ({ index: index + 1, startedAt: 0, youngDeaths: 0 }));
  let portAsked = options.port;
  let bound: { host: string; port: number } | undefined;
  let started = false;
  let stopping = false;
  let allStopped: (() => void) | undefined;
  let failStart: ((error: Error) => void) | undefined;
  let listening = 0;
  let startedAll: (() => void) | undefined;

  const alive = (): Worker[] => slots.flatMap((slot) => (slot.worker && !slot.worker.isDead() ? [slot.worker] : []));

  const fork = (slot: Slot): void => {
    // Nobody holds the socket any more: the picked port, not 0 (which would pick another).
    if (alive().length === 0 && bound) portAsked = bound.port;
    const worker = cluster.fork({ [WORKER_PORT_ENV]: String(portAsked), [WORKER_INDEX_ENV]: String(slot.index) });
    slot.worker = worker;
    slot.startedAt = Date.now();
    worker.once('listening', (address: { address: string; port: number }) => {
      bound ??= { host: address.address, port: address.port };
      if (started) logger.info({ worker: slot.index, workerPid: worker.process.pid }, 'worker listening');
      else if (++listening === slots.length) startedAll?.();
    });
    worker.once('exit', (code: number | null, signal: string | null) => onExit(slot, worker, code, signal));
  };

  let exitCode = 0;
  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null): void => {
    if (slot.worker === worker) slot.worker = undefined;
    const pid = worker.process.pid;
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (alive().length === 0) allStopped?.();
      return;
    }
    if (!started) {
      failStart?.(new WorkerStartError(`worker ${slot.index} (pid ${pid}) exited (${signal ?? `code ${code}`}) before it listened; not serving`));
      return;
    }
    slot.youngDeaths = Date.now() - slot.startedAt < HEALTHY_AFTER_MS ? slot.youngDeaths + 1 : 1;
    const delay = restartDelayMs(slot.youngDeaths);
    logger.error({ worker: slot.index, workerPid: pid, code, signal, restartInMs: delay }, 'worker exited; restarting it');
    slot.restart = setTimeout(() => {
      slot.restart = undefined;
      if (!stopping) fork(slot);
    }, delay);
  };

  const stop = async (): Promise<number> => {
    stopping = true;
    for (const slot of slots) clearTimeout(slot.restart);
    const workers = alive();
    if (workers.length === 0) return exitCode;
    const stopped = new Promise<void>((resolve) => (allStopped = resolve));
    for (const worker of workers) worker.process.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), options.stopTimeoutMs)));
    if ((await Promise.race([stopped, late])) === 'late') {
      logger.warn({ workerPids: alive().map((w) => w.process.pid) }, 'workers did not stop in time; killing them');
      for (const worker of alive()) worker.process.kill('SIGKILL');
      await stopped;
      exitCode = 1;
    }
    clearTimeout(timer);
    return exitCode;
  };

  try {
    await new Promise<void>((resolve, reject) => {
      startedAll = resolve;
      failStart = reject;
      for (const slot of slots) fork(slot);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  started = true;
  const { host, port } = bound!;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    pids: () => alive().flatMap((w) => (w.process.pid === undefined ? [] : [w.process.pid])),
    stop,
  };
}
