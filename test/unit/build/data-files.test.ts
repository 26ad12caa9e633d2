/**
 * The data the server reads once at start lies in files beside the bundle (scripts/build.mjs, `dataFiles`), not in its
 * text, which V8 keeps for the life of the process: libphonenumber-js's metadata, the numbering plan (inflated at
 * build time, so that a start reads its layout as it is) and the union of the two API models (merged at build time).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { NUMBERING_PLAN } from '../../../src/generated/numbering-plan.ts';
import { inflateUniverse } from '../../../src/domain/inventory/universe-codec.ts';
import { dialtoneBundle } from '../../support/bundle.ts';
import { unionModel } from '../../../src/app/union-model.ts';
import { loadChimeModel, loadVoiceModel } from '../../../src/main.ts';

describe("the bundle's data files", () => {
  it('hold the numbering plan and the phone metadata, which the bundle reads and does not hold', async () => {
    const file = await dialtoneBundle();
    const bundle = readFileSync(file, 'utf8');
    const data = join(dirname(file), 'data');
    assert.ok(readFileSync(join(data, 'numbering-plan.bin')).equals(inflateUniverse(Buffer.from(NUMBERING_PLAN.data, 'base64'))), 'the layout is not the inflated plan');
    const metadata = JSON.parse(readFileSync(join(data, 'phone-metadata.max.json'), 'latin1')) as { country_calling_codes?: Record<string, string[]> };
    assert.deepEqual(metadata.country_calling_codes?.['1']?.slice(0, 2), ['US', 'AG']);
    assert.ok(!bundle.includes(NUMBERING_PLAN.data.slice(0, 64)), "the plan's data is in the bundle's text");
    // As JSON, or as the JSON text in a string literal.
    assert.doesNotMatch(bundle, /\\?"version\\?":4,\\?"country_calling_codes/, 'the phone metadata is in the bundle');
    assert.match(bundle, /get layout\(\)\{return __require\("node:fs"\)\.readFileSync\(new URL\("\.\/data\/numbering-plan\.bin",import\.meta\.url\)\)\}/);
    assert.doesNotMatch(bundle, /numbering-plan\.b64/);
  });

  it('hold the union of the two models, the one the sources merge, which the bundle reads instead of merging', async () => {
    const file = await dialtoneBundle();
    const bundle = readFileSync(file, 'utf8');
    const text = readFileSync(join(dirname(file), 'data', 'models-union.json'), 'latin1');
    assert.match(text, /^[\x20-\x7e]*$/, 'the union is read back as latin1: it must be printable ASCII');
    assert.deepEqual(JSON.parse(text), unionModel(() => [loadChimeModel(), loadVoiceModel()]));
    assert.match(bundle, /function unionModel\(\)\{return JSON\.parse\(__require\("node:fs"\)\.readFileSync\(new URL\("\.\/data\/models-union\.json",import\.meta\.url\),"latin1"\)\)\}/);
    // The merge is not in the bundle: nothing else calls it.
    assert.doesNotMatch(bundle, /function mergeModels\(/);
  });
});
