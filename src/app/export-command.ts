/**
 * `dialtone export [--account ID] [--output FILE]`: one account's contents as JSON (tenancy/export-format.ts), read
 * from DATA_DIR's SQLite database or DATABASE_URL's PostgreSQL in one snapshot, safely while servers run on it. What
 * has expired (voice profiles, voice analytics tasks) is judged by the servers' clock: the test clock, moved forward
 * as far as the database says, when the configuration enables it.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { openStorage, sqliteFile } from '../storage/open-storage.ts';
import { ExportError, exportAccount } from '../tenancy/export-account.ts';
import { storageOptions } from './storage-options.ts';
import { openTestClock } from './test-clock.ts';

export { ExportError };

/** What to print: the file's text (stdout) or, with `output`, a line saying where it went (stderr). */
export interface ExportOutcome {
  stdout: string;
  stderr: string;
}

export async function exportCommand(config: Config, options: { accountId: string; output?: string | undefined }): Promise<ExportOutcome> {
  if (!/^\d{12}$/.test(options.accountId)) throw new ExportError(`--account: '${options.accountId}' must be 12 digits`);
  if (!config.database.url && !existsSync(sqliteFile(config.dataDir))) {
    throw new ExportError(`export: there is no database at ${sqliteFile(config.dataDir)} (is DATA_DIR right?)`);
  }
  const target = options.output === undefined ? undefined : resolve(options.output);
  if (target !== undefined && existsSync(target)) throw new ExportError(`export: ${target} exists; it is not overwritten`);
  if (target !== undefined && !existsSync(dirname(target))) throw new ExportError(`export: the directory ${dirname(target)} does not exist`);
  const storage = await openStorage(storageOptions(config));
  let text: string;
  try {
    const testClock = await openTestClock(config, storage.meta);
    const document = await exportAccount(options.accountId, {
      source: storage,
      configAccountIds: new Set(config.accounts.map((a) => a.accountId)),
      clock: testClock ?? systemClock,
    });
    text = `${JSON.stringify(document, null, 2)}\n`;
  } finally {
    await storage.close();
  }
  if (target === undefined) return { stdout: text, stderr: '' };
  // Under a temporary name first: a reader of FILE never sees half an export.
  const partial = `${target}.partial-${process.pid}`;
  try {
    writeFileSync(partial, text, { flag: 'wx' });
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { stdout: '', stderr: `dialtone: exported account ${options.accountId} to ${target} (${Buffer.byteLength(text)} bytes)\n` };
}
