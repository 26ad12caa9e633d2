/**
 * src/protocol against botocore's restJson1 protocol test suites, in the server's direction (test/support/conformance.ts).
 * Every case in scope passes or is listed with its reason in conformance-exclusions.json; the counts are printed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { SUITE_FILES, botocoreIgnored, loadCases, runCase } from '../../support/conformance.ts';

const exclusions = JSON.parse(readFileSync(new URL('conformance-exclusions.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;

describe('botocore restJson1 protocol tests, read in the server direction', () => {
  for (const { file, direction } of SUITE_FILES) {
    test(file, () => {
      const ignored = botocoreIgnored(direction);
      const excluded = exclusions[file] ?? {};
      const cases = loadCases(file);
      let inScope = 0;
      let passed = 0;
      const unexpected: string[] = [];
      const stale: string[] = [];
      for (const loaded of cases) {
        if (ignored.cases.has(loaded.id) || ignored.suites.has(loaded.suite.description)) continue;
        inScope++;
        const outcome = runCase(direction, loaded);
        if (outcome.pass) passed++;
        if (outcome.pass && loaded.id in excluded) stale.push(loaded.id);
        if (!outcome.pass && !(loaded.id in excluded)) unexpected.push(`${loaded.id}: ${outcome.reason}`);
      }
      const unknown = Object.keys(excluded).filter((id) => !cases.some((c) => c.id === id));
      console.log(`${file} (${direction}): ${cases.length} cases, ${cases.length - inScope} skipped by botocore, ${inScope} in scope: ${passed} pass, ${inScope - passed} excluded`);
      assert.deepEqual(unexpected, [], 'failing cases not listed in conformance-exclusions.json');
      assert.deepEqual(stale, [], 'excluded cases that pass (remove them from conformance-exclusions.json)');
      assert.deepEqual(unknown, [], 'exclusions that name no case');
    });
  }
});
