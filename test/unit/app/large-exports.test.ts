/**
 * Imports of any size: an account exported (written piece by piece) and imported from a file and from standard input
 * (read member by member, twice) into fresh SQLite databases exports again to the same text; a file whose long lists
 * come in another order imports alike; standard input's copy is gone afterwards; a file that changes between the check
 * and the writes (a FIFO gives other bytes at each opening) is refused with nothing written; what cannot be read or is
 * not JSON is refused as such.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { exportCommand } from '../../../src/app/export-command.ts';
import { ExportFormatError, ImportError, importCommand } from '../../../src/app/import-command.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';
import { toDocument } from '../../../src/tenancy/export-format.ts';
import { sampleContents } from '../tenancy/fixture-contents.ts';

const dirs: string[] = [];
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-large-export-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Standard input delivering `text` in pieces of `size` bytes: multi-byte characters fall across pieces. */
const stdinOf = (text: string, size = 7): Readable => {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
  return Readable.from(pieces);
};

const exportOf = async (dataDir: string, accountId = '000000000000'): Promise<string> => {
  const out = new PassThrough();
  const pieces: Buffer[] = [];
  out.on('data', (piece: Buffer) => pieces.push(piece));
  await exportCommand(loadConfig({ DATA_DIR: dataDir }), { accountId }, out);
  return Buffer.concat(pieces).toString('utf8');
};
/** Compared without the line of the export's own time. */
const timeless = (text: string): string => text.replace(/\n {2}"exportedAt": "[^"]+",/, '');

/** An account of 3,000 numbers (about 800 KB of export, so several batches of items), exported. */
async function numbersExport(): Promise<string> {
  const source = fresh();
  const storage = await openSqliteStorage({ file: join(source, 'dialtone.sqlite') });
  try {
    const at = new Date(Date.UTC(2026, 10, 1, 12));
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ e164: `+1206${String(5_550_000 + i)}`, accountId: '000000000000', productType: 'VoiceConnector' as const, type: 'Local' as const, country: 'US', at }));
    await storage.bulk.insertOwnedNumbers(rows);
  } finally {
    await storage.close();
  }
  return exportOf(source);
}

/** Runs `body` with the system's temporary directory set to a fresh one; answers what was left in it. */
async function leftInTmp(body: () => Promise<unknown>): Promise<string[]> {
  const dir = fresh();
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    await body().catch(() => undefined);
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
  return readdirSync(dir);
}

