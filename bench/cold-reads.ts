/**
 * What a GetPhoneNumberOrder's query costs when its rows are not in SQLite's page cache: the query alone
 * (better-sqlite3, no server) on N seeded orders of one number, for ids read again and again (1,000 of them: their
 * pages stay cached) and for random ids among all N (each read finds its pages out of the cache), with the driver's
 * default page cache (16 MB), a 64 MiB one, memory-mapped reads (measured, not used by dialtone: docs/performance.md) and a
 * cache that holds the whole file once every order has been read (dialtone's default on a large machine), and,
 * with `--page-sizes`, on copies of the database with other page sizes (VACUUM INTO). Also the cost of reading one
 * 4 KiB page of the file with pread, a random page against the same page again. A measurement to run by hand.
 *
 *   node --import tsx bench/cold-reads.ts [--orders 1000000] [--count 40000] [--rounds 2] [--page-sizes] [--dir DIR]
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' },
    count: { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '2' },
    'page-sizes': { type: 'boolean', default: false },
    // A directory that already holds a seeded dialtone.sqlite (kept); otherwise one is seeded and removed.
    dir: { type: 'string' },
  },
});
const ROOT = resolve(import.meta.dirname, '..');
const count = Number(args.count);

/** The SQL of the order repository's GET_ORDER template (src/storage/kysely/order-repository.ts) as kysely compiles it. */
const GET_ORDER =
  'select "o"."id", "o"."account_id", "o"."product_type", "o"."name", "o"."status", "o"."created_at", "o"."updated_at", ' +
  '"n"."position" as "number_position", "n"."e164", "n"."status" as "number_status", "n"."failure_reason" ' +
  'from "orders" as "o" left join "order_numbers" as "n" on "n"."order_id" = "o"."id" ' +
  'where "o"."account_id" = ? and "o"."id" = ? order by "n"."position"';

const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'dialtone-cold-reads-'));
const file = join(dir, 'dialtone.sqlite');
try {
  if (!existsSync(file)) {
    const started = Date.now();
    execFileSync(process.execPath, [join(ROOT, 'bin', 'dialtone.js'), 'seed', '--orders', args.orders!, '--per-order', '1'], { env: { ...process.env, DATA_DIR: dir }, stdio: 'ignore' });
    console.log(`seeded ${args.orders} orders of one number in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const probe = new Database(file, { readonly: true });
  const all = probe.prepare('select account_id, id from orders').raw().all() as [string, string][];
  probe.close();
  const random = (n: number) => Array.from({ length: n }, () => all[Math.floor(Math.random() * all.length)]!);
  const hotSet = random(1000);
  const hot = Array.from({ length: count }, (_, i) => hotSet[i % hotSet.length]!);

  const files: [string, string][] = [['4096 (as served)', file]];
  if (args['page-sizes']) {
    for (const size of [1024, 2048, 8192]) {
      const copy = join(dir, `page-${size}.sqlite`);
      if (!existsSync(copy)) {
        const source = new Database(file);
        source.pragma(`page_size = ${size}`);
        source.exec(`vacuum into '${copy}'`);
        source.close();
      }
      files.push([String(size), copy]);
    }
  }
  // The last: a cache that holds the file (dialtone's default on a machine with 4 GiB or more, see
  // src/app/storage-options.ts), after every order has been read once, as in a server that has run a while.
  const settings: [string, string | undefined, boolean][] = [
    ['16 MB (driver)', undefined, false],
    ['64 MiB cache', 'cache_size = -65536', false],
    ['mmap 1 GiB', 'mmap_size = 1073741824', false],
    ['1 GiB, warmed', 'cache_size = -1048576', true],
  ];
  console.log(`µs per GetPhoneNumberOrder query, ${count} reads each, ${args.rounds} rounds (hot: 1,000 ids again and again; cold: random ids of all):`);
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [pageSize, path] of files) {
      for (const [name, pragma, warmed] of pageSize.startsWith('4096') ? settings : settings.slice(0, 1)) {
        const db = new Database(path, { readonly: true });
        if (pragma !== undefined) db.pragma(pragma);
        const statement = db.prepare(GET_ORDER).raw();
        const time = (ids: [string, string][]): number => {
          const started = process.hrtime.bigint();
          for (const [account, id] of ids) statement.all(account, id);
          return Number(process.hrtime.bigint() - started) / ids.length / 1000;
        };
        if (warmed) time(all);
        const hotUs = time(hot);
        const coldUs = time(random(count));
        console.log(`  round ${round + 1}  page ${pageSize.padEnd(16)} ${name.padEnd(14)} hot ${hotUs.toFixed(2).padStart(6)}   cold ${coldUs.toFixed(2).padStart(6)}`);
        db.close();
      }
    }
  }

  const fd = openSync(file, 'r');
  try {
    const pages = Math.floor(fstatSync(fd).size / 4096);
    const buffer = Buffer.alloc(4096);
    const reads = 100_000;
    const time = (page: () => number): number => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < reads; i++) readSync(fd, buffer, 0, 4096, page() * 4096);
      return Number(process.hrtime.bigint() - started) / reads / 1000;
    };
    const randomPage = time(() => Math.floor(Math.random() * pages));
    const samePage = time(() => 0);
    console.log(`pread of 4 KiB from the file (in the OS page cache): a random page ${randomPage.toFixed(2)} µs, the same page again ${samePage.toFixed(2)} µs`);
  } finally {
    closeSync(fd);
  }
} finally {
  if (args.dir === undefined) rmSync(dir, { recursive: true, force: true });
}
