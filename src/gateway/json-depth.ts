/** A cheap guard run on the raw body before JSON parsing: how deeply arrays and objects nest. */

/**
 * Whether the JSON text in `body` nests arrays/objects deeper than `maxDepth` (strings and escapes are skipped). A
 * single pass over the bytes with no allocation; malformed JSON is left for the parser to refuse.
 */
export function nestsDeeperThan(body: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
