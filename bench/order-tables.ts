/**
 * The orders' two tables in three layouts, the queries alone on better-sqlite3 (no server): both rowid tables (before
 * migration 0017, SQLite only), both `WITHOUT ROWID`, and `order_numbers` alone `WITHOUT ROWID` (the schema since 0017). For each:
 * N one-number orders written in transactions of 100 and settled (µs per order), then a get of an order with its
 * numbers (random orders) and a page of 50 orders with their numbers, packed as the repository reads it (random
 * starting points), µs per query. A measurement to run by hand, not part of `npm test`.
 *
 *   node --import tsx bench/order-tables.ts [--orders 1000] [--rounds 3] [--random-ids]
 *
 * `--random-ids`: UUID v4 order ids (as an import may bring) instead of the time-ordered ones the order service gives.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { median } from './stats.ts';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' }, 'random-ids': { type: 'boolean', default: false } } });
const ORDERS = Number(values.orders);
const ACCOUNT = '123456789012';
const LAYOUTS = { rowid: [false, false], 'both without rowid': [true, true], 'order_numbers without rowid': [false, true] } as const;

const micros = (since: bigint, count: number): number => Number(process.hrtime.bigint() - since) / count / 1000;

function layout(dir: string, name: string, [ordersClustered, numbersClustered]: readonly [boolean, boolean]) {
  const db = new Database(join(dir, `${name.replaceAll(' ', '-')}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table orders (id text primary key not null, account_id text not null, product_type text not null, status text not null,
      created_at integer not null, updated_at integer not null, name text)${ordersClustered ? ' without rowid' : ''};
    create table order_numbers (order_id text not null references orders (id), position integer not null, e164 text not null,
      status text not null, failure_reason text, primary key (order_id, position))${numbersClustered ? ' without rowid' : ''};
    create index order_numbers_e164 on order_numbers (e164, status);
    create index orders_account_created_status on orders (account_id, created_at, id, status);
    create index orders_account_status_created on orders (account_id, status, created_at);`);
  const insertOrder = db.prepare('insert into orders values (?, ?, ?, ?, ?, ?, null)');
  const insertNumber = db.prepare('insert into order_numbers values (?, ?, ?, ?, null)');
  const settleNumber = db.prepare(`update order_numbers set status = 'Acquired' where order_id = ? and position = ?`);
  const settleOrder = db.prepare(`update orders set status = 'Successful', updated_at = ? where id = ?`);
  const ids: string[] = [];
  const times: number[] = [];
  let since = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i += 100) {
    db.transaction(() => {
      for (let j = i; j < Math.min(ORDERS, i + 100); j++) {
        const at = 1_700_000_000_000 + j;
        const id = values['random-ids'] ? randomUUID() : at.toString(16).padStart(12, '0') + randomUUID().slice(12);
        ids.push(id);
        times.push(at);
        insertOrder.run(id, ACCOUNT, 'VoiceConnector', 'Processing', at, at);
        insertNumber.run(id, 0, `+1206${String(2_000_000 + j)}`, 'Processing');
      }
    })();
  }
  const insert = micros(since, ORDERS);
  since = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i += 100) {
    db.transaction(() => {
      for (let j = i; j < Math.min(ORDERS, i + 100); j++) {
        settleNumber.run(ids[j], 0);
        settleOrder.run(2_000_000_000_000, ids[j]);
      }
    })();
  }
  const settle = micros(since, ORDERS);
  const get = db.prepare(`select o.id, o.account_id, o.product_type, o.status, o.created_at, o.updated_at, o.name, n.e164, n.status, n.failure_reason
    from orders o left join order_numbers n on n.order_id = o.id where o.account_id = ? and o.id = ? order by n.position`);
  const page = db.prepare(`select json_array(o.id, o.account_id, o.product_type, o.status, o.created_at, o.updated_at, o.name, n.e164, n.status, n.failure_reason) as packed
    from (select * from orders where account_id = ? and (created_at, id) > (?, ?) order by created_at, id limit 50) as o
    left join order_numbers n on n.order_id = o.id order by o.created_at, o.id`);
  return {
    insert,
    settle,
    get(count: number): number {
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) get.all(ACCOUNT, ids[(i * 7919) % ids.length]);
      return micros(start, count);
    },
    page(count: number): number {
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i++) {
        const at = (i * 7919) % Math.max(1, ids.length - 60);
        page.all(ACCOUNT, times[at], ids[at]);
      }
      return micros(start, count);
    },
    close: () => db.close(),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'dialtone-order-tables-'));
try {
  const built = Object.entries(LAYOUTS).map(([name, clustered]) => ({ name, tables: layout(dir, name, clustered) }));
  const gets = new Map<string, number[]>();
  const pages = new Map<string, number[]>();
  // Rounds alternate the layouts, so that a drift of the machine's speed touches each alike.
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const { name, tables } of built) {
      gets.set(name, [...(gets.get(name) ?? []), tables.get(100_000)]);
      pages.set(name, [...(pages.get(name) ?? []), tables.page(10_000)]);
    }
  }
  console.log(`${ORDERS.toLocaleString('en-US')} one-number orders, ${values['random-ids'] ? 'random' : 'time-ordered'} ids; µs (gets and pages: medians of ${values.rounds} rounds)`);
  console.log('| layout | insert | settle | get | page of 50 |\n|---|--:|--:|--:|--:|');
  for (const { name, tables } of built) {
    console.log(`| ${name} | ${tables.insert.toFixed(2)} | ${tables.settle.toFixed(2)} | ${median(gets.get(name)!).toFixed(2)} | ${median(pages.get(name)!).toFixed(2)} |`);
    tables.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
