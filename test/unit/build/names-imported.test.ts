/**
 * The bundle reads a built-in module's members by name when its importer imports only names (scripts/build.mjs): the
 * names found in a module's import declarations, and the bundle itself.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { namesImported } from '../../../scripts/build.mjs';
import { dialtoneBundle } from '../../support/bundle.ts';

describe('namesImported', () => {
  it('collects the names of every named import of the specifier, without types and aliases', () => {
    const text = [
      "import { createHash, type Hash, randomUUID as uuid } from 'node:crypto';",
      "import type { KeyObject } from 'node:crypto';",
      'import {',
      '  createHmac,',
      '  timingSafeEqual,',
      "} from 'node:crypto';",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    assert.deepEqual(namesImported(text, 'node:crypto'), ['createHash', 'createHmac', 'randomUUID', 'timingSafeEqual']);
    assert.deepEqual(namesImported(text, 'node:fs'), ['readFileSync']);
  });

  it('gives nothing for a default or namespace import, or for a module not imported', () => {
    assert.equal(namesImported("import fs from 'node:fs';\nimport { statSync } from 'node:fs';", 'node:fs'), undefined);
    assert.equal(namesImported("import * as path from 'node:path';", 'node:path'), undefined);
    assert.equal(namesImported("import Database, { type Options } from 'better-sqlite3';", 'better-sqlite3'), undefined);
    assert.equal(namesImported("import { join } from 'node:path/posix';", 'node:path'), undefined);
    assert.equal(namesImported("import type { Server } from 'node:http';", 'node:http'), undefined);
  });

  it('reads node:crypto by name in the bundle, with no copy of its exports', async () => {
    const bundle = readFileSync(await dialtoneBundle(), 'utf8');
    assert.match(bundle, /__require\("node:crypto"\);var createHash\w*=m\d*\.createHash;/);
    assert.doesNotMatch(bundle, /__toESM\(require_node_crypto\(\)/);
  });
});
