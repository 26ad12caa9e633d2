/** Orders that really fulfil, watched through the real JS SDK: Successful, Partial, Failed, and racing accounts. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePhoneNumberOrderCommand, ListPhoneNumberOrdersCommand, paginateListPhoneNumberOrders, type ChimeClient, type PhoneNumberOrder } from '@aws-sdk/client-chime';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { statuses, waitForTerminal } from '../support/orders.ts';

async function order(client: ChimeClient, numbers: string[]): Promise<PhoneNumberOrder> {
  const r = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }));
  assert.equal(r.PhoneNumberOrder?.Status, 'Processing');
  return r.PhoneNumberOrder!;
}

describe('fulfilment', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;

  before(async () => {
    server = await startTestServer({
      config: {
        carrier: { latencyMs: 150, failNumbers: ['+13125550199'], failPrefixes: ['+1415555'], failRate: 0, seed: 't' },
        fulfilment: { idleMs: 20 },
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

  it('moves an order from Processing to Successful, every number Acquired', async () => {
    const created = await order(alice, ['+12065550100', '+12065550101', '+18445550100']);
    const done = await waitForTerminal(alice, created.PhoneNumberOrderId!);
    assert.equal(done.Status, 'Successful');
    assert.deepEqual(statuses(done), { '+12065550100': 'Acquired', '+12065550101': 'Acquired', '+18445550100': 'Acquired' });
    assert.ok(done.UpdatedTimestamp! > done.CreatedTimestamp!);
    assert.deepEqual(done.CreatedTimestamp, created.CreatedTimestamp);
  });

  it('ends Partial when some numbers are owned by another account', async () => {
    const first = await waitForTerminal(alice, (await order(alice, ['+12065550110', '+12065550111'])).PhoneNumberOrderId!);
    assert.equal(first.Status, 'Successful');
    const second = await waitForTerminal(bob, (await order(bob, ['+12065550110', '+12065550112', '+12065550111'])).PhoneNumberOrderId!);
    assert.equal(second.Status, 'Partial');
    assert.deepEqual(statuses(second), { '+12065550110': 'Failed', '+12065550112': 'Acquired', '+12065550111': 'Failed' });
  });

  it('does not sell a number twice to the same account either', async () => {
    const again = await waitForTerminal(alice, (await order(alice, ['+12065550110'])).PhoneNumberOrderId!);
    assert.equal(again.Status, 'Failed');
  });

  it('ends Failed when the carrier refuses every number (by number and by prefix)', async () => {
    const done = await waitForTerminal(alice, (await order(alice, ['+13125550199', '+14155550123'])).PhoneNumberOrderId!);
    assert.equal(done.Status, 'Failed');
    assert.deepEqual(statuses(done), { '+13125550199': 'Failed', '+14155550123': 'Failed' });
  });

  it('gives a number refused by the carrier to nobody: another order can still fail on it, and the rest succeeds', async () => {
    const done = await waitForTerminal(bob, (await order(bob, ['+13125550199', '+13125550198'])).PhoneNumberOrderId!);
    assert.equal(done.Status, 'Partial');
    assert.deepEqual(statuses(done), { '+13125550199': 'Failed', '+13125550198': 'Acquired' });
  });

  it('lets two accounts race for the same numbers: each number is acquired by exactly one order', async () => {
    const pool = Array.from({ length: 24 }, (_, i) => `+1212555${String(1000 + i)}`);
    const requests: Promise<PhoneNumberOrder>[] = [];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 60; i++) {
      const picked = new Set<string>();
      while (picked.size < 4) picked.add(pool[next() % pool.length]!);
      requests.push(order(i % 2 === 0 ? alice : bob, [...picked]));
    }
    const created = await Promise.all(requests);
    const finished = await Promise.all(created.map((o, i) => waitForTerminal(i % 2 === 0 ? alice : bob, o.PhoneNumberOrderId!, 30_000)));
    const acquiredBy = new Map<string, string[]>();
    for (const o of finished) {
      for (const n of o.OrderedPhoneNumbers ?? []) {
        assert.notEqual(n.Status, 'Processing');
        if (n.Status === 'Acquired') acquiredBy.set(n.E164PhoneNumber!, [...(acquiredBy.get(n.E164PhoneNumber!) ?? []), o.PhoneNumberOrderId!]);
      }
      const s = Object.values(statuses(o));
      const expected = s.every((x) => x === 'Acquired') ? 'Successful' : s.every((x) => x === 'Failed') ? 'Failed' : 'Partial';
      assert.equal(o.Status, expected, 'terminal status follows the numbers');
    }
    const ordered = new Set(finished.flatMap((o) => (o.OrderedPhoneNumbers ?? []).map((n) => n.E164PhoneNumber!)));
    for (const number of ordered) {
      assert.equal(acquiredBy.get(number)?.length, 1, `${number} acquired by ${JSON.stringify(acquiredBy.get(number))}`);
    }
  });

  it('lists terminal orders with their final statuses', async () => {
    const seen: PhoneNumberOrder[] = [];
    for await (const page of paginateListPhoneNumberOrders({ client: alice, pageSize: 10 }, {})) seen.push(...(page.PhoneNumberOrders ?? []));
    assert.ok(seen.length >= 30);
    assert.ok(seen.every((o) => o.Status !== 'Processing'));
    const one = await alice.send(new ListPhoneNumberOrdersCommand({ MaxResults: 1 }));
    assert.equal(one.PhoneNumberOrders?.[0]?.Status, 'Successful');
  });
});
