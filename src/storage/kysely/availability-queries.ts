/**
 * The availability query of search (`unavailableUnder`) as fixed-shape templates: numbers under any of
 * {@link RANGES_PER_QUERY} E.164 prefixes that are owned or aging (`phone_numbers`) or held by an order in progress
 * (`order_numbers`). Built and compiled once ({@link QueryTemplate}), so that a search binds values instead of building
 * and compiling an OR of up to 64 ranges through kysely on every page; a shorter list repeats its last prefix
 * (a repeated range selects nothing more), up to the next template size. With up to 64 prefixes per call (search's
 * batch), that is at most two statements per table.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { QueryTemplate } from './query-template.ts';
import type { DatabaseSchema } from './schema.ts';

/** Prefixes per statement, at most. */
export const RANGES_PER_QUERY = 32;

/** The character after '9': `e164 >= P and e164 < P + ':'` selects the numbers that start with the digits P. */
const AFTER_DIGITS = ':';

/**
 * `count` ranges of `e164`, from the arguments (from, to) of each, each with the conditions of `also` (SQLite reads an
 * OR of ranges through a partial index only when every one of them implies the index's condition).
 */
function anyRange<T extends 'phone_numbers' | 'order_numbers'>(
  eb: ExpressionBuilder<DatabaseSchema, T>,
  arg: (index: number) => string,
  count: number,
  also: (eb: ExpressionBuilder<DatabaseSchema, T>) => Expression<SqlBool>[] = () => [],
): Expression<SqlBool> {
  const e164 = sql.ref<string>('e164');
  return eb.or(Array.from({ length: count }, (_, i) => eb.and([eb(e164, '>=', arg(2 * i)), eb(e164, '<', arg(2 * i + 1)), ...also(eb)])));
}

/**
 * Arguments: (from, to) per range, then `released_at` bound (ms) at index 2·count. Two selects, each read through a
 * partial index led by `e164`: the owned numbers (`phone_numbers_active_e164`) and the aging ones
 * (`phone_numbers_released_e164`, released records only). A number both owned and aging comes twice; the caller
 * collects a set.
 */
const ownedOrAging = (count: number) =>
  new QueryTemplate((db, arg) =>
    db
      .selectFrom('phone_numbers')
      .select('e164')
      // `active = 1` as a literal: bound as a parameter, it may select the partial index `WHERE active = 1`, and SQLite
      // then prepares the statement again on every run (about 1 ms for 32 ranges, against 0.07 ms to run it).
      .where((eb) => anyRange(eb, arg, count, (eb) => [eb('active', '=', eb.lit(1))]))
      .unionAll((eb) =>
        eb
          .selectFrom('phone_numbers')
          .select('e164')
          .where((eb) => anyRange(eb, arg, count, (eb) => [eb('released_at', '>', arg(2 * count) as unknown as number)])),
      ),
  );

/** Arguments: (from, to) per range. */
const held = (count: number) =>
  new QueryTemplate((db, arg) =>
    db
      .selectFrom('order_numbers')
      .select('e164')
      .where((eb) => anyRange(eb, arg, count))
      .where('status', '=', 'Processing'),
  );

/**
 * The templates by number of ranges, a power of two up to {@link RANGES_PER_QUERY}: a search that looks under two
 * prefixes probes the index twice per table, not 32 times (SQLite runs an OR of ranges as one index probe each, a
 * repeated range included: 27 µs for 32 ranges against 14 µs for 2, on both tables).
 */
const SIZES = [1, 2, 4, 8, 16, RANGES_PER_QUERY];
const TEMPLATES = new Map(SIZES.map((size) => [size, { owned: ownedOrAging(size), held: held(size) }]));

/** Numbers under any of `prefixes` that cannot be sold now (see the module comment). */
export async function unavailableUnder(db: Kysely<DatabaseSchema>, prefixes: readonly string[], agingSince: Date): Promise<Set<string>> {
  const unavailable = new Set<string>();
  const since = agingSince.getTime();
  for (let start = 0; start < prefixes.length; start += RANGES_PER_QUERY) {
    const left = Math.min(prefixes.length - start, RANGES_PER_QUERY);
    const size = SIZES.find((n) => n >= left)!;
    const ranges: string[] = [];
    for (let i = 0; i < size; i++) {
      const prefix = prefixes[Math.min(start + i, prefixes.length - 1)]!;
      ranges.push(prefix, prefix + AFTER_DIGITS);
    }
    const { owned, held } = TEMPLATES.get(size)!;
    for (const row of await owned.execute(db, [...ranges, since])) unavailable.add(row.e164);
    for (const row of await held.execute(db, ranges)) unavailable.add(row.e164);
  }
  return unavailable;
}
