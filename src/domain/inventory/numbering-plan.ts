/**
 * The numbering plan of the inventory: which numbers can be sold (the pool), evaluated lazily. Nothing is loaded
 * until the first call; then the universe of blocks (~330,000 blocks of 10,000 numbers, held as runs of blocks) is
 * indexed once, in typed arrays, and no number is ever materialised: search walks selected blocks, and `contains` is a
 * binary search.
 */
import type { NumberType } from '../numbers/number-rules.ts';
import { isSellable } from './number-check.ts';
import { normalizePool, poolSegments, type PoolSegments } from './pool.ts';
import { LINE_DIGITS } from './static-blocks.ts';
import { blockAttr, blockPrefix, callingCodeLength, findBlock, lowerBound, nanpLowerBound, universe, type BlockAttr, type Universe } from './universe.ts';
import { setBounded } from '../../shared/bounded-map.ts';

/** Amazon Chime's product types (the same values as the order domain's `ProductType`). */
export type InventoryProductType = 'BusinessCalling' | 'VoiceConnector' | 'SipMediaApplicationDialIn';

/** A country the pool has numbers in, with the types it has there (`Local` before `TollFree`). */
export interface SupportedCountry {
  country: string;
  types: NumberType[];
}

/** Which blocks a search wants. `state` and `cityKey` only match Local NANP blocks. */
export interface BlockQuery {
  country: string;
  type?: NumberType;
  /** Two-letter upper-case code. */
  state?: string;
  /** {@link cityKey} of the city. */
  cityKey?: string;
  /** NANP area code (NPA), 200..999. */
  npa?: number;
}

/** Part of the pool: `prefix` followed by `lineDigits` free digits. */
export interface PoolSegment {
  /** A stable id of the segment within this plan. */
  id: number;
  /** E.164 prefix, with `+`. */
  prefix: string;
  lineDigits: number;
  /** Index in an E.164 number of this segment where the national significant number starts. */
  nationalStart: number;
  attr: BlockAttr;
}

/** The segments a query selected, in a fixed order (`segment(0)`..`segment(size-1)`). */
export interface BlockSelection {
  readonly size: number;
  /** The most numbers any selected segment has. */
  readonly maxLines: number;
  segment(index: number): PoolSegment;
}

/** The pool of sellable numbers. */
export interface NumberingPlan {
  /** True when `e164` is in the pool and valid for libphonenumber with its block's country and type. */
  contains(e164: string): boolean;
  /**
   * Country and type of the pool block holding `e164`, or undefined outside the pool — block membership only, without
   * libphonenumber's check of the number itself (for numbers validated before, e.g. when they were ordered).
   */
  describe(e164: string): { country: string; type: NumberType } | undefined;
  /** The countries and types of the pool a product type can buy (see {@link createNumberingPlan}). */
  countries(productType: InventoryProductType): SupportedCountry[];
  /** The segments matching `query`. */
  select(query: BlockQuery): BlockSelection;
  /** Loads the plan if needed and tells its size and cost. */
  stats(): { loadMs: number; blocks: number; segments: number; indexBytes: number };
}

interface PlanIndex {
  u: Universe;
  segments: number;
  /** Block of each segment; `null` when every block is whole and segment = block. */
  segBlock: Int32Array | null;
  segRestriction: Int32Array | null;
  restrictions: readonly string[];
  /**
   * Where the segments of each attribute are, in segment order: attribute `a` owns ranges `attrRanges[a]` to
   * `attrRanges[a+1]-1`, range `k` being `rangeFrom[k]..rangeTo[k]-1` — segment ids themselves when `order` is null
   * (the whole universe: the attribute's runs of blocks), else positions in `order`.
   */
  order: Int32Array | null;
  attrRanges: Int32Array;
  rangeFrom: Int32Array;
  rangeTo: Int32Array;
  maxLinesByAttr: Uint32Array;
  loadMs: number;
}

