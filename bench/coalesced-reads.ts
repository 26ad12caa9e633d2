/**
 * PostgreSQL's coalesced reads by themselves (a measurement to run by hand; not part of `npm test` or `npm run
 * bench`): `--listers` concurrent loops in this process read through the storage, each read waiting for its answer
 * before the next, as the requests of that many connections would; once through the phone-number repository, which
 * coalesces the reads of one turn (src/storage/coalesced-reads.ts), and once through the same query alone per read.
 * Reported per read: this process's CPU (user + system) and the cluster's (every process of the bench's embedded
 * PostgreSQL), and reads per second. Kinds: `numbers-list` (a ListPhoneNumbers page of 51 of an account's 1,000
 * numbers), `number-get` (GetPhoneNumber's read of one number with its association), `orders-list` (a
 * ListPhoneNumberOrders page of 11 of an account's 1,000 orders of one number each) and `order-get` (GetPhoneNumberOrder's
 * read of one of them); the order kinds through the order repository only (it coalesces every read outside a
 * transaction on PostgreSQL). No HTTP, no SigV4.
 *
 *   node --import tsx bench/coalesced-reads.ts [--reads 10000] [--rounds 3] [--listers 50]
 *     [--kinds numbers-list,number-get,orders-list,order-get]
 */
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { getShownNumber } from '../src/storage/kysely/number-rows.ts';
import { listListed } from '../src/storage/kysely/number-list-queries.ts';
import { KyselyOrderRepository } from '../src/storage/kysely/order-repository.ts';
import { KyselyPhoneNumberRepository } from '../src/storage/kysely/phone-number-repository.ts';
import type { DatabaseSchema } from '../src/storage/kysely/schema.ts';
import { openPostgresStorage } from '../src/storage/postgres/open-postgres-storage.ts';
import { benchPostgres, stopBenchPostgres } from './postgres.ts';

const { values: args } = parseArgs({
  options: {
    reads: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    listers: { type: 'string', default: '50' },
    kinds: { type: 'string', default: 'numbers-list,number-get,orders-list,order-get' },
  },
});
const READS = Number(args.reads);
const LISTERS = Number(args.listers);
const ACCOUNT = '111111111111';
const NUMBERS = 1_000;
const e164 = (i: number): string => `+1206555${String(i).padStart(4, '0')}`;

const cluster = await benchPostgres(undefined);
const url = await cluster.newDatabase();
await (await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 30_000 })).close();
const pool = new pg.Pool({ connectionString: url, max: 10 });
const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
try {
  await pool.query(
    `insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at, released_at)
     select '+1206555' || lpad(i::text, 4, '0'), $1, null, 'Unassigned', 1, 'VoiceConnector', 'Local', 'US', i, i, null
     from generate_series(0, ${NUMBERS - 1}) as i`,
    [ACCOUNT],
  );
  // 1,000 orders of one number each (another block of numbers), created a second apart, ids in creation order.
  await pool.query(
    `insert into orders (id, account_id, product_type, name, status, created_at, updated_at)
     select 'order-' || lpad(i::text, 4, '0'), $1, 'VoiceConnector', case when i % 3 = 0 then 'front desk' end, 'Successful', 1000 * i, 1000 * i + 1
     from generate_series(0, ${NUMBERS - 1}) as i`,
    [ACCOUNT],
  );
  await pool.query(
    `insert into order_numbers (order_id, position, e164, status, failure_reason)
     select 'order-' || lpad(i::text, 4, '0'), 0, '+1206556' || lpad(i::text, 4, '0'), 'Acquired', null from generate_series(0, ${NUMBERS - 1}) as i`,
  );
  await pool.query('analyze');
  const repository = new KyselyPhoneNumberRepository(db, 'postgres');
  const orders = new KyselyOrderRepository(db, 'postgres');
  const now = new Date();
  let picked = 0;
  const someNumber = (): string => e164((picked = (picked + 7919) % NUMBERS));
  const someOrder = (): string => `order-${String((picked = (picked + 7919) % NUMBERS)).padStart(4, '0')}`;
  const kinds: Record<string, Partial<Record<'coalesced' | 'alone', () => Promise<unknown>>>> = {
    'numbers-list': {
      coalesced: () => repository.listListed(ACCOUNT, { limit: 51, now }),
      alone: () => listListed(db, ACCOUNT, { limit: 51, now }, false),
    },
    'number-get': {
      coalesced: () => repository.getShown(ACCOUNT, someNumber()),
      alone: () => getShownNumber(db, ACCOUNT, someNumber()),
    },
    'orders-list': { coalesced: () => orders.list(ACCOUNT, { limit: 11 }) },
    'order-get': { coalesced: () => orders.get(ACCOUNT, someOrder()) },
  };
  for (let round = 1; round <= Number(args.rounds); round++) {
    for (const kind of args.kinds.split(',')) {
      for (const [way, read] of Object.entries(kinds[kind] ?? {})) {
        const pass = async (): Promise<void> => {
          let started = 0;
          const loop = async (): Promise<void> => {
            while (started < READS) {
              started++;
              if ((await read()) === undefined) throw new Error(`${kind}: nothing read`);
            }
          };
          await Promise.all(Array.from({ length: LISTERS }, loop));
        };
        await pass(); // warm-up
        const cpu = process.cpuUsage();
        const pgBefore = cluster.cpuSeconds() ?? 0;
        const t0 = performance.now();
        await pass();
        const seconds = (performance.now() - t0) / 1000;
        const used = process.cpuUsage(cpu);
        const pgUs = ((cluster.cpuSeconds() ?? 0) - pgBefore) * 1e6;
        console.log(
          `round ${round} ${kind.padEnd(12)} ${way.padEnd(9)} µs per read: node ${((used.user + used.system) / READS).toFixed(1)}, PostgreSQL ${(pgUs / READS).toFixed(1)}; ${Math.round(READS / seconds)} reads/s`,
        );
      }
    }
  }
} finally {
  await db.destroy();
  await stopBenchPostgres();
}
