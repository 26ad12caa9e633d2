/**
 * Every block the inventory could ever sell, before any pool restriction: the NANP geographic blocks of the US and
 * Canada ({@link nanpGeography}), the US toll-free blocks and the fixed foreign table ({@link foreignBlocks}).
 *
 * Blocks have ids `0..blockCount-1` in the lexicographic order of their digit prefixes: first the NANP blocks
 * (`1` + NPA + NXX, by `NPA·1000+NXX`), then the foreign ones. Each block has an attribute id into {@link attrs},
 * which is sorted by (country, type, state, city key) so that every search filter is a contiguous range of it.
 */
import type { NumberType } from '../numbers/number-rules.ts';
import { nanpGeography } from './nanp-geography.ts';
import { blockLooksValid } from './number-check.ts';
import { cityKey } from './regions.ts';
import { foreignBlocks, TOLL_FREE_PREFIXES, type StaticBlock } from './static-blocks.ts';

/** What a block is: the attributes a search filters on. */
export interface BlockAttr {
  country: string;
  type: NumberType;
  /** Two-letter state or province for NANP geographic blocks, else `''`. */
  state: string;
  /** City (or place) name, `''` when unknown. */
  city: string;
  /** {@link cityKey} of `city`. */
  cityKey: string;
}

/** The universe of blocks (see the module comment). */
export interface Universe {
  /** `NPA·1000+NXX` of the NANP blocks, ascending; block id = index. */
  readonly nanpKeys: Uint32Array;
  readonly nanpAttr: Uint16Array;
  /** Foreign blocks by prefix; block id = `nanpKeys.length + index`. */
  readonly foreign: readonly StaticBlock[];
  readonly foreignAttr: Uint16Array;
  readonly attrs: readonly BlockAttr[];
  readonly blockCount: number;
  readonly stats: { loadMs: number; blocks: number; indexBytes: number };
}

let cached: Universe | undefined;

/**
 * The universe, built on first use (it loads the NANP geography) and cached. The server decodes a precomputed one
 * instead (src/app/numbering-plan-data.ts).
 */
export function universe(): Universe {
  cached ??= buildUniverse();
  return cached;
}

function compareAttrs(a: BlockAttr, b: BlockAttr): number {
  return cmp(a.country, b.country) || cmp(a.type, b.type) || cmp(a.state, b.state) || cmp(a.cityKey, b.cityKey) || cmp(a.city, b.city);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The universe computed from the NANP geography, the toll-free codes and the foreign table (about a second). */
export function buildUniverse(): Universe {
  const started = performance.now();
  const geo = nanpGeography();
  const foreign = foreignBlocks();

  // Attribute table: places, US toll-free, foreign places; sorted, with the ids remapped.
  const raw: BlockAttr[] = geo.places.map((p) => ({ ...p, type: 'Local' as const, cityKey: cityKey(p.city) }));
  const tollFreeAttr = raw.push({ country: 'US', type: 'TollFree', state: '', city: '', cityKey: '' }) - 1;
  const foreignRaw = foreign.map((b) => raw.push({ country: b.country, type: b.type, state: '', city: b.place, cityKey: cityKey(b.place) }) - 1);
  const order = raw.map((_, i) => i).sort((i, j) => compareAttrs(raw[i]!, raw[j]!));
  const attrs: BlockAttr[] = [];
  const remap = new Uint16Array(raw.length);
  for (const i of order) {
    const last = attrs[attrs.length - 1];
    if (!last || compareAttrs(last, raw[i]!) !== 0) attrs.push(raw[i]!);
    remap[i] = attrs.length - 1;
  }

  // NANP blocks: geographic plus toll-free, merged by key (toll-free NPAs have no geography).
  const packed = new Float64Array(geo.keys.length + TOLL_FREE_PREFIXES.length * 800);
  let count = 0;
  for (let i = 0; i < geo.keys.length; i++) packed[count++] = geo.keys[i]! * 65536 + remap[geo.placeOf[i]!]!;
  for (const prefix of TOLL_FREE_PREFIXES) {
    for (let nxx = 200; nxx <= 999; nxx++) {
      if (blockLooksValid('1', `${prefix}${nxx}`, 'US', 'TollFree')) packed[count++] = (Number(prefix) * 1000 + nxx) * 65536 + remap[tollFreeAttr]!;
    }
  }
  const sorted = packed.subarray(0, count).sort();
  const nanpKeys = new Uint32Array(count);
  const nanpAttr = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    nanpKeys[i] = Math.floor(sorted[i]! / 65536);
    nanpAttr[i] = sorted[i]! % 65536;
  }
  const foreignAttr = Uint16Array.from(foreignRaw, (i) => remap[i]!);
  return {
    nanpKeys,
    nanpAttr,
    foreign,
    foreignAttr,
    attrs,
    blockCount: count + foreign.length,
    stats: {
      loadMs: Math.round(performance.now() - started),
      blocks: count + foreign.length,
      indexBytes: nanpKeys.byteLength + nanpAttr.byteLength + foreignAttr.byteLength,
    },
  };
}

/** The digits (calling code included, no `+`) before the 4 line digits of block `id`. */
export function blockPrefix(u: Universe, id: number): string {
  return id < u.nanpKeys.length ? `1${u.nanpKeys[id]}` : u.foreign[id - u.nanpKeys.length]!.prefix;
}

/** The attribute id of block `id`. */
export function blockAttr(u: Universe, id: number): number {
  return id < u.nanpKeys.length ? u.nanpAttr[id]! : u.foreignAttr[id - u.nanpKeys.length]!;
}

/** The length of the country calling code of block `id`. */
export function callingCodeLength(u: Universe, id: number): number {
  return id < u.nanpKeys.length ? 1 : u.foreign[id - u.nanpKeys.length]!.callingCode.length;
}

/** The first index `i` in `lo..hi` with `array[i] >= value` (binary search over an ascending array). */
export function lowerBound(array: ArrayLike<number>, value: number, lo = 0, hi = array.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (array[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The block whose prefix is exactly `prefix` (digits, no `+`), or -1. */
export function findBlock(u: Universe, prefix: string): number {
  if (prefix.length === 7 && prefix.startsWith('1')) {
    const key = Number(prefix.slice(1));
    const i = lowerBound(u.nanpKeys, key);
    return u.nanpKeys[i] === key ? i : -1;
  }
  let lo = 0;
  let hi = u.foreign.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u.foreign[mid]!.prefix < prefix) lo = mid + 1;
    else hi = mid;
  }
  return u.foreign[lo]?.prefix === prefix ? u.nanpKeys.length + lo : -1;
}