describe('an export imported member by member', () => {
  test('exports again to the same text, imported from a file and from standard input; standard input leaves no copy', async () => {
    const text = await numbersExport();
    assert.equal((JSON.parse(text) as { phoneNumbers: unknown[] }).phoneNumbers.length, 3_000);
    const file = join(fresh(), 'export.json');
    writeFileSync(file, text);

    const fromFile = fresh();
    const summary = await importCommand(loadConfig({ DATA_DIR: fromFile }), file);
    assert.equal(summary.phoneNumbers, 3_000);
    assert.equal(timeless(await exportOf(fromFile)), timeless(text), 'imported from a file');
    const fromStdin = fresh();
    assert.deepEqual(await leftInTmp(() => importCommand(loadConfig({ DATA_DIR: fromStdin }), '-', stdinOf(text, 64 * 1024))), [], 'the copy of standard input removed');
    assert.equal(timeless(await exportOf(fromStdin)), timeless(text), 'imported from standard input');
    const refused = fresh();
    assert.deepEqual(await leftInTmp(() => importCommand(loadConfig({ DATA_DIR: refused }), '-', stdinOf(text.replace('"Unassigned"', '"Lost"'), 64 * 1024))), [], 'removed after a refusal');
  });

  test('imports a file whose long lists come in another order alike', async () => {
    const document = JSON.parse(JSON.stringify(toDocument(sampleContents(), new Date('2026-02-03T04:05:06.789Z')))) as Record<string, unknown>;
    const file = join(fresh(), 'export.json');
    writeFileSync(file, JSON.stringify(document));
    const reordered = join(fresh(), 'reordered.json');
    // The associations first, the orders last, every other member between.
    const { associations, phoneNumbers, orders, ...rest } = document;
    writeFileSync(reordered, JSON.stringify({ associations, phoneNumbers, ...rest, orders }, null, 1));
    const [a, b] = [fresh(), fresh()];
    const summaries = [await importCommand(loadConfig({ DATA_DIR: a }), file), await importCommand(loadConfig({ DATA_DIR: b }), reordered)];
    assert.deepEqual(summaries[1], summaries[0]);
    assert.equal(summaries[0]!.associations, 2);
    assert.equal(timeless(await exportOf(b, '111111111111')), timeless(await exportOf(a, '111111111111')));
  });

  test('refuses a file that changed between its check and the writes, and writes nothing', async () => {
    const text = await numbersExport();
    const fifo = join(fresh(), 'changing.json');
    execFileSync('mkfifo', [fifo]);
    const dataDir = fresh();
    // The check's reading is given the export; the writes' reading, once the check is over (the database is opened only
    // then), the export with one number changed.
    const writer = (async () => {
      for (const given of [text, text.replace('"+12065550007"', '"+12065559999"')]) {
        const handle = await open(fifo, 'w');
        await handle.writeFile(given).catch(() => undefined);
        await handle.close();
        while (!existsSync(join(dataDir, 'dialtone.sqlite'))) await setTimeout(5);
      }
    })();
    await assert.rejects(importCommand(loadConfig({ DATA_DIR: dataDir }), fifo), (error: unknown) => {
      assert.ok(error instanceof ImportError, String(error));
      assert.match(error.message, /changed after it was checked; nothing was imported/);
      return true;
    });
    await writer;
    const storage = await openSqliteStorage({ file: join(dataDir, 'dialtone.sqlite') });
    try {
      assert.equal(await storage.phoneNumbers.get('000000000000', '+12065550000'), undefined, 'no number written');
    } finally {
      await storage.close();
    }
  });

  test('refuses an unreadable file, text that is not JSON, and standard input that fails while read', async () => {
    const dir = fresh();
    const config = loadConfig({ DATA_DIR: fresh() });
    await assert.rejects(importCommand(config, join(dir, 'missing.json')), (error: unknown) => error instanceof ImportError && /^import: cannot read .*missing\.json: ENOENT/.test(error.message));
    for (const bad of ['{"format": "dialtone-export",', '', '{} {}', '{"orders": [1,]}', 'hello']) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, bad);
      await assert.rejects(importCommand(config, file), (error: unknown) => error instanceof ExportFormatError && error.message.startsWith(`${file} is not JSON: `), JSON.stringify(bad));
      await assert.rejects(importCommand(config, '-', stdinOf(bad)), (error: unknown) => error instanceof ExportFormatError && /^standard input is not JSON: /.test(error.message), JSON.stringify(bad));
    }
    await assert.rejects(importCommand(config, '-', stdinOf('[1, 2]')), (error: unknown) => error instanceof ExportFormatError && /^not a dialtone export/.test(error.message));
    const failing = (async function* () {
      yield '{"format": "dialtone-export", "orders": [';
      throw new Error('EIO: i/o error, read');
    })();
    await assert.rejects(importCommand(config, '-', failing), (error: unknown) => error instanceof ImportError && /^import: cannot read standard input: EIO/.test(error.message));
    // Standard input's copy where it cannot be made: the message names the directory and TMPDIR.
    const before = process.env.TMPDIR;
    process.env.TMPDIR = join(dir, 'missing');
    try {
      await assert.rejects(
        importCommand(config, '-', stdinOf('{}')),
        (error: unknown) => error instanceof ImportError && /^import: cannot read standard input: its copy under \S+missing could not be written \(TMPDIR names another directory\): ENOENT/.test(error.message),
      );
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});
