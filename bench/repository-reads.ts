/**
 * The reads of the list and get scenarios through the storage layer itself (SQLite, kysely, the repositories), without
 * HTTP: a page of 50 numbers (`listListed`), one number (`get`), a page of 50 orders (`list`) and one order (`get`),
 * on a database seeded by `dialtone seed` (orders of one number, as in the orders-list scenarios). A measurement to
 * run by hand, steadier than the end-to-end scenarios for a change inside storage: with `--compare DIR` the same reads
 * run through another checkout's sources, each checkout in a process of its own, alternated round by round; medians of
 * the rounds, in µs per call.
 *
 *   node --import tsx bench/repository-reads.ts [--numbers 1000] [--orders 1000] [--rounds 5] [--count 3000] [--compare DIR]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { alternate, timePerCall, type Timings } from './alternate.ts';

const { values: args } = parseArgs({
  options: {
    numbers: { type: 'string', default: '1000' },
    orders: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    count: { type: 'string', default: '3000' },
    compare: { type: 'string' },
    // Internal: one round of one checkout, on a copy of the seeded database.
    'run-in': { type: 'string' },
    seeded: { type: 'string' },
  },
});
const ACCOUNT = '000000000000';
const ROOT = resolve(import.meta.dirname, '..');

interface Reads {
  phoneNumbers: { listListed(a: string, o: object): Promise<unknown[]>; get(a: string, e164: string): Promise<unknown> };
  orders: { list(a: string, o: object): Promise<unknown[]>; get(a: string, id: string): Promise<unknown> };
  close(): Promise<void>;
}

async function round(checkout: string, seeded: string, count: number): Promise<Timings> {
  const module = (await import(pathToFileURL(join(checkout, 'src/storage/sqlite/open-sqlite-storage.ts')).href)) as {
    openSqliteStorage(o: { file: string }): Promise<Reads>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-repository-round-'));
  try {
    const file = join(dir, 'dialtone.sqlite');
    copyFileSync(seeded, file);
    const storage = await module.openSqliteStorage({ file });
    const numbers = (await storage.phoneNumbers.listListed(ACCOUNT, { limit: 1000, now: new Date() })) as { e164: string }[];
    const orders = (await storage.orders.list(ACCOUNT, { limit: 1000 })) as { id: string }[];
    const out: Timings = {
      'numbers: page of 50': await timePerCall(
        () => storage.phoneNumbers.listListed(ACCOUNT, { limit: 50, now: new Date(), productTypes: ['VoiceConnector', 'SipMediaApplicationDialIn'] }),
        count,
      ),
      'numbers: one': await timePerCall((i) => storage.phoneNumbers.get(ACCOUNT, numbers[i % numbers.length]!.e164), count),
      'orders: page of 50': await timePerCall(() => storage.orders.list(ACCOUNT, { limit: 50 }), count),
      'orders: one': await timePerCall((i) => storage.orders.get(ACCOUNT, orders[i % orders.length]!.id), count),
    };
    await storage.close();
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (args['run-in'] !== undefined) {
  console.log(JSON.stringify(await round(args['run-in'], args.seeded!, Number(args.count))));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-repository-reads-'));
  try {
    for (const [kind, n] of [['--numbers', args.numbers], ['--orders', args.orders]] as const) {
      const perOrder = kind === '--orders' ? ['--per-order', '1'] : [];
      execFileSync(process.execPath, [join(ROOT, 'bin', 'dialtone.js'), 'seed', kind, n!, ...perOrder], { env: { ...process.env, DATA_DIR: dir }, stdio: 'ignore' });
    }
    console.log(`${args.numbers} numbers and ${args.orders} orders (of one number) seeded in one account`);
    const checkouts = [ROOT, ...(args.compare === undefined ? [] : [args.compare])];
    alternate(import.meta.filename, checkouts, Number(args.rounds), () => ['--seeded', join(dir, 'dialtone.sqlite'), '--count', args.count!]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
