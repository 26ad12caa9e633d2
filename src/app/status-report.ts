/** What `GET /_dialtone/status` answers (and `dialtone status` prints): version, database, pending work. */
import type { Storage } from '../storage/storage.ts';

export interface StatusReport {
  status: 'ok';
  version: string;
  database: 'sqlite' | 'postgresql';
  worker: 'running' | 'stopped';
  /** Seconds since this process started. */
  uptimeSeconds: number;
  /** The process that answered: with `--workers N`, one of N serving the same port. */
  pid: number;
  /** Processes serving this port and database (`http.workers`; 1 without `--workers`). */
  processes: number;
  pending: {
    /** Orders still `Processing` (all accounts, all nodes sharing the database). */
    ordersProcessing: number;
    /** Fulfilment and other background jobs not finished yet. */
    jobs: number;
  };
}

export function statusReporter(parts: {
  version: string;
  database: 'sqlite' | 'postgresql';
  storage: Pick<Storage, 'orders' | 'jobs'>;
  workerRunning(): boolean;
  processes: number;
  pid: number;
}): () => Promise<StatusReport> {
  return async () => {
    const [orders, jobs] = await Promise.all([parts.storage.orders.countByStatus(), parts.storage.jobs.count()]);
    return {
      status: 'ok',
      version: parts.version,
      database: parts.database,
      worker: parts.workerRunning() ? 'running' : 'stopped',
      uptimeSeconds: Math.round(process.uptime()),
      pid: parts.pid,
      processes: parts.processes,
      pending: { ordersProcessing: orders.Processing ?? 0, jobs },
    };
  };
}
