/**
 * What the three-node races of the postgres storage tests share: a node's storage on a database of the test cluster
 * (a small pool, a statement timeout so that a deadlock fails instead of hanging), and the outcome of one racing call.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../../src/domain/shared/domain-error.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';

/** One node's storage on the database at `url`. */
export const openNode = (url: string): Promise<Storage> => openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 5_000 });

/** A racing call's outcome: `ok`, the kind of its `DomainError`, or what else it threw. */
export const kindOf = (result: PromiseSettledResult<unknown>): string =>
  result.status === 'fulfilled' ? 'ok' : result.reason instanceof DomainError ? result.reason.kind : String(result.reason);

/**
 * What `work` answers within `ms`, or `still waiting` if it has not settled by then: a call that must not wait for
 * the rows another transaction holds, asserted without hanging the test when it does wait.
 */
export async function withoutWaiting<T>(work: Promise<T>, ms = 3_000): Promise<T | 'still waiting'> {
  const timeout = new AbortController();
  try {
    return await Promise.race([work, sleep(ms, 'still waiting' as const, { signal: timeout.signal }).catch(() => 'still waiting' as const)]);
  } finally {
    timeout.abort();
  }
}
