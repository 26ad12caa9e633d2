/**
 * PostgreSQL's group commit of creates (src/storage/postgres/group-commit-intake.ts), through the order service on a
 * real database, watched from a connection of the test's own: a create is answered only once its order is committed,
 * creates that arrive together share a transaction, quotas and invocation-id retries decide as if the creates had run
 * one at a time, a create refused inside the batch answers its own error and leaves the others stored, a batch whose
 * statements or COMMIT fail answers each create with its own outcome, and several nodes creating for one account at
 * once keep the quota exact and the counters equal to a recount. The cases every adapter shares are in
 * test/storage/group-commit-contract.ts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Order } from '../../src/domain/orders/order.ts';
import type { OrderService } from '../../src/domain/orders/order-service.ts';
import type { OrderIntake, OrderPlacement } from '../../src/domain/ports/order-intake.ts';
import type { AccountQuotas } from '../../src/domain/ports/quotas.ts';
import { DomainError } from '../../src/domain/shared/domain-error.ts';
import type { DatabaseSchema } from '../../src/storage/kysely/schema.ts';
import { PostgresGroupCommitIntake } from '../../src/storage/postgres/group-commit-intake.ts';
import { createPostgresPool, openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { isTransientStorageError } from '../../src/storage/transient-error.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { createDatabase, freshDatabase, restartablePostgres, stopPostgres } from '../support/postgres.ts';
import { ALICE, BOB, QUOTAS, number, orderService, runGroupCommitContract, settled } from '../storage/group-commit-contract.ts';

after(stopPostgres);

const REFUSING = '999999999999';

let url: string;
let storage: Storage;
/** The test's own connections: they see only what has been committed. */
let probe: pg.Pool;

beforeEach(async () => {
  url = await freshDatabase('group_commit');
  storage = await openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 10_000 });
  probe = new pg.Pool({ connectionString: url, max: 3 });
});
afterEach(async () => {
  await probe.end();
  await storage.close();
});

function service(options: { on?: Storage; quotas?: AccountQuotas } = {}): OrderService {
  return orderService(options.on ?? storage, options);
}

const count = async (query: string, values: unknown[] = []): Promise<number> => Number((await probe.query<{ n: string }>(query, values)).rows[0]!.n);
const storedOrders = (accountId: string): Promise<number> => count('select count(*) n from orders where account_id = $1', [accountId]);

/** Waits until one of dialtone's connections waits for a lock (the test's). */
async function untilWaitingForLock(): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const waiting = await count(`select count(*) n from pg_stat_activity where application_name = 'dialtone' and wait_event_type = 'Lock'`);
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no create waited for the lock');
}