/**
 * A numbering plan over the default pool (every NANP geographic block of the US and Canada, the US toll-free
 * blocks and the foreign table) or over the numbers of that universe under `options.pool` (E.164 prefixes).
 *
 * `countries()` follows Amazon Chime's product rules: BusinessCalling buys US Local numbers only, VoiceConnector US
 * Local and TollFree numbers, SipMediaApplicationDialIn US numbers and every other country of the pool. Only
 * types the pool has numbers of are listed; countries with none are left out. US comes first, then by code.
 * `options.universe` gives the blocks (default: {@link universe}, precomputed or built).
 * @throws RangeError when a pool prefix is not `+` followed by 1 to 15 digits.
 */
export function createNumberingPlan(options: { pool?: string[]; universe?: () => Universe } = {}): NumberingPlan {
  const pool = options.pool ? normalizePool(options.pool) : undefined;
  const source = options.universe ?? universe;
  let index: PlanIndex | undefined;
  const load = (): PlanIndex => (index ??= buildIndex(pool, source, performance.now()));
  const selections = new Map<string, BlockSelection>();
  return {
    contains: (e164) => contains(load(), e164),
    describe: (e164) => {
      const found = locate(load(), e164);
      return found && { country: found.attr.country, type: found.attr.type };
    },
    countries: (productType) => countries(load(), productType),
    select: (query) => {
      // The plan never changes once loaded: a selection is computed once per distinct query (bounded cache).
      const key = JSON.stringify([query.country, query.type ?? '', query.state ?? '', query.cityKey ?? '', query.npa ?? '']);
      let found = selections.get(key);
      if (found === undefined) found = select(load(), query);
      else selections.delete(key);
      setBounded(selections, key, found, SELECTION_CACHE_SIZE);
      return found;
    },
    stats: () => {
      const i = load();
      const bytes = [i.segBlock, i.segRestriction, i.order, i.attrRanges, i.rangeFrom, i.rangeTo, i.maxLinesByAttr].reduce((n, a) => n + (a?.byteLength ?? 0), 0);
      return { loadMs: i.loadMs, blocks: i.u.blockCount, segments: i.segments, indexBytes: i.u.stats.indexBytes + bytes };
    },
  };
}

/** Distinct block queries whose selection is kept (states × types, area codes, cities searched recently). */
const SELECTION_CACHE_SIZE = 2_000;

/** The index over `source()`; its `loadMs` counts from `started`: loading the universe and indexing it. */
function buildIndex(pool: string[] | undefined, source: () => Universe, started: number): PlanIndex {
  const u = source();
  const index = pool ? restrictedIndex(u, poolSegments(u, pool)) : wholeIndex(u);
  return { ...index, loadMs: Math.round(performance.now() - started) };
}

/**
 * The index of the whole universe: every block is a segment of {@link LINE_DIGITS} free digits, and an attribute's
 * segments are its runs of blocks (a counting sort of the runs by attribute; a pass over the runs, not the blocks).
 */
function wholeIndex(u: Universe): Omit<PlanIndex, 'loadMs'> {
  const { runBlock, runAttr } = u;
  const attrRanges = new Int32Array(u.attrs.length + 1);
  for (let r = 0; r < runAttr.length; r++) attrRanges[runAttr[r]! + 1]!++;
  const maxLinesByAttr = new Uint32Array(u.attrs.length);
  for (let a = 0; a < u.attrs.length; a++) {
    if (attrRanges[a + 1]! > 0) maxLinesByAttr[a] = 10 ** LINE_DIGITS;
    attrRanges[a + 1]! += attrRanges[a]!;
  }
  const rangeFrom = new Int32Array(runAttr.length);
  const rangeTo = new Int32Array(runAttr.length);
  const fill = attrRanges.slice(0, u.attrs.length);
  for (let r = 0; r < runAttr.length; r++) {
    const k = fill[runAttr[r]!]!++;
    rangeFrom[k] = runBlock[r]!;
    rangeTo[k] = runBlock[r + 1]!;
  }
  return { u, segments: u.blockCount, segBlock: null, segRestriction: null, restrictions: [], order: null, attrRanges, rangeFrom, rangeTo, maxLinesByAttr };
}

