/** What an update changed, as the `Changes` member of an `… Updated` event's detail lists it. */

/** Members an update always moves, so never listed in `Changes`. */
const ALWAYS_CHANGED = new Set(['UpdatedTimestamp']);

/** Each member whose value differs between the two details (absent counts as a value), with both values. */
export function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { Previous?: unknown; Current?: unknown }> {
  const changes: Record<string, { Previous?: unknown; Current?: unknown }> = {};
  for (const member of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ALWAYS_CHANGED.has(member) || JSON.stringify(before[member]) === JSON.stringify(after[member])) continue;
    changes[member] = {
      ...(before[member] !== undefined && { Previous: before[member] }),
      ...(after[member] !== undefined && { Current: after[member] }),
    };
  }
  return changes;
}
