/**
 * Strings in code-unit order (`'B' < 'a'`, `'+1206…' < '+1212…'`): the same in every process and whatever a database's
 * collation or the machine's locale, and without `localeCompare`, whose first call loads ICU's collation data.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
