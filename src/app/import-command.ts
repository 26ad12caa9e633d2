/**
 * `dialtone import FILE|-`: loads an export file (tenancy/export-format.ts) into DATA_DIR's SQLite database or
 * DATABASE_URL's PostgreSQL, in one transaction, safely while servers run on it (a running server's worker fulfils the
 * orders still `Processing`; its caches pick an account the import created up within `access.cacheTtlMs`).
 */
import type { Config } from '../config/config.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { openStorage } from '../storage/open-storage.ts';
import { narrowed } from '../storage/storage.ts';
import { ExportFormatError, fromDocument } from '../tenancy/export-format.ts';
import { ImportError, importAccount, type ImportSummary } from '../tenancy/import-account.ts';
import { JsonInputError, readJson } from './json-input.ts';
import { storageOptions } from './storage-options.ts';

export { ExportFormatError, ImportError };

/**
 * Reads FILE (or standard input for `-`), checks and imports it; answers what was imported. A file of any size is read
 * (json-input.ts: above 256 MiB as a stream).
 */
export async function importCommand(
  config: Config,
  file: string | undefined,
  stdin: AsyncIterable<Buffer | string> = process.stdin,
  streamedAbove?: number,
): Promise<ImportSummary> {
  if (file === undefined || file === '') throw new ImportError('import: give the export file to read, or - for standard input, e.g. dialtone import fixture.json');
  let document: unknown;
  try {
    ({ value: document } = await readJson(file === '-' ? { stdin } : { file }, file === '-' ? 'standard input' : file, streamedAbove));
  } catch (error) {
    if (!(error instanceof JsonInputError)) throw error;
    throw error.kind === 'unreadable' ? new ImportError(`import: ${error.message}`) : new ExportFormatError(error.message);
  }
  // The whole file is checked before the database is opened: a refused file leaves no trace, not even a new database.
  const contents = fromDocument(document);
  const storage = await openStorage(storageOptions(config));
  try {
    const summary = await importAccount(contents, {
      unitOfWork: narrowed(storage, (r) => r),
      configAccountIds: new Set(config.accounts.map((a) => a.accountId)),
      clock: systemClock,
    });
    // As the databases advise after a bulk load: the planner sees the imported rows before autovacuum's next visit.
    await storage.refreshStatistics();
    return summary;
  } finally {
    await storage.close();
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
