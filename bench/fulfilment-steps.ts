/**
 * Fulfilment's own cost, step by step, in one process: N orders of one number each (`--numbers`: of that many, as the
 * bench's fulfilment scenario orders 50) are stored as the create stores them (ids in time order, as the order service
 * gives them), then the job queue claims batches of B and FulfilmentService settles them with a carrier that answers
 * at once, on a SQLite file with the server's settings.
 * Reports CPU µs per order for each step (claim, reading the orders and the aging numbers, the reservation, the
 * carrier, the settlement) and in all, and the process's minor page faults per order.
 *
 *   node --import tsx bench/fulfilment-steps.ts [--orders 20000] [--numbers 1] [--batch 200] [--runs 3] [--random-ids]
 *       [--scattered] [--cache-mib N] [--existing N [--keep-cache]] [--postgres]
 *
 * `--postgres`: on a fresh database of the bench's embedded PostgreSQL cluster (bench/postgres.ts) instead of a SQLite
 * file, with the server's pool; each step then also reports the cluster's CPU per order (every process of it).
 * `--random-ids`: the orders get random UUID v4 ids instead of the time-ordered ones the order service gives them.
 * `--scattered`: the numbers lie spread over 700 area codes and their lines, as numbers picked from searches do,
 * instead of one run of consecutive numbers (whose index entries land side by side, a few pages for a whole batch).
 * `--cache-mib`: SQLite's page cache (`database.sqliteCacheMiB`); without it, SQLite's default of 2 MB (the server's
 * default is a quarter of the memory, at most 64 MiB).
 * `--existing N`: the table of numbers already holds N records of the same accounts, spread like `--scattered` (two
 * thirds owned, a third released a month ago), as a database in use does; the storage is then opened again, so that
 * SQLite gathers its statistics as a server's start does. Without it, every order's number goes into empty indexes.
 * `--keep-cache`: with `--existing`, the file is not opened again, so the pages the records were written to stay in the
 * page cache (up to `--cache-mib`), as in a server that has read them all; SQLite then has no statistics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SimulatedCarrier } from '../src/carrier/simulated-carrier.ts';
import { JobQueue } from '../src/domain/jobs/job-queue.ts';
import type { Fence } from '../src/domain/jobs/fence.ts';
import { FULFIL_ORDER, FulfilmentService, fulfilmentWrites, type FulfilmentWrites } from '../src/domain/orders/fulfilment.ts';
import type { Order } from '../src/domain/orders/order.ts';
import type { OwnedNumber } from '../src/domain/phone-numbers/phone-number.ts';
import { systemClock } from '../src/domain/shared/clock.ts';
import { cryptoIds, timeOrderedUuid } from '../src/domain/shared/ids.ts';
import { openPostgresStorage } from '../src/storage/postgres/open-postgres-storage.ts';
import { openSqliteStorage } from '../src/storage/sqlite/open-sqlite-storage.ts';
import { narrowed, type Storage } from '../src/storage/storage.ts';
import { benchPostgres, stopBenchPostgres, type BenchPostgres } from './postgres.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '20000' },
    numbers: { type: 'string', default: '1' },
    batch: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    'random-ids': { type: 'boolean', default: false },
    scattered: { type: 'boolean', default: false },
    'cache-mib': { type: 'string' },
    existing: { type: 'string', default: '0' },
    'keep-cache': { type: 'boolean', default: false },
    postgres: { type: 'boolean', default: false },
  },
});
const ORDERS = Number(values.orders);
const BATCH = Number(values.batch);
const NUMBERS = Number(values.numbers);
if (!Number.isInteger(NUMBERS) || NUMBERS < 1 || ORDERS * NUMBERS > 1_000_000) throw new Error(`--numbers: '${values.numbers}' must be a whole number from 1, at most 1,000,000 numbers in all`);
const EXISTING = Number(values.existing);
// seedExisting's lines are one-to-one for fewer than 1,000,000 records only (a repeated owned number would break the
// unique index of active numbers).
if (!Number.isInteger(EXISTING) || EXISTING < 0 || EXISTING >= 1_000_000) throw new Error(`--existing: '${values.existing}' must be a whole number below 1,000,000`);
if (values.postgres && (values['cache-mib'] !== undefined || values['keep-cache'])) throw new Error('--cache-mib and --keep-cache are SQLite settings');
const cluster: BenchPostgres | undefined = values.postgres ? await benchPostgres(undefined) : undefined;

const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
/** This process's CPU spent reading the cluster's (a walk of /proc), left out of every figure. */
let measuring = 0;
/** The cluster's CPU in µs (0 on SQLite). */
const databaseCpu = (): number => {
  if (!cluster) return 0;
  const t = cpu();
  const seconds = cluster.cpuSeconds() ?? 0;
  measuring += cpu() - t;
  return seconds * 1e6;
};

