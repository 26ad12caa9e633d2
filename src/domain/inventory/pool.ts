/**
 * The pool: which blocks of the universe numbers are sold from. By default all of them; a configured pool is a list
 * of E.164 prefixes (`+1206555`, `+1800`, `+44`, or `+120655501` for 100 numbers), and holds the numbers of the
 * universe under any of them. A prefix shorter than a block takes whole blocks; a longer one takes part of a block
 * (a "segment": the block prefix, some fixed line digits, the remaining line digits free).
 */
import { LINE_DIGITS } from './static-blocks.ts';
import { nanpKey, nanpLowerBound, type Universe } from './universe.ts';

/** The segments of a pool, in block order: block id, and an index into `restrictions` or -1 for the whole block. */
export interface PoolSegments {
  readonly block: Int32Array;
  readonly restriction: Int32Array;
  /** Fixed leading line digits of partial segments. */
  readonly restrictions: readonly string[];
}

const POOL_PREFIX = /^\+[1-9]\d{0,14}$/;

/**
 * The prefixes' digits, sorted, without those covered by a shorter one.
 * @throws RangeError naming a prefix that is not `+` and 1 to 15 digits.
 */
export function normalizePool(prefixes: readonly string[]): string[] {
  const digits = prefixes.map((prefix) => {
    if (!POOL_PREFIX.test(prefix)) throw new RangeError(`pool prefix ${JSON.stringify(prefix)} must be + and 1 to 15 digits`);
    return prefix.slice(1);
  });
  const kept: string[] = [];
  for (const d of [...new Set(digits)].sort()) {
    const last = kept[kept.length - 1];
    if (last === undefined || !d.startsWith(last)) kept.push(d);
  }
  return kept;
}

/** The segments of the universe under the normalized `prefixes` ({@link normalizePool}). */
export function poolSegments(u: Universe, prefixes: readonly string[]): PoolSegments {
  const blocks: number[] = [];
  const restrictionOf: number[] = [];
  const restrictions: string[] = [];
  const add = (block: number, restriction: string): void => {
    blocks.push(block);
    if (restriction === '') restrictionOf.push(-1);
    else restrictionOf.push(restrictions.push(restriction) - 1);
  };
  const nanpCount = u.nanpCount;
  for (const p of prefixes) {
    if (p.startsWith('1')) {
      const rest = p.slice(1);
      if (rest.length <= 6) {
        const span = 10 ** (6 - rest.length);
        const first = rest === '' ? 0 : Number(rest) * span;
        const end = nanpLowerBound(u, first + span);
        for (let id = nanpLowerBound(u, first); id < end; id++) add(id, '');
      } else if (rest.length <= 6 + LINE_DIGITS) {
        const key = Number(rest.slice(0, 6));
        const id = nanpLowerBound(u, key);
        if (id < nanpCount && nanpKey(u, id) === key) add(id, rest.slice(6));
      }
      continue;
    }
    u.foreign.forEach((block, i) => {
      if (block.prefix.startsWith(p)) add(nanpCount + i, '');
      else if (p.startsWith(block.prefix) && p.length <= block.prefix.length + LINE_DIGITS) {
        add(nanpCount + i, p.slice(block.prefix.length));
      }
    });
  }
  // Sorted prefix-free prefixes yield segments in block order already; keep the order guaranteed regardless.
  const order = blocks.map((_, i) => i);
  if (!blocks.every((b, i) => i === 0 || blocks[i - 1]! <= b)) order.sort((a, b) => blocks[a]! - blocks[b]! || a - b);
  return {
    block: Int32Array.from(order, (i) => blocks[i]!),
    restriction: Int32Array.from(order, (i) => restrictionOf[i]!),
    restrictions,
  };
}
