/** Small statistics helpers. */

export function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/** Nearest-rank percentile (`p` in 0..100) of the first `count` values of `sorted`, which must be sorted ascending. */
export function percentile(sorted: Float64Array, count: number, p: number): number {
  if (count === 0) return NaN;
  const rank = Math.min(count, Math.max(1, Math.ceil((p / 100) * count)));
  return sorted[rank - 1]!;
}

export const round = (value: number, digits = 2): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