describe('group commit of creates on PostgreSQL', () => {
  runGroupCommitContract(() => ({
    storage,
    committed: async (orderId) => (await count('select count(*) n from orders where id = $1', [orderId])) === 1,
    storedOrders,
  }));

  it('answers no create before its batch has committed, and stores creates that arrive together in few transactions', async () => {
    const orders = service();
    // The test holds a lock that the batch's writes need: the creates cannot commit until it lets go.
    const holder = await probe.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table jobs in share mode');
      let answered = 0;
      const creates = Array.from({ length: 200 }, (_, i) => orders.create(i % 2 ? ALICE : BOB, 'VoiceConnector', [number(i)]).finally(() => answered++));
      await untilWaitingForLock();
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(answered, 0, 'no create answered while its batch could not write');
      await holder.query('commit');
      const { orders: created, errors } = await settled(creates);
      assert.deepEqual(errors, []);
      assert.equal(created.length, 200);
    } finally {
      holder.release();
    }
    assert.equal((await storedOrders(ALICE)) + (await storedOrders(BOB)), 200);
    assert.equal(await count('select count(*) n from jobs'), 200, 'each order with its fulfilment job');
    assert.equal(await count('select count(*) n from order_numbers'), 200, 'and its number');
    // Each transaction's id marks the rows it wrote.
    const transactions = await count('select count(distinct xmin::text) n from orders');
    assert.ok(transactions < 20, `200 creates at once were committed in ${transactions} transactions`);
    for (const account of [ALICE, BOB]) assert.deepEqual(await storage.usage.usageOf(account), await storage.usage.recount(account));
  });

  it('bounds a batch by its numbers: large orders that arrive together take several transactions, and all are stored', async () => {
    const orders = service({ quotas: { maxNumbersPerOrder: 1_000, maxPhoneNumbersPerAccount: 100_000, maxProcessingOrdersPerAccount: 100 } });
    // 12 orders of 1,000 numbers: 12,000 numbers, more than one batch may hold (10,000).
    const creates = Array.from({ length: 12 }, (_, c) =>
      orders.create(ALICE, 'VoiceConnector', Array.from({ length: 1_000 }, (_, j) => `+1206${300 + c}${1_000 + j}`)),
    );
    const { orders: created, errors } = await settled(creates);
    assert.deepEqual(errors, []);
    assert.equal(created.length, 12);
    assert.equal(await count('select count(*) n from order_numbers'), 12_000);
    const transactions = await count('select count(distinct xmin::text) n from orders');
    assert.ok(transactions >= 2 && transactions < 12, `12 large creates at once were committed in ${transactions} transactions`);
    assert.deepEqual(await storage.usage.usageOf(ALICE), await storage.usage.recount(ALICE));
  });

  it('stores each create with its event, numbered per account without gaps, and announces the commit', async () => {
    const orders = service();
    const heard: string[] = [];
    storage.eventCommits.onCommitted((accounts) => heard.push(...accounts));
    const creates = Array.from({ length: 40 }, (_, i) => orders.create(i % 2 ? ALICE : BOB, 'VoiceConnector', [number(i)]));
    const { orders: created, errors } = await settled(creates);
    assert.deepEqual(errors, []);
    for (const account of [ALICE, BOB]) {
      const events = await storage.events.after(account, { afterSeq: 0, limit: 100 });
      assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 20 }, (_, i) => i + 1));
      assert.ok(events.every((e) => e.type === 'Phone Number Order Created'));
      const mine = created.filter((o) => o.accountId === account).map((o) => o.id).sort();
      assert.deepEqual(events.map((e) => (e.detail as { PhoneNumberOrderId: string }).PhoneNumberOrderId).sort(), mine, 'one event per order, of its account');
    }
    assert.ok(heard.includes(ALICE) && heard.includes(BOB));
  });

  it('counts the numbers on order across the batch: a quota of numbers is met exactly', async () => {
    const orders = service({ quotas: { ...QUOTAS, maxPhoneNumbersPerAccount: 25 } });
    // Orders of 3 numbers: 8 fit (24 numbers), the 9th would make 27.
    const creates = Array.from({ length: 15 }, (_, i) => orders.create(ALICE, 'VoiceConnector', [number(3 * i), number(3 * i + 1), number(3 * i + 2)]));
    const { orders: created, errors } = await settled(creates);
    assert.equal(created.length, 8);
    assert.equal(errors.length, 7);
    for (const error of errors) assert.match(String(error), /would bring the account to 27 phone numbers \(0 owned, 24 on order, 3 in this order\)/);
    assert.deepEqual(await storage.usage.usageOf(ALICE), { ownedNumbers: 0, numbersOnOrder: 24, processingOrders: 8 });
    assert.deepEqual(await storage.usage.usageOf(ALICE), await storage.usage.recount(ALICE));
  });

  it("counts a batch's unchecked creates in the quota checks after them", async () => {
    // Two services on one intake, one without quotas (as an import would store orders): their creates share a batch.
    const checked = service({ quotas: { ...QUOTAS, maxProcessingOrdersPerAccount: 5 } });
    const unchecked = orderService(storage, { quotas: null });
    const creates = [
      ...Array.from({ length: 3 }, (_, i) => unchecked.create(ALICE, 'VoiceConnector', [number(i)])),
      ...Array.from({ length: 10 }, (_, i) => checked.create(ALICE, 'VoiceConnector', [number(10 + i)])),
    ];
    const { orders: created, errors } = await settled(creates);
    assert.equal(created.length, 5, 'the three unchecked and two checked: five in Processing');
    assert.equal(errors.length, 8);
    assert.equal(await storedOrders(ALICE), 5);
    assert.deepEqual(await storage.usage.usageOf(ALICE), await storage.usage.recount(ALICE));
  });

  it('answers a create whose statement fails with its error, and stores the others of its batch', async () => {
    // A real failure of one create's insert: a trigger that refuses one account. It fails the batch's statement; the
    // batch is rolled back and its creates are stored one by one.
    await probe.query(`create function refuse_account() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test'; end $$`);
    await probe.query(`create trigger refuse_account before insert on orders for each row when (new.account_id = '${REFUSING}')
      execute function refuse_account()`);
    const orders = service();
    const creates = Array.from({ length: 30 }, (_, i) => orders.create(i % 3 === 0 ? REFUSING : ALICE, 'VoiceConnector', [number(i)]));
    await assertEachAnswered(creates);
  });

  it('answers each create of a batch whose COMMIT the server refused with its own outcome', async () => {
    // A deferred constraint trigger: checked at COMMIT, where it fails the whole batch's transaction.
    await probe.query(`create function refuse_at_commit() returns trigger language plpgsql as $$
      begin raise exception 'refused by the test'; end $$`);
    await probe.query(`create constraint trigger refuse_at_commit after insert on orders deferrable initially deferred
      for each row when (new.account_id = '${REFUSING}') execute function refuse_at_commit()`);
    const orders = service();
    const creates = Array.from({ length: 30 }, (_, i) => orders.create(i % 3 === 0 ? REFUSING : ALICE, 'VoiceConnector', [number(i)]));
    await assertEachAnswered(creates);
  });

  it('answers every create of a failed batch even when storing them one by one throws', async () => {
    // A batch whose write fails (an order id already stored: a unique violation) goes one by one; that path throws
    // here before it returns a promise. Each create is still answered, with that error, and the intake goes on.
    const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 5_000 }) }) });
    try {
      const broken = new Error('the one-by-one path broke');
      const intake = new PostgresGroupCommitIntake(db, {
        place: () => {
          throw broken;
        },
      });
      const taken = (await orderService(storage).create(ALICE, 'VoiceConnector', [number(0)])).id;
      const at = new Date(Date.UTC(2026, 7, 1));
      const placement = (id: string, i: number): OrderPlacement => ({
        order: { id, accountId: ALICE, productType: 'VoiceConnector', status: 'Processing', numbers: [{ e164: number(i), status: 'Processing' }], createdAt: at, updatedAt: at },
        events: [],
        job: { id, kind: 'fulfil-order', accountId: ALICE, runAt: at },
      });
      const failed = await Promise.allSettled([placement(randomUUID(), 1), placement(taken, 2), placement(randomUUID(), 3)].map((p) => intake.place(p)));
      assert.deepEqual(failed.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
      for (const r of failed) assert.equal((r as PromiseRejectedResult).reason, broken);
      assert.deepEqual(await intake.place(placement(randomUUID(), 4)), { placed: true }, 'the next batch is stored');
      assert.equal(await storedOrders(ALICE), 2);
    } finally {
      await db.destroy();
    }
  });

  it('keeps a quota exact and the counters equal to a recount while several nodes create for one account at once', async () => {
    const quotas = { ...QUOTAS, maxProcessingOrdersPerAccount: 40 };
    const nodes = [storage, await openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 10_000 }), await openPostgresStorage({ url, poolSize: 4, statementTimeoutMs: 10_000 })];
    try {
      const services = nodes.map((on) => service({ on, quotas }));
      // 90 creates over three nodes, some of them retries of one call sent to every node.
      const creates = Array.from({ length: 90 }, (_, i) =>
        services[i % 3]!.create(ALICE, 'VoiceConnector', i % 10 === 0 ? [number(999)] : [number(i)], i % 10 === 0 ? { invocationId: 'shared-call' } : {}),
      );
      const { orders: created, errors } = await settled(creates);
      for (const error of errors) assert.ok(error instanceof DomainError && error.kind === 'limit-exceeded', String(error));
      const retried = created.filter((o) => o.numbers[0]!.e164 === number(999));
      assert.ok(retried.length === 0 || new Set(retried.map((o) => o.id)).size === 1, 'the retries of one call answer one order');
      assert.equal(await storedOrders(ALICE), 40, 'exactly the quota, across nodes');
      assert.equal(new Set(created.map((o) => o.id)).size, 40, 'every stored order was answered');
      assert.deepEqual(await storage.usage.usageOf(ALICE), await storage.usage.recount(ALICE));
    } finally {
      await Promise.all(nodes.slice(1).map((n) => n.close()));
    }
  });
});

