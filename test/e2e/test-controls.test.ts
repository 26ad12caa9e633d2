/**
 * The test-mode controls of state through real HTTP clients (fetch for the controls, the JS SDKs for the API) against
 * a listening server on SQLite: off by default (404); `POST /_dialtone/reset` of one account (every kind of its
 * resources goes, the other account's stay, its numbers are sold again) and of every account (keys keep working); a
 * reset that lands while an order's numbers are with the carrier resurrects nothing; `/_dialtone/carrier` changes the
 * next order's outcome and latency without a restart, checks its input as the configuration file is checked, and goes
 * back to the configuration's rules; an account's throttling buckets start full after its reset.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumberOrdersCommand,
  ListPhoneNumbersCommand,
  type ChimeClient,
} from '@aws-sdk/client-chime';
import {
  AssociatePhoneNumbersWithVoiceConnectorCommand,
  CreateSipMediaApplicationCommand,
  CreateSipRuleCommand,
  CreateVoiceConnectorCommand,
  GetPhoneNumberSettingsCommand,
  ListSipMediaApplicationsCommand,
  ListSipRulesCommand,
  ListVoiceConnectorsCommand,
  UpdatePhoneNumberSettingsCommand,
  type ChimeSDKVoiceClient,
} from '@aws-sdk/client-chime-sdk-voice';
import { waitForTerminal, statuses } from '../support/orders.ts';
import { numberRange, orderNumbers, rejection } from '../support/phone-numbers.ts';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { call, readCarrier, resetState, setCarrier } from '../support/test-controls.ts';
import { voiceClient } from '../support/voice.ts';

const STATE_CONTROL = { testing: { stateControl: true }, fulfilment: { idleMs: 10 } };

describe('test-mode state controls off by default', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('answers 404 UnknownOperationException for reset and carrier, whatever the method', async () => {
    for (const [path, method] of [
      ['reset', 'POST'],
      ['reset', 'GET'],
      ['carrier', 'GET'],
      ['carrier', 'PUT'],
      ['carrier', 'DELETE'],
    ] as const) {
      const { status, body } = await call(`${server.url}/_dialtone/${path}`, { method, ...(method === 'PUT' || method === 'POST' ? { body: '{}' } : {}) });
      assert.equal(status, 404, `${method} ${path}`);
      assert.equal(body.Code, 'UnknownOperationException');
      assert.match(String(body.Message), new RegExp(`/_dialtone/${path}`));
    }
  });
});

/** Everything one account can own, made through the API: numbers (one in the deletion queue), an order, settings, a connector with a number, a SIP media application and a rule. */
async function populate(chime: ChimeClient, voice: ChimeSDKVoiceClient, numbers: string[]): Promise<void> {
  const [order] = await orderNumbers(chime, 'VoiceConnector', numbers);
  assert.equal(order!.Status, 'Successful');
  await chime.send(new DeletePhoneNumberCommand({ PhoneNumberId: numbers[2]! }));
  await voice.send(new UpdatePhoneNumberSettingsCommand({ CallingName: 'BEFORERESET' }));
  const connector = (await voice.send(new CreateVoiceConnectorCommand({ Name: 'trunk', RequireEncryption: true }))).VoiceConnector!;
  const associated = await voice.send(new AssociatePhoneNumbersWithVoiceConnectorCommand({ VoiceConnectorId: connector.VoiceConnectorId!, E164PhoneNumbers: [numbers[0]!] }));
  assert.deepEqual(associated.PhoneNumberErrors, []);
  const application = (
    await voice.send(
      new CreateSipMediaApplicationCommand({ AwsRegion: 'us-east-1', Name: 'front-desk', Endpoints: [{ LambdaArn: 'arn:aws:lambda:us-east-1:111111111111:function:f' }] }),
    )
  ).SipMediaApplication!;
  await voice.send(
    new CreateSipRuleCommand({
      Name: 'by-host',
      TriggerType: 'RequestUriHostname',
      TriggerValue: connector.OutboundHostName!,
      TargetApplications: [{ SipMediaApplicationId: application.SipMediaApplicationId!, Priority: 1, AwsRegion: 'us-east-1' }],
    }),
  );
}

