/**
 * Keyed pseudo-random permutations of `0..size-1`, used to visit blocks and lines in an order that looks random
 * but is the same for the same key, so that paging is stable and never repeats.
 *
 * The domain is split as `rows × cols` (`rows = ⌈√size⌉`, `cols = ⌈size/rows⌉`) and scrambled by a few rounds of an
 * unbalanced Feistel network (each round adds a keyed hash of one half to the other, modulo its size: a bijection),
 * then cycle-walked back into `0..size-1`. For 10,000 lines that is two 2-digit halves with no walking.
 */
import { createHash } from 'node:crypto';
import { setBounded } from '../../shared/bounded-map.ts';

const ROUNDS = 4;

/** Most keys kept by {@link deriveKeys}; past it the oldest entry is dropped. */
const KEPT_KEYS = 4096;

/**
 * Keys derived lately, by their parts: a search derives the keys of every segment it visits, and SHA-256 through
 * `createHash` costs a few microseconds, more than the rest of a visit.
 */
const derived = new Map<string, Uint32Array>();

/**
 * 32-bit keys derived from `parts` (SHA-256), e.g. `deriveKeys('seed', 'blocks', filterKey)`. The same parts give the
 * same array, which may be shared with other callers: read it, never write to it.
 */
export function deriveKeys(...parts: string[]): Uint32Array {
  const text = parts.join('\u0000');
  const known = derived.get(text);
  if (known !== undefined) return known;
  const digest = createHash('sha256').update(text).digest();
  const keys = new Uint32Array(ROUNDS);
  for (let i = 0; i < ROUNDS; i++) keys[i] = digest.readUInt32LE(i * 4);
  setBounded(derived, text, keys, KEPT_KEYS);
  return keys;
}

/** Mixes `value` with `key` (murmur3's finaliser), giving a well-spread unsigned 32-bit integer. */
function mix(key: number, value: number): number {
  let h = (key ^ Math.imul(value + 0x7f4a7c15, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A bijection of `0..size-1` onto itself chosen by `keys`. */
export class Permutation {
  readonly size: number;
  readonly #rows: number;
  readonly #cols: number;
  readonly #keys: Uint32Array;

  constructor(size: number, keys: Uint32Array) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`permutation size must be positive: ${size}`);
    if (keys.length < ROUNDS) throw new RangeError(`a permutation needs ${ROUNDS} keys`);
    this.size = size;
    this.#rows = Math.ceil(Math.sqrt(size));
    this.#cols = Math.ceil(size / this.#rows);
    this.#keys = keys;
  }

  /** The element at `index` (0 ≤ index < size) of the permuted order. */
  at(index: number): number {
    if (!(index >= 0 && index < this.size)) throw new RangeError(`index ${index} outside 0..${this.size - 1}`);
    let x = this.#scramble(index);
    // Cycle walking: the scramble is a bijection of 0..rows·cols-1, so following it from `index` reaches a value
    // below `size` again; the values below `size` are thereby permuted among themselves.
    while (x >= this.size) x = this.#scramble(x);
    return x;
  }

  #scramble(x: number): number {
    const rows = this.#rows;
    const cols = this.#cols;
    let high = Math.floor(x / cols);
    let low = x - high * cols;
    for (let round = 0; round < ROUNDS; round++) {
      const key = this.#keys[round]!;
      if (round % 2 === 0) high = (high + mix(key, low)) % rows;
      else low = (low + mix(key, high)) % cols;
    }
    return high * cols + low;
  }
}
