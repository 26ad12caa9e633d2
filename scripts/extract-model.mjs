#!/usr/bin/env node
// Regenerates the structural AWS models under spec/ from Debian's python3-botocore package.
// Usage: npm run model            (apt-get install -y python3-botocore first)
//        BOTOCORE_DATA=/path/to/botocore/data npm run model
// Documentation strings are stripped; everything structural (http bindings, shapes, traits) is kept verbatim.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.BOTOCORE_DATA ?? '/usr/lib/python3/dist-packages/botocore/data';
const MODELS = [
  { service: 'chime', version: '2018-05-01' },
  { service: 'chime-sdk-voice', version: '2022-08-03' },
];
const DOC_KEYS = new Set(['documentation', 'documentationUrl', 'deprecatedMessage']);

function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (DOC_KEYS.has(key)) continue;
    out[key] = strip(inner);
  }
  return out;
}

for (const { service, version } of MODELS) {
  const source = join(dataDir, service, version, 'service-2.json');
  if (!existsSync(source)) {
    console.error(`missing ${source}: install Debian's python3-botocore or set BOTOCORE_DATA`);
    process.exit(1);
  }
  const model = strip(JSON.parse(readFileSync(source, 'utf8')));
  const target = join(root, 'spec', `${service}-${version}.json`);
  writeFileSync(target, JSON.stringify(model, null, 1) + '\n');
  console.log(`${target}: ${Object.keys(model.operations).length} operations, ${Object.keys(model.shapes).length} shapes`);
}
