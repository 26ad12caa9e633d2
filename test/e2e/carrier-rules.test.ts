/**
 * The simulated carrier's configurable refusals and the reason each failed number keeps, through the JS SDK: a seeded
 * `failRate` refuses about that fraction of numbers, the same numbers again for the same seed (on another server) and
 * others for another seed; every failure reason (`not-available`, `already-owned`, `owned-by-another-account`,
 * `carrier-refused`) is recorded on the order's number.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ChimeClient, PhoneNumberOrder } from '@aws-sdk/client-chime';
import { numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { statuses } from '../support/orders.ts';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

/** The numbers of 300 consecutive Seattle numbers that a server with this carrier seed refuses. */
async function refusedWith(carrier: Record<string, unknown>): Promise<{ refused: string[]; ordered: number; reasons: Set<string> }> {
  const server = await startTestServer({ config: { carrier: { latencyMs: 0, ...carrier }, fulfilment: { idleMs: 10 } } });
  const client = chimeClient(server, ALICE);
  try {
    const numbers = numberRange('+12065551000', 300);
    const orders = await orderNumbers(client, 'VoiceConnector', numbers);
    const refused = orders.flatMap((o) => Object.entries(statuses(o)).filter(([, s]) => s === 'Failed').map(([n]) => n)).sort();
    for (const o of orders) assert.equal(o.Status, refused.some((n) => n in statuses(o)) ? 'Partial' : 'Successful');
    return { refused, ordered: numbers.length, reasons: failureReasons(server, orders) };
  } finally {
    client.destroy();
    await server.close();
  }
}

/** The distinct failure reasons recorded for the failed numbers of these orders. */
function failureReasons(server: TestServer, orders: PhoneNumberOrder[]): Set<string> {
  const db = new Database(join(server.dataDir, 'dialtone.sqlite'), { readonly: true });
  try {
    const ids = orders.map((o) => o.PhoneNumberOrderId!);
    const rows = db
      .prepare(`select distinct failure_reason r from order_numbers where status = 'Failed' and order_id in (${ids.map(() => '?').join(',')})`)
      .all(...ids) as { r: string | null }[];
    return new Set(rows.map((row) => String(row.r)));
  } finally {
    db.close();
  }
}

describe('the simulated carrier: failRate and seed', () => {
  it('refuses about failRate of the numbers, as carrier-refused; the same ones for the same seed, others for another seed', async () => {
    const first = await refusedWith({ failRate: 0.25, seed: 'alpha' });
    const fraction = first.refused.length / first.ordered;
    // 300 draws at p = 0.25: the standard deviation is 0.025; the seed makes the draw fixed, so this cannot flake.
    assert.ok(fraction > 0.15 && fraction < 0.35, `refused ${first.refused.length} of ${first.ordered}`);
    assert.deepEqual([...first.reasons], ['carrier-refused']);
    const again = await refusedWith({ failRate: 0.25, seed: 'alpha' });
    assert.deepEqual(again.refused, first.refused, 'the same numbers for the same seed');
    const other = await refusedWith({ failRate: 0.25, seed: 'beta' });
    assert.notDeepEqual(other.refused, first.refused, 'other numbers for another seed');
    const none = await refusedWith({ failRate: 0, seed: 'alpha' });
    assert.deepEqual(none.refused, []);
  });
});

describe('failure reasons on the order', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;

  before(async () => {
    server = await startTestServer({
      config: {
        carrier: { latencyMs: 0, failNumbers: ['+12065550199'] },
        inventory: { pool: ['+1206555'] },
        fulfilment: { idleMs: 10 },
      },
    });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('records not-available, already-owned, owned-by-another-account and carrier-refused per number', async () => {
    const [owned] = await orderNumbers(alice, 'VoiceConnector', ['+12065550100']);
    assert.equal(owned!.Status, 'Successful');
    const [mixed] = await orderNumbers(alice, 'VoiceConnector', ['+12065550100', '+12065550199', '+12125550100', '+12065550101']);
    assert.equal(mixed!.Status, 'Partial');
    assert.deepEqual(statuses(mixed!), { '+12065550100': 'Failed', '+12065550199': 'Failed', '+12125550100': 'Failed', '+12065550101': 'Acquired' });
    const [theirs] = await orderNumbers(bob, 'VoiceConnector', ['+12065550101']);
    assert.equal(theirs!.Status, 'Failed');

    const db = new Database(join(server.dataDir, 'dialtone.sqlite'), { readonly: true });
    try {
      const reasons = (orderId: string): Record<string, string | null> =>
        Object.fromEntries(
          (db.prepare('select e164, failure_reason r from order_numbers where order_id = ?').all(orderId) as { e164: string; r: string | null }[]).map((row) => [row.e164, row.r]),
        );
      assert.deepEqual(reasons(mixed!.PhoneNumberOrderId!), {
        '+12065550100': 'already-owned',
        '+12065550199': 'carrier-refused',
        '+12125550100': 'not-available',
        '+12065550101': null,
      });
      assert.deepEqual(reasons(theirs!.PhoneNumberOrderId!), { '+12065550101': 'owned-by-another-account' });
    } finally {
      db.close();
    }
  });
});
