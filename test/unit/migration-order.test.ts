import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byCodeUnit as byMigrationName } from '../../src/shared/code-unit-order.ts';
import { postgresMigrations } from '../../src/storage/postgres/migrations/index.ts';
import { sqliteMigrations } from '../../src/storage/sqlite/migrations/index.ts';

test('migrations run in the order of their numbers, the order kysely gave them before (localeCompare)', () => {
  for (const migrations of [sqliteMigrations, postgresMigrations]) {
    const names = Object.keys(migrations);
    const shuffled = [...names].reverse();
    assert.deepEqual([...shuffled].sort(byMigrationName), names);
    assert.deepEqual([...shuffled].sort((a, b) => a.localeCompare(b)), names);
    for (const name of names) assert.match(name, /^\d{4}-[a-z0-9-]+$/, 'a numbered ASCII name, where both orders agree');
  }
  assert.deepEqual(['0010-b', '0002-a', '0002-A', '0001-z'].sort(byMigrationName), ['0001-z', '0002-A', '0002-a', '0010-b']);
  assert.equal(byMigrationName('0003-x', '0003-x'), 0);
});
