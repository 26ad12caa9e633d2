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

/**
 * The universe of blocks (see the module comment), held as runs: the NANP keys are ~1,000 ranges of consecutive keys
 * and the blocks' attributes ~50,000 runs, so that loading it and indexing it take a pass over the runs, not over the
 * ~330,000 blocks (see {@link nanpKey}, {@link nanpLowerBound} and {@link blockAttr}).
 */
export interface Universe {
  /** NANP blocks are `0..nanpCount-1`, in ascending order of their key `NPA·1000+NXX`. */
  readonly nanpCount: number;
  /**
   * Range `r` of NANP keys holds blocks `rangeBlock[r]..rangeBlock[r+1]-1`, whose keys are `rangeKey[r]`,
   * `rangeKey[r]+1`, … (`rangeBlock` has one entry more than `rangeKey`: `nanpCount`).
   */
  readonly rangeKey: Uint32Array;
  readonly rangeBlock: Uint32Array;
  /** Foreign blocks by prefix; block id = `nanpCount + index`. */
  readonly foreign: readonly StaticBlock[];
  /**
   * Run `i` of every block (NANP, then foreign) holds blocks `runBlock[i]..runBlock[i+1]-1`, all of attribute id
   * `runAttr[i]` (`runBlock` has one entry more than `runAttr`: `blockCount`); neighbouring runs differ.
   */
  readonly runBlock: Uint32Array;
  readonly runAttr: Uint16Array;
  readonly attrs: readonly BlockAttr[];
  readonly blockCount: number;
  readonly stats: { loadMs: number; blocks: number; indexBytes: number };
}

/**
 * The universe of `nanpKeys` (ascending) and the attribute id of every block (NANP then foreign), as runs.
 * @param started when loading began (`performance.now()`), for `stats.loadMs`
 */
export function universeOf(nanpKeys: ArrayLike<number>, blockAttrs: ArrayLike<number>, foreign: readonly StaticBlock[], attrs: readonly BlockAttr[], started: number): Universe {
  const rangeKey: number[] = [];
  const rangeBlock: number[] = [];
  for (let id = 0; id < nanpKeys.length; id++) {
    if (id > 0 && nanpKeys[id]! === nanpKeys[id - 1]! + 1) continue;
    rangeKey.push(nanpKeys[id]!);
    rangeBlock.push(id);
  }
  rangeBlock.push(nanpKeys.length);
  const runBlock: number[] = [];
  const runAttr: number[] = [];
  for (let id = 0; id < blockAttrs.length; id++) {
    if (id > 0 && blockAttrs[id] === blockAttrs[id - 1]) continue;
    runBlock.push(id);
    runAttr.push(blockAttrs[id]!);
  }
  runBlock.push(blockAttrs.length);
  return universeOfRuns(
    { nanpCount: nanpKeys.length, rangeKey: Uint32Array.from(rangeKey), rangeBlock: Uint32Array.from(rangeBlock), runBlock: Uint32Array.from(runBlock), runAttr: Uint16Array.from(runAttr) },
    foreign,
    attrs,
    started,
  );
}

/** The universe of ranges and runs already made (see {@link Universe}), with its stats. */
export function universeOfRuns(
  runs: Pick<Universe, 'nanpCount' | 'rangeKey' | 'rangeBlock' | 'runBlock' | 'runAttr'>,
  foreign: readonly StaticBlock[],
  attrs: readonly BlockAttr[],
  started: number,
): Universe {
  const blockCount = runs.nanpCount + foreign.length;
  const indexBytes = runs.rangeKey.byteLength + runs.rangeBlock.byteLength + runs.runBlock.byteLength + runs.runAttr.byteLength;
  return { ...runs, foreign, attrs, blockCount, stats: { loadMs: Math.round(performance.now() - started), blocks: blockCount, indexBytes } };
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
  const blockAttrs = new Uint16Array(count + foreign.length);
  for (let i = 0; i < count; i++) {
    nanpKeys[i] = Math.floor(sorted[i]! / 65536);
    blockAttrs[i] = sorted[i]! % 65536;
  }
  foreignRaw.forEach((i, f) => (blockAttrs[count + f] = remap[i]!));
  return universeOf(nanpKeys, blockAttrs, foreign, attrs, started);
}

/** The digits (calling code included, no `+`) before the 4 line digits of block `id`. */
export function blockPrefix(u: Universe, id: number): string {
  return id < u.nanpCount ? `1${nanpKey(u, id)}` : u.foreign[id - u.nanpCount]!.prefix;
}

/** The key `NPA·1000+NXX` of NANP block `id` (`0 <= id < nanpCount`). */
export function nanpKey(u: Universe, id: number): number {
  const r = upperBound(u.rangeBlock, id) - 1;
  return u.rangeKey[r]! + (id - u.rangeBlock[r]!);
}

/** The first NANP block whose key is `key` or more (`nanpCount` when there is none). */
export function nanpLowerBound(u: Universe, key: number): number {
  const r = upperBound(u.rangeKey, key) - 1;
  if (r < 0) return 0;
  const id = u.rangeBlock[r]! + (key - u.rangeKey[r]!);
  return Math.min(id, u.rangeBlock[r + 1]!);
}

/** The attribute id of block `id`. */
export function blockAttr(u: Universe, id: number): number {
  return u.runAttr[upperBound(u.runBlock, id) - 1]!;
}

/** The length of the country calling code of block `id`. */
export function callingCodeLength(u: Universe, id: number): number {
  return id < u.nanpCount ? 1 : u.foreign[id - u.nanpCount]!.callingCode.length;
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

/** The first index `i` with `array[i] > value` (binary search over an ascending array). */
export function upperBound(array: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (array[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The block whose prefix is exactly `prefix` (digits, no `+`), or -1. */
export function findBlock(u: Universe, prefix: string): number {
  if (prefix.length === 7 && prefix.startsWith('1')) {
    const key = Number(prefix.slice(1));
    const id = nanpLowerBound(u, key);
    return id < u.nanpCount && nanpKey(u, id) === key ? id : -1;
  }
  let lo = 0;
  let hi = u.foreign.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u.foreign[mid]!.prefix < prefix) lo = mid + 1;
    else hi = mid;
  }
  return u.foreign[lo]?.prefix === prefix ? u.nanpCount + lo : -1;
}
