/**
 * Times as the tables keep them: milliseconds since the epoch (SQLite integers, PostgreSQL bigints). A `Date` that is
 * not a valid date never reaches a row: writing it throws a RangeError that names what it was.
 */

/** `date` in milliseconds; a RangeError "`what` is not a valid date" when it is not one. */
export function millisOf(date: Date, what: string): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid date`);
  return ms;
}
