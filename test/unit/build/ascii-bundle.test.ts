/**
 * The bundle is ASCII text (scripts/build.mjs): one character beyond it anywhere makes V8 hold the whole 1.8 MB source
 * as two-byte text. esbuild escapes such characters in strings and templates but not in tagged templates, so the build
 * refuses a bundle that still holds one, and says where it came from.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { build } from 'esbuild';
import { nonAsciiSpots } from '../../../scripts/build.mjs';
import { dialtoneBundle } from '../../support/bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-ascii-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `source` as scripts/build.mjs bundles src/ (whitespace left out, a source map); answers the text and map. */
async function bundled(source: string): Promise<{ text: string; map: unknown }> {
  const entry = join(dir, 'entry.ts');
  const outfile = join(dir, 'out.mjs');
  writeFileSync(entry, source);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', sourcemap: true, minifyWhitespace: true, logLevel: 'silent' });
  return { text: readFileSync(outfile, 'utf8'), map: JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) };
}

describe('an ASCII bundle', () => {
  it('finds the characters that esbuild leaves in tagged templates, with their source line; strings are escaped', async () => {
    const { text, map } = await bundled(
      [
        "const tag = (strings: TemplateStringsArray): string => strings.join('');",
        "export const plain = 'a dash — and an arrow →';",
        'export const template = `ellipsis … ${plain}`;',
        'export const tagged = tag`an ellipsis … here`;',
        '',
      ].join('\n'),
    );
    const spots = nonAsciiSpots(text, map);
    assert.equal(spots.length, 1, text);
    assert.equal(spots[0]!.character, '…');
    assert.equal(spots[0]!.codePoint, 'U+2026');
    assert.match(spots[0]!.source!, /entry\.ts$/);
    assert.equal(spots[0]!.line, 4);
  });

  it('gives at most the number asked for', async () => {
    const { text, map } = await bundled('const tag = (s: TemplateStringsArray): string => s.join("");\nexport const t = tag`é è ê ë ï`;\n');
    assert.equal(nonAsciiSpots(text, map).length, 5);
    assert.deepEqual(
      nonAsciiSpots(text, map, 2).map((spot) => spot.codePoint),
      ['U+00E9', 'U+00E8'],
    );
  });

  it("dialtone's bundle holds nothing beyond ASCII", async () => {
    const file = await dialtoneBundle();
    const spots = nonAsciiSpots(readFileSync(file, 'utf8'), JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    assert.deepEqual(spots, []);
  });
});
