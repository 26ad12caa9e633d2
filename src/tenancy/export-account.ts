/**
 * `dialtone export`: one account's contents as the versioned export file (see export-format.ts), read in one snapshot
 * of the database, so that a server writing meanwhile never gives a file that mixes two moments.
 */
import type { AccessRepository } from '../domain/ports/access.ts';
import type { SnapshotReads } from '../domain/ports/unit-of-work.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { readAccountContents, type ContentSources } from './account-contents.ts';
import { toDocument, type ExportDocument } from './export-format.ts';

/** An export refused (an account that does not exist). */
export class ExportError extends Error {}

export interface ExportDependencies {
  source: SnapshotReads<ContentSources & { access: Pick<AccessRepository, 'getAccount'> }>;
  /** The accounts of the configuration file (they exist without a row in the database). */
  configAccountIds: ReadonlySet<string>;
  clock: Clock;
}

/**
 * The export of the account.
 * @throws ExportError when the account is neither in the configuration file nor in the database
 */
export async function exportAccount(accountId: string, deps: ExportDependencies): Promise<ExportDocument> {
  return deps.source.snapshot(async (repos) => {
    if (!deps.configAccountIds.has(accountId) && (await repos.access.getAccount(accountId)) === undefined) {
      throw new ExportError(`no account ${accountId} (neither in the configuration file nor created with 'dialtone accounts create')`);
    }
    // One time for the file's `exportedAt` and for what has expired by then.
    const now = deps.clock.now();
    return toDocument(await readAccountContents(repos, accountId, now), now);
  });
}