/** The j-th order's number: consecutive, or (--scattered) spread over area codes 200–899 and their lines, each once. */
function numberOf(j: number): string {
  if (!values.scattered) return `+1206${String(2000000 + j).padStart(7, '0')}`;
  // 104,729 is a prime, so coprime with 7,000,000: the line alone is one-to-one for j below 7,000,000.
  return `+1${200 + ((j * 7919) % 700)}${String(2000000 + ((j * 104729) % 7000000)).padStart(7, '0')}`;
}

/** `--existing` records: lines 1,000,000–1,999,999 of the same area codes, apart from the orders' numbers. */
async function seedExisting(storage: Storage, count: number): Promise<void> {
  const at = new Date(Date.now() - 30 * 86_400_000);
  for (let i = 0; i < count; i += 10_000) {
    const records: OwnedNumber[] = [];
    for (let k = i; k < Math.min(count, i + 10_000); k++) {
      const released = k % 3 === 0;
      records.push({
        // 99,991 is coprime with 1,000,000: each k below 1,000,000 has a line of its own.
        e164: `+1${200 + ((k * 6007) % 700)}${String(1000000 + ((k * 99991) % 1000000))}`,
        accountId: String(100000000000 + (k % 7)),
        status: released ? 'DeleteInProgress' : 'Unassigned',
        active: !released,
        productType: 'VoiceConnector',
        type: 'Local',
        country: 'US',
        createdAt: at,
        updatedAt: at,
        ...(released && { releasedAt: at }),
      });
    }
    await storage.transaction((repos) => repos.phoneNumbers.insertRecords(records));
  }
}

async function seed(storage: Storage): Promise<void> {
  // Created as at 5,000 creates/s, five orders a millisecond, all in the past (every job due).
  const start = Date.now() - Math.ceil(ORDERS / 5);
  for (let i = 0; i < ORDERS; i += 500) {
    await storage.transaction(async (repos) => {
      for (let j = i; j < Math.min(ORDERS, i + 500); j++) {
        const now = new Date(start + Math.floor(j / 5));
        const order: Order = {
          id: values['random-ids'] ? cryptoIds.uuid() : timeOrderedUuid(cryptoIds, now),
          accountId: String(100000000000 + (j % 7)),
          productType: 'VoiceConnector',
          status: 'Processing',
          numbers: Array.from({ length: NUMBERS }, (_, k) => ({ e164: numberOf(j * NUMBERS + k), status: 'Processing' as const })),
          createdAt: now,
          updatedAt: now,
        };
        await repos.orders.insert(order);
        await repos.jobs.enqueue({ id: order.id, kind: FULFIL_ORDER, accountId: order.accountId, runAt: now });
      }
    });
  }
}

