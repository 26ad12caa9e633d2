/**
 * `dialtone export [--account ID] [--output FILE]`: one account's contents as JSON (tenancy/export-format.ts), read
 * from DATA_DIR's SQLite database or DATABASE_URL's PostgreSQL in one snapshot, safely while servers run on it. What
 * has expired (voice profiles, voice analytics tasks) is judged by the servers' clock: the test clock, moved forward
 * as far as the database says, when the configuration enables it.
 */
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config/config.ts';
import { systemClock } from '../domain/shared/clock.ts';
import { prettyJsonChunks } from '../shared/pretty-json.ts';
import { openStorage, sqliteFile } from '../storage/open-storage.ts';
import { ExportError, exportAccount, type StreamedDocument } from '../tenancy/export-account.ts';
import { storageOptions } from './storage-options.ts';
import { openTestClock } from './test-clock.ts';

export { ExportError };

/**
 * Standard output closed by its reader before the export was written (EPIPE: `dialtone export | head`). The command
 * ends as a process that SIGPIPE ended would in a shell pipeline, without a message: exit status 141.
 */
export class OutputClosedError extends Error {
  readonly exitCode = 141;
}

/** What to print on stderr once the export is written: with `output`, where it went. */
export interface ExportOutcome {
  stderr: string;
}

/**
 * Writes the account's export to `output`, or else to `stdout`. The text is written piece by piece (an item of a list
 * at most at a time, see pretty-json.ts): an account of millions of numbers makes a file longer than the longest
 * string Node.js can hold. Its orders and numbers are read from the snapshot as they are written, never held whole.
 */
export async function exportCommand(
  config: Config,
  options: { accountId: string; output?: string | undefined },
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<ExportOutcome> {
  if (!/^\d{12}$/.test(options.accountId)) throw new ExportError(`--account: '${options.accountId}' must be 12 digits`);
  if (!config.database.url && !existsSync(sqliteFile(config.dataDir))) {
    throw new ExportError(`export: there is no database at ${sqliteFile(config.dataDir)} (is DATA_DIR right?)`);
  }
  const target = options.output === undefined ? undefined : resolve(options.output);
  if (target !== undefined && existsSync(target)) throw new ExportError(`export: ${target} exists; it is not overwritten`);
  if (target !== undefined && !existsSync(dirname(target))) throw new ExportError(`export: the directory ${dirname(target)} does not exist`);
  const storage = await openStorage(storageOptions(config));
  try {
    const testClock = await openTestClock(config, storage.meta);
    const deps = { source: storage, configAccountIds: new Set(config.accounts.map((a) => a.accountId)), clock: testClock ?? systemClock };
    return await exportAccount(options.accountId, deps, (document) => writeExport(document, options.accountId, target, stdout));
  } finally {
    await storage.close();
  }
}

/** Writes the export's text to `target`, or else to `stdout`, as its parts are read. */
async function writeExport(document: StreamedDocument, accountId: string, target: string | undefined, stdout: NodeJS.WritableStream): Promise<ExportOutcome> {
  let bytes = 0;
  const text = Readable.from(
    (async function* () {
      for await (const chunk of prettyJsonChunks(document)) {
        bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
      bytes += 1;
      yield '\n';
    })(),
  );
  if (target === undefined) {
    try {
      await pipeline(text, stdout, { end: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw new OutputClosedError('standard output closed', { cause: error });
      throw unwritten('standard output', error);
    }
    return { stderr: '' };
  }
  // Under a temporary name first: a reader of FILE never sees half an export.
  const partial = `${target}.partial-${process.pid}`;
  try {
    await pipeline(text, createWriteStream(partial, { flags: 'wx' }));
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw unwritten(target, error);
  }
  return { stderr: `dialtone: exported account ${accountId} to ${target} (${bytes} bytes)\n` };
}

/** A write that failed (a full disk, an I/O error) as the command's own error; a database's failure as it was. */
function unwritten(where: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof (error as NodeJS.ErrnoException).syscall !== 'string' || typeof code !== 'string') return error;
  const kept = where === 'standard output' ? 'what was written of it is incomplete' : 'no file was written';
  return new ExportError(`export: cannot write ${where}: ${(error as Error).message}; ${kept}`, { cause: error });
}
