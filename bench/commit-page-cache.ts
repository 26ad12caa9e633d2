/**
 * What SQLite's page cache costs each commit: a table with an index on random keys grown to `--rows` rows in one
 * transaction (so that its pages are all in the cache, up to the cache's size), then `--commits` transactions of 20
 * inserts each; CPU µs per transaction, for each page cache size of `--caches` (MiB). The database has the server's
 * WAL settings, with `synchronous = NORMAL` so that no sync adds its noise (the cost measured is CPU, not the disk's).
 *
 *   node --import tsx bench/commit-page-cache.ts [--rows 800000] [--commits 3000] [--caches 2,16,64,256,6000] [--rounds 2]
 *
 * The end of a write transaction truncates the cache to the database's size; after a b-tree balance that moved a page
 * through the lock page's number (see src/app/storage-options.ts), that truncation walks the cache's whole hash
 * table, which is as large as the pages it holds. Each size runs in a process of its own, in turn, `--rounds` times.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '800000' },
    commits: { type: 'string', default: '3000' },
    caches: { type: 'string', default: '2,16,64,256,6000' },
    rounds: { type: 'string', default: '2' },
    one: { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const COMMITS = Number(values.commits);

/** One cache size in this process: prints `pages µs`. */
function measure(cacheMiB: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-commit-cache-'));
  try {
    const db = new Database(join(dir, 'x.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${-cacheMiB * 1024}`);
    db.pragma('wal_autocheckpoint = 4000');
    db.exec('create table t (id integer primary key, k text not null, v text not null); create index t_k on t (k)');
    const insert = db.prepare('insert into t (k, v) values (?, ?)');
    const body = 'x'.repeat(200);
    let n = 0;
    // Random-looking keys (a multiplicative walk), the same in every process.
    const key = (): string => String((n++ * 2654435761) % 4294967296).padStart(10, '0');
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run(key(), body);
    })();
    const pages = db.pragma('page_count', { simple: true }) as number;
    const begin = db.prepare('begin immediate');
    const commit = db.prepare('commit');
    const start = process.cpuUsage();
    for (let i = 0; i < COMMITS; i++) {
      begin.run();
      for (let j = 0; j < 20; j++) insert.run(key(), body);
      commit.run();
    }
    const spent = process.cpuUsage(start);
    db.close();
    process.stdout.write(`${pages} ${((spent.user + spent.system) / COMMITS).toFixed(1)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.one !== undefined) {
  measure(Number(values.one));
} else {
  const caches = values.caches.split(',').map(Number);
  const results = new Map<number, number[]>(caches.map((c) => [c, []]));
  let pages = 0;
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const cache of caches) {
      const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--one', String(cache), '--rows', String(ROWS), '--commits', String(COMMITS)], {
        encoding: 'utf8',
      });
      const [p, us] = out.trim().split(' ').map(Number);
      pages = p!;
      results.get(cache)!.push(us!);
    }
  }
  process.stdout.write(
    `${COMMITS} transactions of 20 inserts into a database of ${pages.toLocaleString('en-US')} pages (${ROWS.toLocaleString('en-US')} rows, all written in one transaction first); node ${process.version}\n\n` +
      `| page cache MiB | CPU µs per transaction (each round) | median |\n|--:|---|--:|\n`,
  );
  for (const [cache, us] of results) process.stdout.write(`| ${cache} | ${us.map((u) => u.toFixed(1)).join(' / ')} | ${median(us).toFixed(1)} |\n`);
}