async function once(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-fulfil-steps-'));
  const url = await cluster?.newDatabase();
  const open = (): Promise<Storage> =>
    url === undefined
      ? openSqliteStorage({ file: join(dir, 'dialtone.sqlite'), ...(values['cache-mib'] !== undefined && { cacheMiB: Number(values['cache-mib']) }) })
      : openPostgresStorage({ url, poolSize: 10, statementTimeoutMs: 30_000 });
  let storage = await open();
  if (EXISTING > 0) {
    await seedExisting(storage, EXISTING);
    if (!values['keep-cache']) {
      await storage.close();
      storage = await open();
    }
  }
  try {
    await seed(storage);
    const steps = ['claim', 'getMany', 'agingSince', 'reserve', 'carrier', 'settle'];
    const spent: Record<string, number> = Object.fromEntries(steps.flatMap((step) => [[step, 0], ...(cluster ? [[`${step} (database)`, 0]] : [])]));
    const timed = <A extends unknown[], T>(name: string, f: (...args: A) => Promise<T>) => async (...args: A): Promise<T> => {
      const d = databaseCpu();
      const t = cpu();
      try {
        return await f(...args);
      } finally {
        spent[name]! += cpu() - t;
        if (cluster) spent[`${name} (database)`]! += databaseCpu() - d;
      }
    };
    const carrier = new SimulatedCarrier({ latencyMs: 0, failNumbers: [], failPrefixes: [], failRate: 0, seed: 's', inPool: () => true });
    const service = new FulfilmentService({
      orders: { getMany: timed('getMany', (keys) => storage.orders.getMany(keys)) },
      phoneNumbers: { agingSince: timed('agingSince', (e164s, since) => storage.phoneNumbers.agingSince(e164s, since)) },
      carrier: { acquire: timed('carrier', (requests, signal) => carrier.acquire(requests, signal)) },
      clock: systemClock,
      ids: cryptoIds,
      agingMs: 3 * 86_400_000,
      describe: () => ({ country: 'US', type: 'Local' }),
    });
    const queue = new JobQueue<FulfilmentWrites>({
      jobs: storage.jobs,
      unitOfWork: narrowed(storage.batchWork ?? storage, fulfilmentWrites),
      clock: systemClock,
      owner: 'bench',
      leaseMs: 600_000,
      handlers: {},
    });
    // As `dialtone seed` does after its load (autovacuum would within a minute or so): without statistics PostgreSQL's
    // planner may scan.
    if (url !== undefined) await storage.refreshStatistics();
    const startDatabase = databaseCpu();
    const start = cpu();
    const measuredBefore = measuring;
    const faults = process.resourceUsage().minorPageFault;
    let settled = 0;
    for (;;) {
      const jobs = await timed('claim', (n: number) => queue.claim(n))(BATCH);
      if (jobs.length === 0) break;
      const fence = queue.fence(jobs);
      const timedFence: Fence<FulfilmentWrites> = { guard: timed('reserve', (w) => fence.guard(w)), settle: timed('settle', (w) => fence.settle(w)) };
      settled += (await service.run(jobs, timedFence)).orders;
    }
    const total = cpu() - start - (measuring - measuredBefore);
    if (settled !== ORDERS) throw new Error(`settled ${settled} of ${ORDERS}`);
    const per: Record<string, number> = {};
    for (const [k, v] of Object.entries(spent)) per[k] = v / ORDERS;
    per.total = total / ORDERS;
    if (cluster) per['total (database)'] = (databaseCpu() - startDatabase) / ORDERS;
    per['page faults'] = (process.resourceUsage().minorPageFault - faults) / ORDERS;
    return per;
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs: Record<string, number>[] = [];
try {
  for (let r = 0; r < Number(values.runs); r++) runs.push(await once());
} finally {
  await stopBenchPostgres();
}
process.stdout.write(`fulfilment of ${ORDERS} ${NUMBERS === 1 ? 'one-number orders' : `orders of ${NUMBERS} numbers`} (${cluster ? 'PostgreSQL, ' : ''}${values['random-ids'] ? 'random v4' : 'time-ordered v7'} ids, ${values.scattered ? 'scattered' : 'consecutive'} numbers${values['cache-mib'] === undefined ? '' : `, page cache ${values['cache-mib']} MiB`}${EXISTING > 0 ? `, ${EXISTING} records already held or released${values['keep-cache'] ? ' (their pages cached)' : ''}` : ''}) in batches of ${BATCH}, CPU µs (page faults) per order (median of ${runs.length}); node ${process.version}\n\n| step | ${runs.map((_, i) => `run ${i + 1}`).join(' | ')} | median |\n|---|${runs.map(() => '--:|').join('')}--:|\n`);
for (const k of Object.keys(runs[0]!)) process.stdout.write(`| ${k} | ${runs.map((r) => r[k]!.toFixed(k === 'page faults' ? 2 : 1)).join(' | ')} | ${median(runs.map((r) => r[k]!)).toFixed(k === 'page faults' ? 2 : 1)} |\n`);