/** What an account sees of its resources through the API. */
async function seen(chime: ChimeClient, voice: ChimeSDKVoiceClient) {
  return {
    numbers: ((await chime.send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? []).map((n) => `${n.E164PhoneNumber} ${n.Status}`).sort(),
    orders: ((await chime.send(new ListPhoneNumberOrdersCommand({}))).PhoneNumberOrders ?? []).map((o) => o.PhoneNumberOrderId).sort(),
    connectors: ((await voice.send(new ListVoiceConnectorsCommand({}))).VoiceConnectors ?? []).map((c) => c.VoiceConnectorId).sort(),
    applications: ((await voice.send(new ListSipMediaApplicationsCommand({}))).SipMediaApplications ?? []).map((a) => a.SipMediaApplicationId).sort(),
    rules: ((await voice.send(new ListSipRulesCommand({}))).SipRules ?? []).map((r) => r.SipRuleId).sort(),
    callingName: (await voice.send(new GetPhoneNumberSettingsCommand({}))).CallingName,
  };
}

const EMPTY = { numbers: [], orders: [], connectors: [], applications: [], rules: [] };

describe('POST /_dialtone/reset', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;
  let aliceVoice: ChimeSDKVoiceClient;
  let bobVoice: ChimeSDKVoiceClient;

  before(async () => {
    server = await startTestServer({ config: { ...STATE_CONTROL, carrier: { latencyMs: 0 }, throttling: { enabled: false } } });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
    aliceVoice = voiceClient(server, ALICE);
    bobVoice = voiceClient(server, BOB);
  });
  after(async () => {
    for (const client of [alice, bob, aliceVoice, bobVoice]) client.destroy();
    await server.close();
  });

  it("resets one account: every kind of its resources goes, the other account's stay, its numbers are sold again", async () => {
    const aliceNumbers = numberRange('+12065550300', 3);
    await populate(alice, aliceVoice, aliceNumbers);
    await populate(bob, bobVoice, numberRange('+12065550400', 3));
    const aliceBefore = await seen(alice, aliceVoice);
    assert.equal(aliceBefore.numbers.length, 3);
    assert.ok(aliceBefore.numbers.includes(`${aliceNumbers[2]} DeleteInProgress`));
    const bobBefore = await seen(bob, bobVoice);

    const answer = await resetState(server, ALICE.accountId);
    // Every change above recorded its events (at least the order's created and settled, and its numbers' outcomes).
    assert.ok(answer.removed.events! >= 2 + 3, JSON.stringify(answer.removed));
    assert.deepEqual(answer, {
      reset: 'account',
      accountId: ALICE.accountId,
      removed: {
        orders: 1,
        orderedNumbers: 3,
        orderInvocations: 1,
        jobs: 0,
        phoneNumbers: 3,
        phoneNumberSettings: 1,
        globalSettings: 0,
        voiceConnectors: 1,
        voiceConnectorGroups: 0,
        sipMediaApplications: 1,
        sipRules: 1,
        voiceProfileDomains: 0,
        proxySessions: 0,
        sipMediaApplicationCalls: 0,
        voiceAnalyticsTasks: 0,
        voiceProfiles: 0,
        associations: 1,
        events: answer.removed.events,
      },
    });
    const aliceAfter = await seen(alice, aliceVoice);
    assert.deepEqual({ ...aliceAfter, callingName: undefined }, { ...EMPTY, callingName: undefined });
    assert.notEqual(aliceAfter.callingName, 'BEFORERESET');
    assert.deepEqual(await seen(bob, bobVoice), bobBefore, "Bob's resources are untouched");

    // Alice's numbers, the one in the deletion queue too, are for sale again: Bob acquires them.
    const [taken] = await orderNumbers(bob, 'VoiceConnector', aliceNumbers);
    assert.deepEqual(statuses(taken!), Object.fromEntries(aliceNumbers.map((n) => [n, 'Acquired'])));
    // And Alice orders again, as a new account would.
    const [again] = await orderNumbers(alice, 'VoiceConnector', numberRange('+12065550500', 2));
    assert.equal(again!.Status, 'Successful');
  });

  it('resets every account: nothing left, the configured keys keep working', async () => {
    await orderNumbers(alice, 'VoiceConnector', numberRange('+12065550600', 2));
    const answer = await resetState(server);
    assert.equal(answer.reset, 'all');
    assert.equal(answer.accountId, undefined);
    assert.ok(answer.removed.phoneNumbers! >= 2 + 3 + 2 + 3, JSON.stringify(answer.removed));
    for (const [chime, voice] of [
      [alice, aliceVoice],
      [bob, bobVoice],
    ] as const) {
      const after = await seen(chime, voice);
      assert.deepEqual({ ...after, callingName: undefined }, { ...EMPTY, callingName: undefined });
    }
    const [order] = await orderNumbers(bob, 'VoiceConnector', numberRange('+12065550600', 2));
    assert.equal(order!.Status, 'Successful', "Alice's former numbers, ordered by Bob after the reset");
  });

  it('refuses bad requests with clear JSON errors, and changes nothing', async () => {
    const [order] = await orderNumbers(alice, 'VoiceConnector', ['+12065550700']);
    const cases: [string, RequestInit, number, RegExp][] = [
      ['', { method: 'GET' }, 405, /GET is not allowed on \/_dialtone\/reset; use POST/],
      ['', { method: 'POST', body: '{"accountId": "1234"}' }, 400, /accountId must be 12 digits, not "1234"/],
      ['', { method: 'POST', body: '{"accountId": 111111111111}' }, 400, /accountId must be a string of 12 digits/],
      ['', { method: 'POST', body: '{"account": "111111111111"}' }, 400, /Unknown member "account"/],
      ['', { method: 'POST', body: 'accountId=111111111111' }, 400, /The body must be a JSON object/],
      ['?accountId=111111111111', { method: 'POST', body: '{"accountId": "222222222222"}' }, 400, /The query and the body name different accounts/],
      ['?account=111111111111', { method: 'POST' }, 400, /Unknown query parameter "account"/],
    ];
    for (const [query, init, status, message] of cases) {
      const answer = await call(`${server.url}/_dialtone/reset${query}`, init);
      assert.equal(answer.status, status, `${query} ${String(init.body)}: ${JSON.stringify(answer.body)}`);
      assert.match(String(answer.body.Message), message);
    }
    const { PhoneNumberOrder: kept } = await alice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: order!.PhoneNumberOrderId! }));
    assert.equal(kept?.Status, 'Successful');
    // The query names the account as well as the body does.
    const byQuery = await call(`${server.url}/_dialtone/reset?accountId=${ALICE.accountId}`, { method: 'POST' });
    assert.equal(byQuery.status, 200);
    assert.equal((byQuery.body.removed as Record<string, number>).orders, 1);
  });
});