/** The index of a configured pool's segments (see pool.ts): one range per attribute, of positions in `order`. */
function restrictedIndex(u: Universe, restricted: PoolSegments): Omit<PlanIndex, 'loadMs'> {
  const segments = restricted.block.length;
  const { block: segBlock, restriction: segRestriction, restrictions } = restricted;
  // Segments are in block order: their attributes come from one walk along the runs.
  const attrOf = new Uint16Array(segments);
  for (let s = 0, r = 0; s < segments; s++) {
    while (u.runBlock[r + 1]! <= segBlock[s]!) r++;
    attrOf[s] = u.runAttr[r]!;
  }
  const attrStart = new Int32Array(u.attrs.length + 1);
  const maxLinesByAttr = new Uint32Array(u.attrs.length);
  for (let s = 0; s < segments; s++) {
    const a = attrOf[s]!;
    attrStart[a + 1]!++;
    const r = segRestriction[s]!;
    const lines = 10 ** (LINE_DIGITS - (r < 0 ? 0 : restrictions[r]!.length));
    if (lines > maxLinesByAttr[a]!) maxLinesByAttr[a] = lines;
  }
  for (let a = 0; a < u.attrs.length; a++) attrStart[a + 1]! += attrStart[a]!;
  const order = new Int32Array(segments);
  const fill = attrStart.slice(0, u.attrs.length);
  for (let s = 0; s < segments; s++) order[fill[attrOf[s]!]!++] = s;
  const attrRanges = Int32Array.from({ length: u.attrs.length + 1 }, (_, a) => a);
  return {
    u,
    segments,
    segBlock,
    segRestriction,
    restrictions,
    order,
    attrRanges,
    rangeFrom: attrStart.slice(0, u.attrs.length),
    rangeTo: attrStart.slice(1),
    maxLinesByAttr,
  };
}

function segmentOf(index: PlanIndex, s: number): PoolSegment {
  const block = index.segBlock ? index.segBlock[s]! : s;
  const r = index.segRestriction?.[s] ?? -1;
  const restriction = r < 0 ? '' : index.restrictions[r]!;
  return {
    id: s,
    prefix: `+${blockPrefix(index.u, block)}${restriction}`,
    lineDigits: LINE_DIGITS - restriction.length,
    nationalStart: 1 + callingCodeLength(index.u, block),
    attr: index.u.attrs[blockAttr(index.u, block)]!,
  };
}

function contains(index: PlanIndex, e164: string): boolean {
  const found = locate(index, e164);
  return found !== undefined && isSellable(e164, e164.slice(1 + found.callingCodeLength), found.attr.country, found.attr.type);
}

/** The pool block of `e164` (honouring a restricted pool's prefixes), without checking the number's validity. */
function locate(index: PlanIndex, e164: string): { attr: BlockAttr; callingCodeLength: number } | undefined {
  if (!/^\+[1-9]\d{4,14}$/.test(e164)) return undefined;
  const digits = e164.slice(1);
  const block = findBlock(index.u, digits.slice(0, -LINE_DIGITS));
  if (block < 0) return undefined;
  if (index.segBlock) {
    const line = digits.slice(-LINE_DIGITS);
    let found = false;
    for (let s = lowerBound(index.segBlock, block); !found && index.segBlock[s] === block; s++) {
      const r = index.segRestriction![s]!;
      found = r < 0 || line.startsWith(index.restrictions[r]!);
    }
    if (!found) return undefined;
  }
  return { attr: index.u.attrs[blockAttr(index.u, block)]!, callingCodeLength: callingCodeLength(index.u, block) };
}

