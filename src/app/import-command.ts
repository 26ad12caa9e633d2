/**
 * `dialtone import FILE|-`: loads an export file (tenancy/export-format.ts) into DATA_DIR's SQLite database or
 * DATABASE_URL's PostgreSQL, in one transaction, safely while servers run on it (a running server's worker fulfils the
 * orders still `Processing`; its caches pick an account the import created up within `access.cacheTtlMs`). The file
 * is read twice, member by member (shared/json-members.ts), so that a file of any size is imported without being held:
 * once to check it whole (tenancy/export-reader.ts), before the database is opened, and once for the writes, which
 * stream its long lists' items into the transaction. A file that changed between the two readings is refused.
 */
import type { Config } from '../config/config.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { JsonMembersError, jsonMembers, type JsonMember } from '../shared/json-members.ts';
import { openStorage } from '../storage/open-storage.ts';
import { narrowed } from '../storage/storage.ts';
import { ExportFormatError, notAnExport } from '../tenancy/export-format.ts';
import { ExportChecker, itemsBatch, LONG_LISTS, type CheckedExport, type ItemsBatch, type LongList } from '../tenancy/export-reader.ts';
import { ImportError, importAccount, type ImportSummary } from '../tenancy/import-account.ts';
import { importInput, type ImportInput } from './import-input.ts';
import { storageOptions } from './storage-options.ts';

export { ExportFormatError, ImportError };

/** Lists shorter than this import without telling their progress (a fixture's are). */
export const PROGRESS_FROM = 10_000;

/**
 * Reads FILE (or standard input for `-`), checks and imports it; answers what was imported. `progress` is told how far
 * the writes of each long list of {@link PROGRESS_FROM} items or more are.
 */
export async function importCommand(
  config: Config,
  file: string | undefined,
  stdin: AsyncIterable<Buffer | string> = process.stdin,
  progress?: (label: string, done: number, total: number) => void,
): Promise<ImportSummary> {
  if (file === undefined || file === '') throw new ImportError('import: give the export file to read, or - for standard input, e.g. dialtone import fixture.json');
  const input = importInput(file, stdin);
  try {
    // The whole file is checked before the database is opened: a refused file leaves no trace, not even a new database.
    const first = input.read();
    const checker = new ExportChecker();
    for await (const member of members(first.chunks, input.name)) checker.member(member);
    const checked = checker.finish();
    const storage = await openStorage(storageOptions(config));
    try {
      const summary = await importAccount(
        { contents: checked.contents, counts: checked.counts, keys: checked.keys, batches: () => batches(input, checked, first.digest()!) },
        {
          // Every statement of an import writes a bounded part (an order, a chunk of records, a batch's associations):
          // SQLite keeps their journals in memory (Storage.batchWork), as fulfilment's, rather than in a file each.
          unitOfWork: narrowed(storage.batchWork ?? storage, (r) => r),
          configAccountIds: new Set(config.accounts.map((a) => a.accountId)),
          clock: systemClock,
          progress: (label, done, total) => {
            if (total >= PROGRESS_FROM) progress?.(label, done, total);
          },
        },
      );
      // As the databases advise after a bulk load: the planner sees the imported rows before autovacuum's next visit.
      await storage.refreshStatistics();
      return summary;
    } finally {
      await storage.close();
    }
  } finally {
    await input.close();
  }
}

/** The members of the input's text; what cannot be read, or is not JSON, refused as such. */
async function* members(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<JsonMember> {
  const reading = jsonMembers(chunks);
  for (;;) {
    let next: IteratorResult<JsonMember, void>;
    try {
      next = await reading.next();
    } catch (error) {
      if (error instanceof JsonMembersError) {
        throw error.notAnObject ? notAnExport() : new ExportFormatError(`${name} is not JSON: ${error.message}`);
      }
      throw new ImportError(`import: cannot read ${name}: ${(error as Error).message}`);
    }
    if (next.done === true) return;
    yield next.value;
  }
}

/**
 * The long lists' items read again, orders, then numbers, then associations: in one reading when the file holds them
 * in that order (as `dialtone export` writes them), else in one reading per list.
 */
async function* batches(input: ImportInput, checked: CheckedExport, digest: string): AsyncGenerator<ItemsBatch> {
  const inOrder = checked.listOrder.every((list, i) => i === 0 || LONG_LISTS.indexOf(list) > LONG_LISTS.indexOf(checked.listOrder[i - 1]!));
  const readings: LongList[][] = inOrder ? [checked.listOrder] : LONG_LISTS.filter((list) => checked.listOrder.includes(list)).map((list) => [list]);
  for (const lists of readings) {
    const reading = input.read();
    for await (const member of members(reading.chunks, input.name)) {
      if (member.kind === 'items' && (lists as string[]).includes(member.key)) yield itemsBatch(member.key as LongList, checked.contents.accountId, member.items, member.first);
    }
    if (reading.digest() !== digest) throw new ImportError(`${input.name} changed after it was checked; nothing was imported`);
  }
}

/** The summary as one line per part. */
export function describeImport(summary: ImportSummary): string {
  return (
    `dialtone: imported account ${summary.accountId}${summary.accountCreated ? ' (created: give it keys with dialtone keys create)' : ''}: ` +
    `${summary.orders} orders (${summary.processingOrders} Processing, to be fulfilled), ${summary.phoneNumbers} number records, ` +
    `${summary.voiceConnectors} voice connectors, ${summary.voiceConnectorGroups} voice connector groups, ` +
    `${summary.sipMediaApplications} SIP media applications, ${summary.sipRules} SIP rules, ${summary.voiceProfileDomains} voice profile domains, ` +
    `${summary.proxySessions} proxy sessions, ${summary.voiceProfiles} voice profiles, ${summary.voiceAnalyticsTasks} voice analytics tasks, ` +
    `${summary.associations} associations\n`
  );
}