describe('group commit of creates on PostgreSQL, with the database away', () => {
  it('answers each create of a batch that cannot reach the database with the retryable error once, and stores them once it is back', async () => {
    const postgres = await restartablePostgres();
    try {
      const url = await createDatabase(postgres, 'group_commit_outage');
      await (await openPostgresStorage({ url, poolSize: 2, statementTimeoutMs: 5_000 })).close();
      const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: createPostgresPool({ url, poolSize: 2, statementTimeoutMs: 5_000, connectTimeoutMs: 1_000 }) }) });
      let oneByOne = 0;
      const fallback: OrderIntake = {
        place: () => {
          oneByOne++;
          return Promise.reject(new Error('not expected: the creates one by one'));
        },
      };
      const intake = new PostgresGroupCommitIntake(db, fallback);
      const at = new Date(Date.UTC(2026, 7, 1));
      const placement = (i: number): OrderPlacement => {
        const id = randomUUID();
        return {
          order: { id, accountId: ALICE, productType: 'VoiceConnector', status: 'Processing', numbers: [{ e164: number(i), status: 'Processing' }], createdAt: at, updatedAt: at },
          events: [],
          job: { id, kind: 'fulfil-order', accountId: ALICE, runAt: at },
        };
      };
      try {
        await postgres.stop();
        const away = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => intake.place(placement(i))));
        for (const r of away) {
          assert.equal(r.status, 'rejected');
          assert.ok(isTransientStorageError((r as PromiseRejectedResult).reason), String((r as PromiseRejectedResult).reason));
        }
        assert.equal(oneByOne, 0, 'the creates were not tried again one by one');
        await postgres.start();
        const back = await Promise.all(Array.from({ length: 20 }, (_, i) => intake.place(placement(100 + i))));
        assert.ok(back.every((outcome) => outcome.placed));
        const probe = new pg.Client({ connectionString: url });
        await probe.connect();
        try {
          assert.equal(Number((await probe.query<{ n: string }>('select count(*) n from orders')).rows[0]!.n), 20, 'only the creates made once it was back');
        } finally {
          await probe.end();
        }
      } finally {
        await db.destroy();
      }
    } finally {
      await postgres.destroy();
    }
  });
});

/** Of 30 creates, every third (REFUSING's) fails with the test's refusal; the others are created and stored. */
async function assertEachAnswered(creates: Promise<Order>[]): Promise<void> {
  const results = await Promise.allSettled(creates);
  for (const [i, r] of results.entries()) {
    if (i % 3 === 0) {
      assert.equal(r.status, 'rejected');
      assert.match(String((r as PromiseRejectedResult).reason), /refused by the test/);
    } else {
      assert.equal(r.status, 'fulfilled', String((r as PromiseRejectedResult).reason));
      assert.equal(await count('select count(*) n from orders where id = $1', [(r as PromiseFulfilledResult<Order>).value.id]), 1);
    }
  }
  assert.equal(await storedOrders(REFUSING), 0);
  assert.equal(await storedOrders(ALICE), 20);
  assert.equal(await count('select count(*) n from order_numbers'), 20, 'nothing of a refused create is left');
  assert.equal(await count('select count(*) n from jobs'), 20);
  assert.deepEqual(await storage.usage.usageOf(ALICE), await storage.usage.recount(ALICE));
}
