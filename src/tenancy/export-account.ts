/**
 * `dialtone export`: one account's contents as the versioned export file (see export-format.ts), read in one snapshot
 * of the database, so that a server writing meanwhile never gives a file that mixes two moments. The snapshot lasts
 * until the file is written: the orders and numbers are read from it as they are written.
 */
import type { AccessRepository } from '../domain/ports/access.ts';
import type { SnapshotReads } from '../domain/ports/unit-of-work.ts';
import type { Clock } from '../domain/shared/clock.ts';
import { StreamedItems } from '../shared/pretty-json.ts';
import { associationsOf, numberRecords, ordersOf, readAccountParts, type ContentSources } from './account-contents.ts';
import { associationMember, numberMember, orderMember, toDocument, type ExportDocument } from './export-format.ts';

/** An export refused (an account that does not exist). */
export class ExportError extends Error {}

export interface ExportDependencies {
  source: SnapshotReads<ContentSources & { access: Pick<AccessRepository, 'getAccount'> }>;
  /** The accounts of the configuration file (they exist without a row in the database). */
  configAccountIds: ReadonlySet<string>;
  clock: Clock;
}

/**
 * The export of the account, handed to `write` inside the snapshot it is read in: the orders, the numbers' records and
 * their associations are read as `write` writes them ({@link StreamedItems}), so that a large account is never held
 * whole.
 * @returns what `write` returns
 * @throws ExportError when the account is neither in the configuration file nor in the database
 */
export async function exportAccount<T>(accountId: string, deps: ExportDependencies, write: (document: StreamedDocument) => Promise<T>): Promise<T> {
  return deps.source.snapshot(async (repos) => {
    if (!deps.configAccountIds.has(accountId) && (await repos.access.getAccount(accountId)) === undefined) {
      throw new ExportError(`no account ${accountId} (neither in the configuration file nor created with 'dialtone accounts create')`);
    }
    // One time for the file's `exportedAt` and for what has expired by then.
    const now = deps.clock.now();
    const document = toDocument({ ...(await readAccountParts(repos, accountId, now)), orders: [], numbers: [], associations: [] }, now);
    // The numbers go before the associations, and name the owned numbers whose associations those are.
    const owned: string[] = [];
    return write({
      ...document,
      orders: new StreamedItems(async function* () {
        for await (const order of ordersOf(repos, accountId)) yield orderMember(order);
      }),
      phoneNumbers: new StreamedItems(async function* () {
        for await (const record of numberRecords(repos, accountId, owned)) yield numberMember(record);
      }),
      associations: new StreamedItems(async function* () {
        for (const association of await associationsOf(repos, accountId, owned)) yield associationMember(association);
      }),
    });
  });
}

/** An export file's content whose orders, numbers and associations are read as they are written. */
export type StreamedDocument = Omit<ExportDocument, 'orders' | 'phoneNumbers' | 'associations'> & {
  orders: StreamedItems;
  phoneNumbers: StreamedItems;
  associations: StreamedItems;
};