describe('a reset while an order is with the carrier', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;

  before(async () => {
    // One batch at a time: orders created while the first batch waits for the carrier are claimed together next.
    server = await startTestServer({ config: { ...STATE_CONTROL, carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10, maxInFlight: 1 } } });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('resurrects nothing: the batch that held the order settles only the other account', async () => {
    await setCarrier(server, { latencyMs: 3_000 });
    const db = new Database(join(server.dataDir, 'dialtone.sqlite'), { readonly: true });
    try {
      const create = async (client: ChimeClient, numbers: string[]) =>
        (await client.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: numbers }))).PhoneNumberOrder!.PhoneNumberOrderId!;
      const leased = (orderId: string) => (db.prepare('select lease_owner from jobs where id = ?').get(orderId) as { lease_owner: string | null } | undefined)?.lease_owner;
      const reserved = (orderId: string) =>
        (db.prepare(`select count(*) n from phone_numbers where order_id = ? and status = 'AcquireInProgress'`).get(orderId) as { n: number }).n;
      const until = async (what: string, check: () => boolean) => {
        const deadline = Date.now() + 20_000;
        while (!check()) {
          assert.ok(Date.now() < deadline, `never: ${what}`);
          await sleep(10);
        }
      };
      const blocker = await create(bob, ['+12065550800']);
      await until('the first batch holds the blocker', () => reserved(blocker) === 1);
      const aliceOrder = await create(alice, ['+12065550801', '+12065550802']);
      const bobOrder = await create(bob, ['+12065550803']);
      await until("the second batch reserved Alice's numbers", () => reserved(aliceOrder) === 2 && reserved(bobOrder) === 1);
      assert.ok(leased(aliceOrder), "Alice's job is leased to the worker");

      const answer = await resetState(server, ALICE.accountId);
      // The proof that the reset landed mid-flight: the job and the two reservations were still there.
      assert.equal(answer.removed.jobs, 1);
      assert.equal(answer.removed.phoneNumbers, 2);
      assert.equal(answer.removed.orders, 1);

      // Bob's order settles in the same batch: by then the batch has come back from the carrier and settled.
      assert.equal((await waitForTerminal(bob, bobOrder, 30_000)).Status, 'Successful');
      const rows = db.prepare('select (select count(*) from phone_numbers where account_id = ?) numbers, (select count(*) from orders where account_id = ?) orders, (select count(*) from jobs where account_id = ?) jobs');
      assert.deepEqual(rows.get(ALICE.accountId, ALICE.accountId, ALICE.accountId), { numbers: 0, orders: 0, jobs: 0 });
      const gone = await rejection(alice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: aliceOrder })));
      assert.equal(gone.name, 'NotFoundException');
      assert.deepEqual((await alice.send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? [], []);
      // The numbers are free: Bob acquires them.
      await setCarrier(server, { latencyMs: 0 });
      const [taken] = await orderNumbers(bob, 'VoiceConnector', ['+12065550801', '+12065550802']);
      assert.equal(taken!.Status, 'Successful');
    } finally {
      db.close();
    }
  });
});

