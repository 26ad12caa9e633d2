/**
 * The quota counters (`account_usage`: owned numbers, numbers on order, orders in Processing) as every `Storage`
 * adapter must keep them: after any mix of creates (some refused by a quota, some run concurrently), fulfilment with
 * carrier refusals and numbers another account holds, deletions, restores, releases and retention, each account's
 * counters equal a recount of its rows, and concurrent creates never take an account past its quotas. Driven by the
 * real order service, job queue and fulfilment over the storage under test, on a manual clock. Dialect-free: every
 * run uses fresh accounts and numbers, so it also runs on a shared database.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { classifyNumber } from '../../src/domain/numbers/number-rules.ts';
import { SimulatedCarrier } from '../../src/carrier/simulated-carrier.ts';
import { JobQueue } from '../../src/domain/jobs/job-queue.ts';
import { FULFIL_ORDER, FulfilmentService, fulfilmentWrites, type FulfilmentWrites } from '../../src/domain/orders/fulfilment.ts';
import { OrderService } from '../../src/domain/orders/order-service.ts';
import type { AccountQuotas } from '../../src/domain/ports/quotas.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { DomainError } from '../../src/domain/shared/domain-error.ts';
import { cryptoIds } from '../../src/domain/shared/ids.ts';
import { PageTokens } from '../../src/domain/shared/page-tokens.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { heldAsListed } from './overview-contract.ts';

const T0 = Date.UTC(2026, 6, 1);
const DAY = 86_400_000;
const QUOTAS: AccountQuotas = { maxNumbersPerOrder: 3, maxPhoneNumbersPerAccount: 6, maxProcessingOrdersPerAccount: 3 };
const POOL = 10;

type Step =
  | { kind: 'create'; account: number; numbers: number[]; invocation?: number }
  | { kind: 'concurrent'; account: number; creates: number[][] }
  | { kind: 'fulfil'; limit: number }
  | { kind: 'delete'; account: number; number: number }
  | { kind: 'restore'; account: number; number: number }
  | { kind: 'advance'; days: number }
  | { kind: 'sweep' }
  | { kind: 'retention'; days: number };

const numbersArb = fc.uniqueArray(fc.nat(POOL - 1), { minLength: 1, maxLength: 3 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('create' as const), account: fc.nat(1), numbers: numbersArb, invocation: fc.option(fc.nat(2), { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('concurrent' as const), account: fc.nat(1), creates: fc.array(numbersArb, { minLength: 2, maxLength: 5 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('fulfil' as const), limit: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), account: fc.nat(1), number: fc.nat(POOL - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), account: fc.nat(1), number: fc.nat(POOL - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'sweep' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retention' as const), days: fc.integer({ min: 0, max: 5 }) }) },
);

/** Declares the counters contract; `open` gives a ready storage (closed by the contract), `runs` fast-check runs. */
export function runUsageCountersContract(name: string, open: () => Promise<Storage>, runs = 25): void {
  describe(`${name}: quota counters`, () => {
    it('equal a recount after any mix of creates, fulfilment, deletions, restores, releases and retention', async () => {
      const storage = await open();
      try {
        await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40 }), (steps) => play(storage, steps)), { numRuns: runs });
      } finally {
        await storage.close();
      }
    });
  });
}

/** POOL valid numbers of a random +1 303 exchange (every run its own block); the first two are refused by the carrier. */
function freshNumbers(): string[] {
  for (;;) {
    const block = `+1303${randomInt(200, 999)}${randomInt(0, 999).toString().padStart(3, '0')}`;
    const pool = Array.from({ length: POOL }, (_, i) => `${block}${i}`);
    if (pool.every((e164) => classifyNumber(e164).valid)) return pool;
  }
}

