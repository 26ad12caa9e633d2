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
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    numbers: { type: 'string', default: '1000' },
    orders: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    count: { type: 'string', default: '3000' },
    compare: { type: 'string' },
    // Internal: one round of one checkout, on a copy of the seeded database.
    'run-in': { type: 'string' },
    file: { type: 'string' },
  },
});
const ACCOUNT = '000000000000';
const ROOT = resolve(import.meta.dirname, '..');

interface Reads {
  phoneNumbers: { listListed(a: string, o: object): Promise<unknown[]>; get(a: string, e164: string): Promise<unknown> };
  orders: { list(a: string, o: object): Promise<unknown[]>; get(a: string, id: string): Promise<unknown> };
  close(): Promise<void>;
}

async function round(checkout: string, file: string, count: number): Promise<Record<string, number>> {
  const module = (await import(pathToFileURL(join(checkout, 'src/storage/sqlite/open-sqlite-storage.ts')).href)) as {
    openSqliteStorage(o: { file: string }): Promise<Reads>;
  };
  const storage = await module.openSqliteStorage({ file });
  const numbers = (await storage.phoneNumbers.listListed(ACCOUNT, { limit: 1000, now: new Date() })) as { e164: string }[];
  const orders = (await storage.orders.list(ACCOUNT, { limit: 1000 })) as { id: string }[];
  const calls: Record<string, (i: number) => Promise<unknown>> = {
    'numbers: page of 50': () => storage.phoneNumbers.listListed(ACCOUNT, { limit: 50, now: new Date(), productTypes: ['VoiceConnector', 'SipMediaApplicationDialIn'] }),
    'numbers: one': (i) => storage.phoneNumbers.get(ACCOUNT, numbers[i % numbers.length]!.e164),
    'orders: page of 50': () => storage.orders.list(ACCOUNT, { limit: 50 }),
    'orders: one': (i) => storage.orders.get(ACCOUNT, orders[i % orders.length]!.id),
  };
  const out: Record<string, number> = {};
  for (const [name, call] of Object.entries(calls)) {
    for (let i = 0; i < Math.min(count, 500); i++) await call(i);
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) await call(i);
    out[name] = Number(process.hrtime.bigint() - started) / count / 1000;
  }
  await storage.close();
  return out;
}

if (args['run-in'] !== undefined) {
  console.log(JSON.stringify(await round(args['run-in'], args.file!, Number(args.count))));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-repository-reads-'));
  try {
    const seeded = join(dir, 'seeded');
    for (const [kind, n] of [['--numbers', args.numbers], ['--orders', args.orders]] as const) {
      execFileSync(process.execPath, [join(ROOT, 'bin', 'dialtone.js'), 'seed', kind, n!, ...(kind === '--orders' ? ['--per-order', '1'] : [])], { env: { ...process.env, DATA_DIR: seeded }, stdio: 'ignore' });
    }
    const checkouts = [ROOT, ...(args.compare === undefined ? [] : [resolve(args.compare)])];
    const samples = new Map<string, Map<string, number[]>>(checkouts.map((c) => [c, new Map()]));
    for (let r = 0; r < Number(args.rounds); r++) {
      for (const checkout of checkouts) {
        const file = join(dir, `round.sqlite`);
        rmSync(file, { force: true });
        copyFileSync(join(seeded, 'dialtone.sqlite'), file);
        const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--run-in', checkout, '--file', file, '--count', args.count!], {
          encoding: 'utf8',
          cwd: ROOT,
        });
        if (run.status !== 0) throw new Error(`a round in ${checkout} failed: ${run.stderr}`);
        for (const [name, us] of Object.entries(JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>)) {
          const per = samples.get(checkout)!;
          per.set(name, [...(per.get(name) ?? []), us]);
        }
      }
    }
    console.log(`node ${process.version}; ${args.numbers} numbers and ${args.orders} orders seeded; medians of ${args.rounds} rounds (µs per call):`);
    for (const [checkout, per] of samples) {
      console.log(checkout);
      for (const [name, values] of per) {
        const sorted = [...values].sort((a, b) => a - b);
        console.log(`  ${name.padEnd(22)} ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1).padStart(8)}   (${values.map((v) => v.toFixed(1)).join(' / ')})`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