function countries(index: PlanIndex, productType: InventoryProductType): SupportedCountry[] {
  const present = new Map<string, Set<NumberType>>();
  index.u.attrs.forEach((attr, a) => {
    if (hasSegments(index, a)) {
      const types = present.get(attr.country) ?? new Set<NumberType>();
      present.set(attr.country, types.add(attr.type));
    }
  });
  const allowed = (country: string): NumberType[] => {
    if (productType === 'BusinessCalling') return country === 'US' ? ['Local'] : [];
    if (productType === 'VoiceConnector') return country === 'US' ? ['Local', 'TollFree'] : [];
    return ['Local', 'TollFree'];
  };
  return [...present.keys()]
    .sort((a, b) => (a === 'US' ? -1 : b === 'US' ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map((country) => ({ country, types: allowed(country).filter((t) => present.get(country)!.has(t)) }))
    .filter((entry) => entry.types.length > 0);
}

function matches(attr: BlockAttr, query: BlockQuery): boolean {
  return (
    attr.country === query.country &&
    (query.type === undefined || attr.type === query.type) &&
    (query.state === undefined || attr.state === query.state) &&
    (query.cityKey === undefined || attr.cityKey === query.cityKey)
  );
}

/** Whether attribute `a` has any segment in the pool. */
function hasSegments(index: PlanIndex, a: number): boolean {
  for (let k = index.attrRanges[a]!; k < index.attrRanges[a + 1]!; k++) if (index.rangeTo[k]! > index.rangeFrom[k]!) return true;
  return false;
}

function select(index: PlanIndex, query: BlockQuery): BlockSelection {
  const attrs = index.u.attrs;
  // Attributes are sorted by country first: find the country's run, then keep the matching ones.
  let lo = 0;
  let hi = attrs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (attrs[mid]!.country < query.country) lo = mid + 1;
    else hi = mid;
  }
  const wanted = new Uint8Array(attrs.length);
  const from: number[] = [];
  const to: number[] = [];
  for (let a = lo; a < attrs.length && attrs[a]!.country === query.country; a++) {
    if (!matches(attrs[a]!, query)) continue;
    wanted[a] = 1;
    if (query.npa !== undefined) continue;
    for (let k = index.attrRanges[a]!; k < index.attrRanges[a + 1]!; k++) {
      const [f, t] = [index.rangeFrom[k]!, index.rangeTo[k]!];
      if (t <= f) continue;
      if (to.length > 0 && to[to.length - 1] === f) to[to.length - 1] = t;
      else {
        from.push(f);
        to.push(t);
      }
    }
  }
  if (query.npa === undefined) {
    let maxLines = 0;
    for (let a = lo; a < attrs.length && attrs[a]!.country === query.country; a++) {
      if (wanted[a] && index.maxLinesByAttr[a]! > maxLines) maxLines = index.maxLinesByAttr[a]!;
    }
    return selection(index, index.order, from, to, maxLines);
  }
  // An area code: the NANP blocks of that NPA, a contiguous run of segments, filtered by attribute.
  const u = index.u;
  const firstBlock = nanpLowerBound(u, query.npa * 1000);
  const endBlock = nanpLowerBound(u, query.npa * 1000 + 1000);
  const [first, end] = index.segBlock
    ? [lowerBound(index.segBlock, firstBlock), lowerBound(index.segBlock, endBlock)]
    : [firstBlock, endBlock];
  const list: number[] = [];
  let maxLines = 0;
  for (let s = first; s < end; s++) {
    const a = blockAttr(u, index.segBlock ? index.segBlock[s]! : s);
    if (!wanted[a]) continue;
    list.push(s);
    maxLines = Math.max(maxLines, 10 ** segmentOf(index, s).lineDigits);
  }
  return selection(index, Int32Array.from(list), list.length > 0 ? [0] : [], list.length > 0 ? [list.length] : [], maxLines);
}

/**
 * The segments of ranges `from[k]..to[k]-1`, one range after the other: segment ids, or positions in `order` when it
 * is given.
 */
function selection(index: PlanIndex, order: Int32Array | null, from: number[], to: number[], maxLines: number): BlockSelection {
  const starts = Int32Array.from(from);
  const ends = new Float64Array(from.length);
  let size = 0;
  for (let k = 0; k < from.length; k++) ends[k] = size += to[k]! - from[k]!;
  return {
    size,
    maxLines,
    segment(position: number): PoolSegment {
      if (!(position >= 0 && position < size)) throw new RangeError(`segment ${position} outside 0..${size - 1}`);
      const k = lowerBound(ends, position + 1);
      const at = starts[k]! + position - (k === 0 ? 0 : ends[k - 1]!);
      return segmentOf(index, order ? order[at]! : at);
    },
  };
}
