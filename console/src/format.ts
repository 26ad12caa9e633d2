/** Display helpers. */

/** A timestamp as the reader's local date and time (with the ISO value in a title by the caller), or a dash. */
export function dateTime(iso: string | undefined | null): string {
  if (iso === undefined || iso === null || iso === '') return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Seconds as `0.4 s`, `3 min 2 s`, `2 h 5 min`, or a dash. */
export function duration(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** A whole number with the reader's digit grouping. */
export function count(value: number): string {
  return value.toLocaleString();
}
