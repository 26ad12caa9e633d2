/**
 * `/_dialtone/metrics` with `--workers N`: whichever worker a scrape reaches answers for the whole group. The worker
 * asks the primary over node:cluster's channel; the primary collects every worker's registry (prom-client's
 * `AggregatorRegistry`) and answers the aggregate: counters and histograms summed, the database-backed gauges taken
 * once (they read the same database; see their `aggregator`), the process metrics summed.
 */
import type { Registry } from 'prom-client';
import { AggregatorRegistry } from '../observability/prom-client.ts';
import { nodeCluster } from './supervisor.ts';

const REQUEST = 'dialtone:metrics-request';
const ANSWER = 'dialtone:metrics-answer';
/** Longer than prom-client's own wait for the workers (5 s). */
const ANSWER_TIMEOUT_MS = 8_000;

interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/** What the metrics endpoint reads. */
export type MetricsSource = Pick<Registry, 'contentType' | 'metrics'>;

/** In the primary: answers the workers' requests for the group's metrics. Call once, before forking. */
export function aggregateWorkerMetrics(): void {
  const aggregator = new AggregatorRegistry();
  nodeCluster().on('message', (worker, message: { type?: unknown; id?: unknown }) => {
    if (message?.type !== REQUEST || typeof message.id !== 'number') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: ANSWER, id, text } satisfies Answer),
      (error: unknown) => worker.isConnected() && worker.send({ type: ANSWER, id, error: (error as Error).message } satisfies Answer),
    );
  });
}

/**
 * In a worker: `registry` as the primary collects it, and a source that answers the group's aggregate.
 * @throws (from `metrics()`) when the primary does not answer in time or a worker's collection failed
 */
export function groupMetrics(registry: Registry): MetricsSource {
  AggregatorRegistry.setRegistries([registry]);
  // Constructed in a worker, it answers the primary's requests for this worker's metrics.
  new AggregatorRegistry();
  const pending = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  let next = 0;
  process.on('message', (message: Partial<Answer> | null) => {
    if (message?.type !== ANSWER || typeof message.id !== 'number') return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiting?.reject(new Error(`collecting the workers' metrics failed: ${message.error}`));
    else waiting?.resolve(message.text ?? '');
  });
  return {
    contentType: registry.contentType,
    metrics: () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the primary did not answer with the workers' metrics within ${ANSWER_TIMEOUT_MS} ms`));
        }, ANSWER_TIMEOUT_MS);
        pending.set(id, {
          resolve: (text) => (clearTimeout(timer), resolve(text)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        process.send?.({ type: REQUEST, id });
      }),
  };
}
