/**
 * Exports and imports of any size: readJson answers what JSON.parse answers, from a file or standard input, whether it
 * reads the text whole or (above its bound) as a stream of tokens, and refuses alike what is not JSON; and an account
 * exported (written piece by piece), imported through the streamed parser from a file and from standard input into
 * fresh SQLite databases, exports again to the same text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { exportCommand } from '../../../src/app/export-command.ts';
import { importCommand } from '../../../src/app/import-command.ts';
import { JsonInputError, readJson } from '../../../src/app/json-input.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { openSqliteStorage } from '../../../src/storage/sqlite/open-sqlite-storage.ts';

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

const VALUE = {
  text: 'naïve café ☎ 𝄞 "quoted" \\ back\nslash \u2028 \u0000',
  numbers: [0, -0.5, 1e21, 123456789012, 3.14159, -1e-7],
  nested: { empty: {}, none: [], deep: [[[{ a: null, b: true, c: false }]]] },
  __proto__: 'an own key, as JSON.parse makes it',
};
const TEXT = JSON.stringify(VALUE, null, 2);

describe('readJson', () => {
  test('answers what JSON.parse answers, read whole or as a stream, from a file or standard input', async () => {
    const file = join(fresh(), 'value.json');
    writeFileSync(file, TEXT);
    const expected = JSON.parse(TEXT) as unknown;
    const bytes = Buffer.byteLength(TEXT);
    for (const [streamedAbove, streamed] of [[bytes, false], [bytes - 1, true], [0, true]] as const) {
      assert.deepEqual(await readJson({ file }, 'value.json', streamedAbove), { value: expected, streamed }, `file, streamed above ${streamedAbove}`);
      assert.deepEqual(await readJson({ stdin: stdinOf(TEXT) }, 'standard input', streamedAbove), { value: expected, streamed }, `stdin, streamed above ${streamedAbove}`);
    }
  });

  test('refuses what is not one JSON value with "… is not JSON", and an unreadable file with "cannot read …", either way', async () => {
    const dir = fresh();
    for (const streamedAbove of [Number.MAX_SAFE_INTEGER, 0]) {
      for (const bad of ['{"format": "dialtone-export",', '', '{} {}', '{"a": tru}', '[1,]']) {
        const file = join(dir, 'bad.json');
        writeFileSync(file, bad);
        for (const source of [{ file }, { stdin: stdinOf(bad) }]) {
          await assert.rejects(
            readJson(source, 'the input', streamedAbove),
            (error: unknown) => error instanceof JsonInputError && error.kind === 'not-json' && /^the input is not JSON: ./.test(error.message),
            `${JSON.stringify(bad)}, streamed above ${streamedAbove}`,
          );
        }
      }
      await assert.rejects(
        readJson({ file: join(dir, 'missing.json') }, 'missing.json', streamedAbove),
        (error: unknown) => error instanceof JsonInputError && error.kind === 'unreadable' && /^cannot read missing\.json: ENOENT/.test(error.message),
      );
    }
  });
});

describe('readJson from standard input past its bound', () => {
  test('parses as it reads: a fault is answered when reached, without reading the rest', async () => {
    const MORE = 100_000;
    let given = 0;
    // '[1,1,…' past the bound, then a fault, then far more input than the test would wait for.
    async function* stdin(): AsyncGenerator<string> {
      for (let i = 0; i < 100; i++, given++) yield '1,1,1,1,1,';
      yield 'x,';
      for (let i = 0; i < MORE; i++, given++) yield '1,1,1,1,1,';
    }
    const source = { stdin: (async function* () {
      yield '[';
      yield* stdin();
      yield '1]';
    })() };
    await assert.rejects(
      readJson(source, 'the input', 100),
      (error: unknown) => error instanceof JsonInputError && error.kind === 'not-json',
    );
    assert.ok(given < 1_000, `read ${given} chunks of input past the fault`);
  });

  test('answers a read fault past the bound as unreadable', async () => {
    const source = { stdin: (async function* () {
      yield '[1,2,3,';
      yield '4,5,6,';
      throw new Error('EIO: i/o error, read');
    })() };
    await assert.rejects(
      readJson(source, 'standard input', 4),
      (error: unknown) => error instanceof JsonInputError && error.kind === 'unreadable' && /^cannot read standard input: EIO/.test(error.message),
    );
  });
});

describe('an export imported through the streamed parser', () => {
  test('exports again to the same text, imported from a file and from standard input', async () => {
    const source = fresh();
    const storage = await openSqliteStorage({ file: join(source, 'dialtone.sqlite') });
    try {
      const at = new Date(Date.UTC(2026, 10, 1, 12));
      const rows = Array.from({ length: 3_000 }, (_, i) => ({ e164: `+1206${String(5_550_000 + i)}`, accountId: '000000000000', productType: 'VoiceConnector' as const, type: 'Local' as const, country: 'US', at }));
      await storage.bulk.insertOwnedNumbers(rows);
    } finally {
      await storage.close();
    }
    const exportOf = async (dataDir: string): Promise<string> => {
      const out = new PassThrough();
      const pieces: Buffer[] = [];
      out.on('data', (piece: Buffer) => pieces.push(piece));
      await exportCommand(loadConfig({ DATA_DIR: dataDir }), { accountId: '000000000000' }, out);
      return Buffer.concat(pieces).toString('utf8');
    };
    // Compared without the line of the export's own time.
    const timeless = (text: string): string => text.replace(/\n {2}"exportedAt": "[^"]+",/, '');
    const text = await exportOf(source);
    assert.equal((JSON.parse(text) as { phoneNumbers: unknown[] }).phoneNumbers.length, 3_000);
    const file = join(fresh(), 'export.json');
    writeFileSync(file, text);

    const fromFile = fresh();
    const summary = await importCommand(loadConfig({ DATA_DIR: fromFile }), file, undefined, 0);
    assert.equal(summary.phoneNumbers, 3_000);
    assert.equal(timeless(await exportOf(fromFile)), timeless(text), 'imported from a file');
    const fromStdin = fresh();
    await importCommand(loadConfig({ DATA_DIR: fromStdin }), '-', stdinOf(text, 64 * 1024), 0);
    assert.equal(timeless(await exportOf(fromStdin)), timeless(text), 'imported from standard input');
  });
});
