/**
 * What the three-node races of the postgres storage tests share: a node's storage on a database of the test cluster
 * (a small pool, a statement timeout so that a deadlock fails instead of hanging), and the outcome of one racing call.
 */
import { DomainError } from '../../src/domain/shared/domain-error.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';

/** One node's storage on the database at `url`. */
export const openNode = (url: string): Promise<Storage> => openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 5_000 });

/** A racing call's outcome: `ok`, the kind of its `DomainError`, or what else it threw. */
export const kindOf = (result: PromiseSettledResult<unknown>): string =>
  result.status === 'fulfilled' ? 'ok' : result.reason instanceof DomainError ? result.reason.kind : String(result.reason);