async function play(storage: Storage, steps: Step[]): Promise<void> {
  const accounts = [0, 1].map(() => String(randomInt(1e11, 1e12 - 1)));
  const pool = freshNumbers();
  const clock = new ManualClock(T0);
  const orders = new OrderService({
    orders: storage.orders,
    // The adapter's own intake where it has one (SQLite: group commit, which the concurrent creates share).
    ...(storage.orderIntake ? { intake: storage.orderIntake } : {}),
    unitOfWork: narrowed(storage, (r) => ({ orders: r.orders, usage: r.usage, jobs: r.jobs, events: r.events, orderInvocations: r.orderInvocations })),
    clock,
    ids: cryptoIds,
    tokens: new PageTokens(Buffer.alloc(32, 7)),
    limits: QUOTAS,
    quotas: { quotasOf: () => Promise.resolve(QUOTAS) },
    invocationWindowMs: 60_000,
  });
  const fulfilment = new FulfilmentService({
    orders: storage.orders,
    phoneNumbers: storage.phoneNumbers,
    carrier: new SimulatedCarrier({ latencyMs: 0, failNumbers: pool.slice(0, 2), failPrefixes: [], failRate: 0, seed: 's', inPool: () => true }),
    clock,
    ids: cryptoIds,
    agingMs: DAY,
    describe: () => ({ country: 'US', type: 'Local' }),
  });
  const queue = new JobQueue<FulfilmentWrites>({
    jobs: storage.jobs,
    unitOfWork: narrowed(storage, fulfilmentWrites),
    clock,
    owner: `counters-${accounts[0]}`,
    leaseMs: 60_000,
    handlers: { [FULFIL_ORDER]: (jobs, fence) => fulfilment.run(jobs, fence).then(() => undefined) },
  });
  const create = async (account: string, numbers: number[], invocationId?: string): Promise<void> => {
    try {
      await orders.create(account, 'VoiceConnector', numbers.map((i) => pool[i]!), invocationId === undefined ? {} : { invocationId });
    } catch (error) {
      // Refused by a quota or a reused invocation id: nothing was written.
      if (!(error instanceof DomainError)) throw error;
    }
  };

  for (const step of steps) {
    const account = 'account' in step ? accounts[step.account]! : '';
    switch (step.kind) {
      case 'create':
        await create(account, step.numbers, step.invocation === undefined ? undefined : `call-${step.invocation}`);
        break;
      case 'concurrent':
        await Promise.all(step.creates.map((numbers) => create(account, numbers)));
        break;
      case 'fulfil': {
        // A few of this run's due jobs; the others (and any of another run) go back untouched.
        const claimed = await queue.claim(100);
        const mine = claimed.filter((job) => accounts.includes(job.accountId)).slice(0, step.limit);
        await queue.giveBack(claimed.filter((job) => !mine.includes(job)));
        await queue.dispatch(mine);
        break;
      }
      case 'delete':
        await storage.phoneNumbers.queueDeletion(account, pool[step.number]!, { at: clock.now(), deletionAt: new Date(clock.now().getTime() + 2 * DAY) });
        break;
      case 'restore':
        await storage.phoneNumbers.restore(account, pool[step.number]!, clock.now());
        break;
      case 'advance':
        clock.advance(step.days * DAY);
        break;
      case 'sweep':
        await storage.phoneNumbers.releaseDue(clock.now(), 100);
        break;
      case 'retention':
        await storage.orders.pruneFinished(new Date(clock.now().getTime() - step.days * DAY), 100);
        break;
    }
    for (const a of accounts) {
      const counted = await storage.usage.recount(a);
      assert.deepEqual(await storage.usage.usageOf(a), counted, `after ${JSON.stringify(step)}`);
      assert.ok(counted.processingOrders <= QUOTAS.maxProcessingOrdersPerAccount, `orders in Processing past the quota after ${JSON.stringify(step)}`);
      assert.ok(counted.ownedNumbers + counted.numbersOnOrder <= QUOTAS.maxPhoneNumbersPerAccount, `numbers past the quota after ${JSON.stringify(step)}`);
      // The overview's numbers (SQLite: its counters) are the numbers the API lists.
      const window = { since: new Date(T0), until: new Date(T0 + DAY), bucketSeconds: 3600 };
      const { numbers } = await storage.overview.overview(a, window, clock.now());
      assert.deepEqual(numbers, await heldAsListed(storage, a, clock.now()), `overview numbers after ${JSON.stringify(step)}`);
    }
  }
}

/** The migration before the order counters. */
export const BEFORE_ORDER_COUNTERS = '0009-associations';
const OLD_ACCOUNT = '700700700700';

/**
 * Migrates `db` to 0009 only and writes orders as an older dialtone left them: two in Processing (one half settled),
 * one finished, and an owned number.
 */
export async function writeOrdersBeforeCounters(db: Kysely<unknown>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error } = await migrator.migrateTo(BEFORE_ORDER_COUNTERS);
  if (error !== undefined) throw error;
  const orders = [
    ['0e3d2c1b-0000-4bbb-8ccc-000000000001', 'Processing', ['Processing', 'Processing']],
    ['0e3d2c1b-0000-4bbb-8ccc-000000000002', 'Processing', ['Acquired', 'Processing', 'Failed']],
    ['0e3d2c1b-0000-4bbb-8ccc-000000000003', 'Successful', ['Acquired']],
  ] as const;
  let n = 0;
  for (const [id, status, numbers] of orders) {
    await sql`insert into orders (id, account_id, product_type, status, created_at, updated_at)
      values (${id}, ${OLD_ACCOUNT}, 'VoiceConnector', ${status}, ${T0}, ${T0})`.execute(db);
    for (const [position, numberStatus] of numbers.entries()) {
      await sql`insert into order_numbers (order_id, position, e164, status) values (${id}, ${position}, ${`+1206555070${n++}`}, ${numberStatus})`.execute(db);
    }
  }
  await sql`insert into phone_numbers (e164, account_id, order_id, status, active, product_type, number_type, country, created_at, updated_at)
    values ('+12065550709', ${OLD_ACCOUNT}, null, 'Unassigned', 1, 'VoiceConnector', 'Local', 'US', ${T0}, ${T0})`.execute(db);
}

/** After the migration: the counters hold what the rows say, and move with the next writes. */
export async function assertCountersInitialised(storage: Storage): Promise<void> {
  const expected = { ownedNumbers: 1, numbersOnOrder: 3, processingOrders: 2 };
  assert.deepEqual(await storage.usage.recount(OLD_ACCOUNT), expected);
  assert.deepEqual(await storage.usage.usageOf(OLD_ACCOUNT), expected);
  await storage.orders.settle(OLD_ACCOUNT, '0e3d2c1b-0000-4bbb-8ccc-000000000002', {
    numbers: [{ e164: '+12065550703', status: 'Acquired' }],
    status: 'Partial',
    at: new Date(T0 + 1),
  });
  assert.deepEqual(await storage.usage.usageOf(OLD_ACCOUNT), { ownedNumbers: 1, numbersOnOrder: 2, processingOrders: 1 });
}
