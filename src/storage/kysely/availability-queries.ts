/**
 * The availability query of search (`unavailableUnder`) as fixed-shape templates: numbers under any of
 * {@link RANGES_PER_QUERY} E.164 prefixes that are owned or aging (`phone_numbers`) or held by an order in progress
 * (`order_numbers`). Built and compiled once ({@link QueryTemplate}), so that a search binds values instead of building
 * and compiling an OR of up to 64 ranges through kysely on every page; a shorter list repeats its last prefix
 * (a repeated range selects nothing more). With up to 64 prefixes per call (search's batch), that is two statements
 * per table.
 */
import type { Kysely } from 'kysely';
import { QueryTemplate } from './query-template.ts';
import type { DatabaseSchema } from './schema.ts';

/** Prefixes per statement. */
export const RANGES_PER_QUERY = 32;

/** The character after '9': `e164 >= P and e164 < P + ':'` selects the numbers that start with the digits P. */
const AFTER_DIGITS = ':';

/** Arguments: (from, to) per range, then `released_at` bound (ms) at index 2·RANGES_PER_QUERY. */
const OWNED_OR_AGING = new QueryTemplate((db, arg) =>
  db
    .selectFrom('phone_numbers')
    .select('e164')
    .where((eb) => eb.or(Array.from({ length: RANGES_PER_QUERY }, (_, i) => eb.and([eb('e164', '>=', arg(2 * i)), eb('e164', '<', arg(2 * i + 1))]))))
    // `active = 1` as a literal: bound as a parameter, it may select the partial index `WHERE active = 1`, and SQLite
    // then prepares the statement again on every run (about 1 ms for 32 ranges, against 0.07 ms to run it).
    .where((eb) => eb.or([eb('active', '=', eb.lit(1)), eb('released_at', '>', arg(2 * RANGES_PER_QUERY) as unknown as number)])),
);

/** Arguments: (from, to) per range. */
const HELD = new QueryTemplate((db, arg) =>
  db
    .selectFrom('order_numbers')
    .select('e164')
    .where((eb) => eb.or(Array.from({ length: RANGES_PER_QUERY }, (_, i) => eb.and([eb('e164', '>=', arg(2 * i)), eb('e164', '<', arg(2 * i + 1))]))))
    .where('status', '=', 'Processing'),
);

/** Numbers under any of `prefixes` that cannot be sold now (see the module comment). */
export async function unavailableUnder(db: Kysely<DatabaseSchema>, prefixes: readonly string[], agingSince: Date): Promise<Set<string>> {
  const unavailable = new Set<string>();
  const since = agingSince.getTime();
  for (let start = 0; start < prefixes.length; start += RANGES_PER_QUERY) {
    const ranges: string[] = [];
    for (let i = 0; i < RANGES_PER_QUERY; i++) {
      const prefix = prefixes[Math.min(start + i, prefixes.length - 1)]!;
      ranges.push(prefix, prefix + AFTER_DIGITS);
    }
    for (const row of await OWNED_OR_AGING.execute(db, [...ranges, since])) unavailable.add(row.e164);
    for (const row of await HELD.execute(db, ranges)) unavailable.add(row.e164);
  }
  return unavailable;
}