describe('/_dialtone/carrier', () => {
  let server: TestServer;
  let alice: ChimeClient;

  before(async () => {
    // The configuration's carrier never answers within a test: an order settles only under rules set at run time.
    server = await startTestServer({ config: { ...STATE_CONTROL, carrier: { latencyMs: 600_000, failNumbers: ['+12065550999'] } } });
    alice = chimeClient(server, ALICE);
  });
  after(async () => {
    alice.destroy();
    await server.close();
  });

  it('shows the configuration rules, then changes the next order\'s latency and outcome without a restart', async () => {
    assert.deepEqual(await readCarrier(server), {
      source: 'configuration',
      rules: { latencyMs: 600_000, failNumbers: ['+12065550999'], failPrefixes: [], failRate: 0, seed: 'dialtone' },
    });
    // Keys left out keep the configuration's values (failNumbers here).
    const set = await setCarrier(server, { latencyMs: 0, failPrefixes: ['+1206555098'] });
    assert.deepEqual(set, { source: 'runtime', rules: { latencyMs: 0, failNumbers: ['+12065550999'], failPrefixes: ['+1206555098'], failRate: 0, seed: 'dialtone' } });
    assert.deepEqual(await readCarrier(server), set);
    const [order] = await orderNumbers(alice, 'VoiceConnector', ['+12065550970', '+12065550980', '+12065550999']);
    assert.deepEqual(statuses(order!), { '+12065550970': 'Acquired', '+12065550980': 'Failed', '+12065550999': 'Failed' });

    const refusingAll = await setCarrier(server, { latencyMs: 0, failRate: 1 });
    assert.equal(refusingAll.rules.failRate, 1);
    const [refused] = await orderNumbers(alice, 'VoiceConnector', ['+12065550971']);
    assert.equal(refused!.Status, 'Failed');
  });

  it('goes back to the configuration rules on DELETE: the next order waits for the slow carrier again', async () => {
    await setCarrier(server, { latencyMs: 0 });
    const restored = await setCarrier(server, undefined);
    assert.equal(restored.source, 'configuration');
    assert.equal(restored.rules.latencyMs, 600_000);
    assert.deepEqual(await readCarrier(server), restored);
    const { PhoneNumberOrder: created } = await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550972'] }));
    // Bounded look (not a timing assertion): fulfilled at once under the run-time rules, it stays Processing now.
    await sleep(1_500);
    const { PhoneNumberOrder: later } = await alice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: created!.PhoneNumberOrderId! }));
    assert.equal(later!.Status, 'Processing');
  });

  it('checks its input as the configuration file is checked, and keeps the rules in force when refusing', async () => {
    const before = await setCarrier(server, { latencyMs: 0 });
    const cases: [RequestInit, RegExp][] = [
      [{ method: 'PUT', body: '{"latencyMs": -1}' }, /^Invalid carrier rules: latencyMs: Too small: expected number to be >=0$/],
      [{ method: 'PUT', body: '{"failRate": 1.5}' }, /failRate: Too big: expected number to be <=1/],
      [{ method: 'PUT', body: '{"failNumbers": ["12065550100"]}' }, /failNumbers\.0: must be E\.164 with \+/],
      [{ method: 'PUT', body: '{"failPrefixes": "+1206"}' }, /failPrefixes: .*expected array/],
      [{ method: 'PUT', body: '{"latency": 0}' }, /Unrecognized key: "latency"/],
      [{ method: 'PUT', body: '{"seed": ""}' }, /seed: Too small/],
      [{ method: 'PUT', body: 'latencyMs=0' }, /The body must be a JSON object/],
      [{ method: 'PUT', body: '[]' }, /The body must be a JSON object/],
      [{ method: 'PUT', body: '{"failNumbers": [[[[["+1"]]]]]}' }, /The body nests deeper than 4 levels/],
      [{ method: 'POST', body: '{}' }, /POST is not allowed on \/_dialtone\/carrier; use GET or PUT or DELETE/],
    ];
    for (const [init, message] of cases) {
      const answer = await call(`${server.url}/_dialtone/carrier`, init);
      assert.equal(answer.status, init.method === 'POST' ? 405 : 400, `${String(init.body)}: ${JSON.stringify(answer.body)}`);
      assert.match(String(answer.body.Message), message);
    }
    assert.deepEqual(await readCarrier(server), before);
  });
});

describe('an account reset refills its throttling buckets', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;

  before(async () => {
    // Three mutating requests, then one token per 100 s: no refill happens during the test by itself.
    server = await startTestServer({ config: { ...STATE_CONTROL, throttling: { mutating: { ratePerSecond: 0.01, burst: 3 } } } });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it("throttles Alice until her reset, and leaves Bob's bucket as it was", async () => {
    const spend = (client: ChimeClient, number: string) => client.send(new DeletePhoneNumberCommand({ PhoneNumberId: number }));
    for (const client of [alice, bob]) {
      for (let i = 0; i < 3; i++) assert.equal((await rejection(spend(client, '+12065550100'))).name, 'NotFoundException');
      assert.equal((await rejection(spend(client, '+12065550100'))).name, 'ThrottledClientException');
    }
    await resetState(server, ALICE.accountId);
    assert.equal((await rejection(spend(alice, '+12065550100'))).name, 'NotFoundException', 'Alice has tokens again');
    assert.equal((await rejection(spend(bob, '+12065550100'))).name, 'ThrottledClientException', 'Bob still has none');
    await resetState(server);
    assert.equal((await rejection(spend(bob, '+12065550100'))).name, 'NotFoundException', 'a reset of everything refills Bob too');
  });
});
