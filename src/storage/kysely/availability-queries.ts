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
  const since = agingSince.getTime();
  const reads: Promise<{ e164: string }[]>[] = [];
  for (let start = 0; start < prefixes.length; start += RANGES_PER_QUERY) {
    const left = Math.min(prefixes.length - start, RANGES_PER_QUERY);
    const size = SIZES.find((n) => n >= left)!;
    const ranges: string[] = [];
    for (let i = 0; i < size; i++) {
      const prefix = prefixes[Math.min(start + i, prefixes.length - 1)]!;
      ranges.push(prefix, prefix + AFTER_DIGITS);
    }
    const { owned, held } = TEMPLATES.get(size)!;
    reads.push(owned.execute(db, [...ranges, since]), held.execute(db, ranges));
  }
  // Asked together: on SQLite they then run in the same turn's read transaction (sqlite/turn-reads.ts).
  const unavailable = new Set<string>();
  for (const rows of await Promise.all(reads)) for (const row of rows) unavailable.add(row.e164);
  return unavailable;
}

/**
 * PostgreSQL: the same three reads for any number of prefixes in one statement, each prefix a range of two zipped
 * arrays (from, to) joined to the partial indexes (`phone_numbers_active_e164`, `phone_numbers_released_e164`, and
 * `order_numbers_e164`). Arguments: the ranges' starts, their ends, and the earliest `released_at` bound of the reads
 * it answers. Each row is a number and, for an aging record, when it was released (null for an owned or held number),
 * so that each read applies its own bound.
 */
const UNAVAILABLE_IN_RANGES = new QueryTemplate((db, arg) =>
  db
    .with('r', (db) => db.selectNoFrom([sql<string>`unnest(${arg(0)}::text[])`.as('lo'), sql<string>`unnest(${arg(1)}::text[])`.as('hi')]))
    .selectFrom('r')
    .innerJoin('phone_numbers as p', (join) => join.onRef('p.e164', '>=', 'r.lo').onRef('p.e164', '<', 'r.hi').on('p.active', '=', sql.lit(1)))
    .select(['p.e164', sql<string | null>`null::bigint`.as('released_at')])
    .unionAll((eb) =>
      eb
        .selectFrom('r')
        .innerJoin('phone_numbers as p', (join) =>
          join
            .onRef('p.e164', '>=', 'r.lo')
            .onRef('p.e164', '<', 'r.hi')
            .on('p.released_at', '>', arg(2) as unknown as number),
        )
        .select(['p.e164', sql<string | null>`p.released_at`.as('released_at')]),
    )
    .unionAll((eb) =>
      eb
        .selectFrom('r')
        .innerJoin('order_numbers as n', (join) => join.onRef('n.e164', '>=', 'r.lo').onRef('n.e164', '<', 'r.hi').on('n.status', '=', 'Processing'))
        .select(['n.e164', sql<string | null>`null::bigint`.as('released_at')]),
    ),
);

/** Prefixes per statement of {@link unavailableUnderEach}, at most. */
const PREFIXES_PER_STATEMENT = 4_096;

/**
 * PostgreSQL: {@link unavailableUnder} for each of `reads` (its prefixes, and the time after which a released number
 * still ages), answered together: one statement for the union of their prefixes, its rows then sorted out per read.
 */
export async function unavailableUnderEach(
  db: Kysely<DatabaseSchema>,
  reads: readonly { prefixes: readonly string[]; agingSince: Date }[],
): Promise<Set<string>[]> {
  const prefixes = [...new Set(reads.flatMap((read) => read.prefixes))];
  const since = Math.min(...reads.map((read) => read.agingSince.getTime()));
  const lengths = [...new Set(prefixes.map((prefix) => prefix.length))];
  /** Each row under the prefix of each asked length it starts with. */
  const under = new Map<string, { e164: string; releasedAt: number | undefined }[]>();
  for (let start = 0; start < prefixes.length; start += PREFIXES_PER_STATEMENT) {
    const chunk = prefixes.slice(start, start + PREFIXES_PER_STATEMENT);
    const rows = await UNAVAILABLE_IN_RANGES.execute(db, [chunk, chunk.map((prefix) => prefix + AFTER_DIGITS), since]);
    for (const row of rows) {
      const found = { e164: row.e164, releasedAt: row.released_at === null ? undefined : Number(row.released_at) };
      for (const length of lengths) {
        const key = row.e164.slice(0, length);
        const list = under.get(key);
        if (list === undefined) under.set(key, [found]);
        else list.push(found);
      }
    }
  }
  return reads.map((read) => {
    const unavailable = new Set<string>();
    const bound = read.agingSince.getTime();
    for (const prefix of read.prefixes) {
      for (const found of under.get(prefix) ?? []) if (found.releasedAt === undefined || found.releasedAt > bound) unavailable.add(found.e164);
    }
    return unavailable;
  });
}
