/**
 * The SQLite writes of a create on their own, in process: the real schema (src/storage/sqlite/latest-schema.ts), the
 * group commit's statements (an order, its number, its job, its event) for N creates in batches of B, each create in
 * a savepoint of the batch's transaction (as group-commit-intake.ts runs them) or not, with the statement journal in a
 * temporary file (`temp_store = DEFAULT`) or in memory, and order ids random (UUID v4) or time-ordered. Reports wall
 * time per statement and per commit, and the process's CPU (user / system) per create. Not part of `npm test`.
 *
 *   node --import tsx bench/create-writes.ts [--creates 20000] [--batch 35] [--rounds 3]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA } from '../src/storage/sqlite/latest-schema.ts';
import { median } from './stats.ts';

const { values: args } = parseArgs({
  options: { creates: { type: 'string', default: '20000' }, batch: { type: 'string', default: '35' }, rounds: { type: 'string', default: '3' } },
});
const [CREATES, BATCH, ROUNDS] = [Number(args.creates), Number(args.batch), Number(args.rounds)];
const ACCOUNT = '111111111111';

interface Variant {
  name: string;
  savepoints: boolean;
  tempStore: 'DEFAULT' | 'MEMORY';
  ids: 'v4' | 'time-ordered';
}

const VARIANTS: Variant[] = [
  { name: 'savepoints, journal in a file', savepoints: true, tempStore: 'DEFAULT', ids: 'v4' },
  { name: 'savepoints, journal in memory', savepoints: true, tempStore: 'MEMORY', ids: 'v4' },
  { name: 'no savepoints', savepoints: false, tempStore: 'DEFAULT', ids: 'v4' },
  { name: 'savepoints in memory, time-ordered ids', savepoints: true, tempStore: 'MEMORY', ids: 'time-ordered' },
  { name: 'no savepoints, journal in memory, time-ordered ids', savepoints: false, tempStore: 'MEMORY', ids: 'time-ordered' },
];

interface Result {
  statementsUs: number;
  commitUs: number;
  userUs: number;
  systemUs: number;
}

function run(variant: Variant): Result {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-create-writes-'));
  const db = new Database(join(dir, 'bench.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`temp_store = ${variant.tempStore}`);
    for (const statement of LATEST_SCHEMA.statements) db.exec(statement);
    const begin = db.prepare('begin immediate');
    const commit = db.prepare('commit');
    const insertOrder = db.prepare('insert into orders (id, account_id, product_type, name, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)');
    const insertNumber = db.prepare('insert into order_numbers (order_id, position, e164, status, failure_reason) values (?, ?, ?, ?, ?)');
    const insertJob = db.prepare('insert into jobs (id, kind, account_id, run_at, lease_owner, lease_until) values (?, ?, ?, ?, null, null)');
    const insertEvent = db.prepare('insert into events (account_id, seq, id, type, occurred_at, resources, detail) values (?, ?, ?, ?, ?, ?, ?)');
    let seq = 0;
    let tick = 0;
    const id = (): string => {
      if (variant.ids === 'v4') return randomUUID();
      const prefix = (Date.now() * 1000 + (tick++ % 1000)).toString(16).padStart(12, '0');
      return `${prefix.slice(0, 8)}-${prefix.slice(8, 12)}${randomUUID().slice(13)}`;
    };
    const create = (): void => {
      const orderId = id();
      const at = Date.now();
      insertOrder.run(orderId, ACCOUNT, 'SipMediaApplicationDialIn', null, 'Processing', at, at);
      insertNumber.run(orderId, 0, `+1206${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, 'Processing', null);
      insertJob.run(id(), 'fulfil-order', ACCOUNT, at + 500);
      insertEvent.run(ACCOUNT, ++seq, randomUUID(), 'PhoneNumberOrderCreated', at, JSON.stringify([orderId]), JSON.stringify({ orderId, status: 'Processing' }));
    };
    // better-sqlite3 runs a transaction function called inside a transaction as a savepoint.
    const inSavepoint = db.transaction(create);
    let statementsNs = 0n;
    let commitNs = 0n;
    const cpu = process.cpuUsage();
    for (let done = 0; done < CREATES; done += BATCH) {
      begin.run();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i++) (variant.savepoints ? inSavepoint : create)();
      const t1 = process.hrtime.bigint();
      commit.run();
      commitNs += process.hrtime.bigint() - t1;
      statementsNs += t1 - t0;
    }
    const used = process.cpuUsage(cpu);
    const created = Math.ceil(CREATES / BATCH) * BATCH;
    return { statementsUs: Number(statementsNs) / 1000 / created, commitUs: Number(commitNs) / 1000 / created, userUs: used.user / created, systemUs: used.system / created };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = new Map<string, Result[]>(VARIANTS.map((v) => [v.name, []]));
for (let round = 0; round < ROUNDS; round++) for (const variant of VARIANTS) results.get(variant.name)!.push(run(variant));
console.log(`${CREATES} creates in batches of ${BATCH}, medians of ${ROUNDS} rounds (variants alternated), µs per create:`);
console.log('| variant | statements (wall) | commit (wall) | CPU user | CPU system | CPU total |\n|---|--:|--:|--:|--:|--:|');
for (const [name, runs] of results) {
  const m = (pick: (r: Result) => number): string => median(runs.map(pick)).toFixed(1);
  console.log(`| ${name} | ${m((r) => r.statementsUs)} | ${m((r) => r.commitUs)} | ${m((r) => r.userUs)} | ${m((r) => r.systemUs)} | ${m((r) => r.userUs + r.systemUs)} |`);
}
