/**
 * Two costs of reading SQLite through better-sqlite3, measured on a database seeded by `dialtone seed` (a measurement
 * to run by hand; not part of `npm test` or `npm run bench`):
 * - a lookup of one number by account and E.164 whose `active` is bound as a parameter, against the same lookup with
 *   `active = 1` written in the SQL: SQLite matches a bound parameter against a partial index's constant
 *   (`phone_numbers … where active = 1`) by its value, and prepares the statement again at every bind;
 * - the newest record of a number (`order by id desc limit ?`) with its limit bound, against the same lookup with the
 *   limit written in (`limit 1`), as src/storage/sqlite/statement-cache.ts now runs a bound limit: SQLite reads a
 *   bound LIMIT while it plans, and prepares the statement again at every bind;
 * - a page of 50 numbers by the listing's query (`select *`, 17 columns, 51 rows) as better-sqlite3's row objects,
 *   against rows read as arrays and made into objects by `RowStatement` (src/storage/sqlite/statement-cache.ts),
 *   against rows packed as one `json_array` text each and parsed once per page, and against the page packed into one
 *   text by SQLite (`group_concat` of the rows' texts; src/storage/kysely/packed-rows.ts), as the listings now read it,
 *   and against that text with an `ORDER BY` of `group_concat`'s own.
 * Both variants alternate within each round; medians of the rounds, in µs per query.
 *
 *   node --import tsx bench/sqlite-reads.ts [--numbers 1000] [--rounds 7] [--count 20000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { RowStatement } from '../src/storage/sqlite/statement-cache.ts';
import { unpackedPage } from '../src/storage/kysely/packed-rows.ts';
import { PHONE_NUMBER_COLUMNS } from '../src/storage/kysely/number-rows.ts';

const { values: args } = parseArgs({
  options: { numbers: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '7' }, count: { type: 'string', default: '20000' } },
});
const ACCOUNT = '000000000000';
const dir = mkdtempSync(join(tmpdir(), 'dialtone-sqlite-reads-'));
try {
  const seeded = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'dialtone.js'), 'seed', '--numbers', args.numbers], {
    env: { ...process.env, DATA_DIR: dir },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`dialtone seed failed: ${seeded.stderr}`);
  const db = new Database(join(dir, 'dialtone.sqlite'), { readonly: true });
  const numbers = db.prepare('select e164 from phone_numbers where account_id = ? order by e164').pluck().all(ACCOUNT) as string[];
  const count = Number(args.count);

  const lookup = 'select * from phone_numbers where account_id = ? and e164 = ? and active = ';
  const bound = db.prepare(`${lookup}?`);
  const literal = db.prepare(`${lookup}1`);
  const newest = 'select * from phone_numbers where account_id = ? and e164 = ? order by id desc limit ';
  const limitBound = db.prepare(`${newest}?`);
  const limitWritten = db.prepare(`${newest}1`);
  // The listing's query (src/storage/kysely/number-list-queries.ts) for a first page of 50 (51 rows: one more tells
  // whether another page follows), with the time bound in.
  const now = Date.now();
  const page =
    'select * from phone_numbers as p where p.account_id = ? and ((p.active = 1 and (p.deletion_at is null or p.deletion_at > ' +
    `${now})) or (p.active = 0 and p.status = 'AcquireFailed' and not exists (select newer.id from phone_numbers as newer ` +
    'where newer.account_id = p.account_id and newer.e164 = p.e164 and newer.id > p.id))) order by p.e164, p.id limit 51';
  const objects = db.prepare(page);
  const arrays = new RowStatement(db.prepare(page));
  const packedRowsSql = page.replace('*', `json_array(${PHONE_NUMBER_COLUMNS.map((column) => `p.${column}`).join(', ')}) as packed`);
  const packedRows = new RowStatement(db.prepare(packedRowsSql));
  const packedPage = new RowStatement(db.prepare(`select '[' || coalesce(group_concat(packed, ','), '') || ']' as packed from (${packedRowsSql})`));
  // The same with an ORDER BY of group_concat's own, which SQLite's documentation needs to promise the order.
  const orderedPage = new RowStatement(
    db.prepare(`select '[' || coalesce(group_concat(packed, ',' order by e164, id), '') || ']' as packed from (${packedRowsSql.replace(' as packed', ' as packed, p.e164, p.id')})`),
  );
  const pageOrder = [PHONE_NUMBER_COLUMNS.indexOf('e164'), PHONE_NUMBER_COLUMNS.indexOf('id')];
  // The rows' texts joined into one, as listings read them before a page was packed in SQLite.
  const joined = (rows: unknown[]) => [{ packed: `[${rows.map((row) => (row as { packed: string }).packed).join(',')}]` }];

  const time = (run: (i: number) => unknown, n: number): number => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) run(i);
    return Number(process.hrtime.bigint() - started) / n / 1000;
  };
  const variants: Record<string, (i: number) => unknown> = {
    'lookup, active bound': (i) => bound.get(ACCOUNT, numbers[i % numbers.length], 1),
    'lookup, active = 1 in the SQL': (i) => literal.get(ACCOUNT, numbers[i % numbers.length]),
    'newest record, limit bound': (i) => limitBound.get(ACCOUNT, numbers[i % numbers.length], 1),
    'newest record, limit written in': (i) => limitWritten.get(ACCOUNT, numbers[i % numbers.length]),
    'page of 51, better-sqlite3 objects': () => objects.all(ACCOUNT),
    'page of 51, arrays made into objects': () => arrays.all([ACCOUNT]),
    'page of 51, packed rows made into objects': () => unpackedPage(joined(packedRows.all([ACCOUNT])), PHONE_NUMBER_COLUMNS, []),
    'page of 51, one packed text made into objects': () => unpackedPage(packedPage.all([ACCOUNT]), PHONE_NUMBER_COLUMNS, pageOrder),
    'page of 51, one text ordered by group_concat': () => unpackedPage(orderedPage.all([ACCOUNT]), PHONE_NUMBER_COLUMNS, pageOrder),
  };
  const samples = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [name, run] of Object.entries(variants)) {
      const n = name.startsWith('page') ? Math.max(1, Math.floor(count / 10)) : count;
      time(run, Math.min(n, 1000));
      samples.get(name)!.push(time(run, n));
    }
  }
  db.close();
  console.log(`${numbers.length} numbers seeded; medians of ${args.rounds} rounds (µs per query):`);
  for (const [name, values] of samples) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`  ${name.padEnd(46)} ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1).padStart(8)}   (${values.map((v) => v.toFixed(1)).join(' / ')})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
