/**
 * Webhooks end to end on SQLite, with real HTTP receivers on 127.0.0.1: an order's events arrive in order with valid
 * signatures (checked by the documented Node and Python snippets, and refused with a wrong secret); a receiver that
 * is down is retried until it is back; a dead endpoint does not delay a healthy one; exhausted events are
 * dead-lettered, visible through the API and the CLI, and redeliverable; targets outside the allowed ones are refused;
 * the admin API needs a signature, stays in its account and obeys the key's policy; `kill -9` between the commit and
 * the delivery: delivered after the restart, with the same event id.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime';
import { dialtoneBundle } from '../support/bundle.ts';
import { runCli } from '../support/cli.ts';
import { advanceClock, eventually, numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { startDialtone, type DialtoneProcess } from '../support/process.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, chimeClient, freshDataDir, startTestServer, writeAccountsConfig, type TestServer } from '../support/server.ts';
import { WebhookReceiver, type Delivery } from '../support/webhook-receiver.ts';
import { subscribe, webhookApi } from '../support/webhooks.ts';
// The documented snippet itself (docs/events.md shows this file).
import { verifyDialtoneSignature } from '../../docs/examples/verify-webhook.mjs';

const PYTHON_SNIPPET = join(import.meta.dirname, '..', '..', 'docs', 'examples', 'verify_webhook.py');
const ORDER_TYPES = ['Phone Number Order Created', 'Phone Number Acquired', 'Phone Number Acquire Failed', 'Phone Number Order Settled'];
const FAST = {
  carrier: { latencyMs: 0 },
  fulfilment: { idleMs: 10 },
  webhooks: { pollIntervalMs: 50, timeoutMs: 1_000, leaseMs: 3_000, retry: { initialMs: 50, maxMs: 200 } },
};
const KEYS = {
  reader: { accessKeyId: 'AKIDHOOKREAD', secretAccessKey: 'AKIDHOOKREAD-secret' },
  denied: { accessKeyId: 'AKIDNOHOOKS', secretAccessKey: 'AKIDNOHOOKS-secret' },
};
const accounts = [
  {
    accountId: ALICE.accountId,
    credentials: [
      { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey },
      { ...KEYS.reader, allow: ['dialtone:List*', 'dialtone:Get*'] },
      { ...KEYS.denied, deny: ['dialtone:*Webhook*'] },
    ],
  },
  { accountId: BOB.accountId, credentials: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }] },
];

function python(args: string[], input: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile('python3', [PYTHON_SNIPPET, ...args], (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }));
    child.stdin?.end(input);
  });
}

describe('webhooks: an order\'s events, signed, in order', () => {
  let server: TestServer;
  const receiver = new WebhookReceiver();
  const filtered = new WebhookReceiver();
  let secret: string;

  before(async () => {
    await receiver.start();
    await filtered.start();
    server = await startTestServer({ config: { ...FAST, accounts } });
    ({ secret } = await subscribe(server, ALICE, { url: receiver.url }));
    await subscribe(server, ALICE, { url: filtered.url, types: ['Phone Number Order Settled'] });
  });
  after(async () => {
    await server.close();
    await receiver.stop();
    await filtered.stop();
  });

  it('delivers created, acquired and settled in sequence order, each signed, with the event id in the headers', async () => {
    const alice = chimeClient(server, ALICE);
    const numbers = numberRange('+12065550300', 3);
    const [order] = await orderNumbers(alice, 'VoiceConnector', numbers);
    alice.destroy();
    await receiver.until(() => receiver.of(...ORDER_TYPES).length >= 5);
    const mine = receiver.of(...ORDER_TYPES).filter((d) => d.event.detail.PhoneNumberOrderId === order!.PhoneNumberOrderId);
    assert.deepEqual(
      mine.map((d) => d.event['detail-type']),
      ['Phone Number Order Created', 'Phone Number Acquired', 'Phone Number Acquired', 'Phone Number Acquired', 'Phone Number Order Settled'],
    );
    const seqs = receiver.deliveries.map((d) => d.event.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'every delivery in sequence order');
    assert.equal(new Set(seqs).size, seqs.length, 'no event twice');
    for (const d of mine) {
      assert.equal(d.headers['dialtone-event-id'], d.event.id);
      assert.equal(d.headers['dialtone-event-type'], d.event['detail-type']);
      assert.equal(d.headers['dialtone-delivery-attempt'], '1');
      assert.match(String(d.headers['user-agent']), /^dialtone-webhooks\/\d+\.\d+\.\d+/);
      assert.equal(d.event.account, ALICE.accountId);
      assert.equal(verifyDialtoneSignature(secret, d.body, d.headers['dialtone-signature']), true);
      assert.equal(verifyDialtoneSignature(`${secret}x`, d.body, d.headers['dialtone-signature']), false, 'a wrong secret fails');
      assert.equal(verifyDialtoneSignature(secret, `${d.body} `, d.headers['dialtone-signature']), false, 'a changed body fails');
    }
    const late = Math.floor(Date.now() / 1000) + 600;
    assert.equal(verifyDialtoneSignature(secret, mine[0]!.body, mine[0]!.headers['dialtone-signature'], 300, late), false, 'outside the tolerance');
  });

  it('the Python snippet verifies a real delivery and refuses a wrong secret', async () => {
    const d = receiver.deliveries[0]!;
    const header = String(d.headers['dialtone-signature']);
    assert.deepEqual(await python([secret, header], d.body), { code: 0, stdout: 'valid\n' });
    assert.deepEqual(await python(['whsec_not-the-secret-at-all', header], d.body), { code: 1, stdout: 'invalid\n' });
    assert.deepEqual(await python([secret, header], `${d.body}x`), { code: 1, stdout: 'invalid\n' });
  });

  it('a subscription to some types receives only those', async () => {
    await filtered.until(() => filtered.deliveries.length >= 1);
    assert.ok(filtered.deliveries.every((d) => d.event['detail-type'] === 'Phone Number Order Settled'));
  });
});

describe('webhooks: the cursor is written once per batch', () => {
  const BATCH = 5;
  let server: TestServer;
  const receiver = new WebhookReceiver();

  before(async () => {
    await receiver.start();
    server = await startTestServer({ config: { ...FAST, accounts, webhooks: { ...FAST.webhooks, batchSize: BATCH } } });
  });
  after(async () => {
    await server.close();
    await receiver.stop();
  });

  it('while a batch is being delivered the stored cursor stays at its start; it moves to the batch\'s last event after it', async () => {
    const { id } = await subscribe(server, BOB, { url: receiver.url });
    const cursor = async () => ((await webhookApi(server, BOB, 'GET', `/${id}`)).json().subscription as { delivery: { cursorSeq: number } }).delivery.cursorSeq;
    // Disabled while an order of 8 numbers settles, so its 10 events are all there when the deliveries start.
    assert.equal((await webhookApi(server, BOB, 'PATCH', `/${id}`, { enabled: false })).status, 200);
    const start = await cursor();
    const bob = chimeClient(server, BOB);
    await orderNumbers(bob, 'VoiceConnector', numberRange('+12065550800', 8));
    bob.destroy();
    const seen: number[] = [];
    receiver.beforeAnswer = async () => void seen.push(await cursor());
    assert.equal((await webhookApi(server, BOB, 'PATCH', `/${id}`, { enabled: true })).status, 200);
    await receiver.until(() => seen.length >= 10);
    receiver.beforeAnswer = undefined;
    const seqs = receiver.deliveries.slice(0, 10).map((d) => d.event.seq);
    assert.equal(new Set(seqs).size, seqs.length, 'each event once');
    assert.equal(seqs[0], start + 1);
    // Delivery i (0-based) sees the cursor written after the previous full batch, not after the previous event.
    assert.deepEqual(
      seen.slice(0, 10),
      seqs.map((_, i) => (i < BATCH ? start : seqs[Math.floor(i / BATCH) * BATCH - 1])),
    );
    await eventually(async () => assert.equal(await cursor(), receiver.deliveries.at(-1)!.event.seq));
  });
});

describe('webhooks: the admin API', () => {
  let server: TestServer;
  const receiver = new WebhookReceiver();

  before(async () => {
    await receiver.start();
    server = await startTestServer({ config: { ...FAST, accounts } });
  });
  after(async () => {
    await server.close();
    await receiver.stop();
  });

  it('refuses targets outside the allowed ones (default: loopback only) with BadRequestException', async () => {
    for (const url of ['http://10.1.2.3/hooks', 'http://169.254.169.254/latest', 'http://[fd00::1]/x', 'http://dialtone-no-such-host.invalid/', 'ftp://127.0.0.1/x', 'not a url']) {
      const res = await webhookApi(server, ALICE, 'POST', '', { url });
      assert.equal(res.status, 400, `${url}: ${res.body}`);
      assert.equal(res.headers['x-amzn-errortype'], 'BadRequestException');
    }
    const types = await webhookApi(server, ALICE, 'POST', '', { url: receiver.url, types: ['Phone Number Exploded'] });
    assert.equal(types.status, 400);
    assert.match(types.body, /Unknown event type/);
    const member = await webhookApi(server, ALICE, 'POST', '', { url: receiver.url, target: 'x' });
    assert.equal(member.status, 400);
  });

  it('needs a signature, stays in the caller\'s account, and obeys the key\'s policy', async () => {
    const unsigned = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/webhooks', sign: false });
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    const { id } = await subscribe(server, ALICE, { url: receiver.url });
    const got = await webhookApi(server, ALICE, 'GET', `/${id}`);
    assert.equal(got.status, 200, got.body);
    assert.equal((got.json().subscription as { url: string }).url, receiver.url);
    assert.equal(JSON.stringify(got.json()).includes('secret'), false, 'the secret is never shown again');
    // Bob sees nothing of Alice's.
    assert.equal((await webhookApi(server, BOB, 'GET', `/${id}`)).status, 404);
    assert.equal((await webhookApi(server, BOB, 'DELETE', `/${id}`)).status, 404);
    assert.deepEqual((await webhookApi(server, BOB, 'GET')).json(), { subscriptions: [] });
    // A key that may list and get, not create or delete; a key denied every webhook action.
    assert.equal((await webhookApi(server, KEYS.reader, 'GET', `/${id}`)).status, 200);
    const create = await webhookApi(server, KEYS.reader, 'POST', '', { url: receiver.url });
    assert.equal(create.status, 403);
    assert.equal(create.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.match(create.body, /dialtone:CreateWebhookSubscription/);
    const denied = await webhookApi(server, KEYS.denied, 'GET');
    assert.equal(denied.status, 403);
    assert.match(denied.body, /dialtone:ListWebhookSubscriptions/);
  });

  it('updates (types, enabled, a rotated secret shown once), deletes, and answers NotFound after', async () => {
    const { id, secret } = await subscribe(server, ALICE, { url: receiver.url });
    const updated = await webhookApi(server, ALICE, 'PATCH', `/${id}`, { types: ['Phone Number Order Settled'], enabled: false, rotateSecret: true });
    assert.equal(updated.status, 200, updated.body);
    const body = updated.json() as { subscription: { types: string[]; enabled: boolean }; secret: string };
    assert.deepEqual(body.subscription.types, ['Phone Number Order Settled']);
    assert.equal(body.subscription.enabled, false);
    assert.match(body.secret, /^whsec_/);
    assert.notEqual(body.secret, secret);
    assert.equal((await webhookApi(server, ALICE, 'PATCH', `/${id}`, { enabled: 'yes' })).status, 400);
    assert.equal((await webhookApi(server, ALICE, 'PUT', `/${id}`)).status, 405);
    assert.equal((await webhookApi(server, ALICE, 'DELETE', `/${id}`)).status, 204);
    const gone = await webhookApi(server, ALICE, 'GET', `/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.headers['x-amzn-errortype'], 'NotFoundException');
    assert.equal((await webhookApi(server, ALICE, 'GET', `/${id}/nothing`)).status, 404);
  });
});

describe('webhooks: retries, isolation, dead letters', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ config: { ...FAST, accounts } });
  });
  after(() => server.close());

  it('retries a receiver that is down and delivers once it is back', async () => {
    const receiver = await new WebhookReceiver().start();
    const { id } = await subscribe(server, BOB, { url: receiver.url, types: ['Phone Number Order Created'] });
    await receiver.stop();
    const bob = chimeClient(server, BOB);
    await bob.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550400'] }));
    bob.destroy();
    // Failed attempts are recorded on the subscription (with the error), then the receiver comes back at its address.
    for (let i = 0; ; i++) {
      const delivery = ((await webhookApi(server, BOB, 'GET', `/${id}`)).json().subscription as { delivery: { attempts: number; lastError?: string } }).delivery;
      if (delivery.attempts >= 3) {
        assert.match(delivery.lastError ?? '', /ECONNREFUSED/);
        break;
      }
      assert.ok(i < 400, 'the subscription records its failed attempts');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await receiver.start();
    await receiver.until(() => receiver.deliveries.length >= 1);
    const [first] = receiver.deliveries;
    assert.equal(first!.event['detail-type'], 'Phone Number Order Created');
    assert.ok(Number(first!.headers['dialtone-delivery-attempt']) >= 4, `attempt ${String(first!.headers['dialtone-delivery-attempt'])}`);
    await receiver.stop();
  });

  it('a dead endpoint (it never answers) does not delay a healthy one', async () => {
    const dead = await new WebhookReceiver().start();
    dead.behaviour = 'hold';
    const healthy = await new WebhookReceiver().start();
    const types = ['Phone Number Order Created', 'Phone Number Order Settled'];
    await subscribe(server, ALICE, { url: dead.url, types });
    await subscribe(server, ALICE, { url: healthy.url, types });
    const alice = chimeClient(server, ALICE);
    const [order] = await orderNumbers(alice, 'VoiceConnector', ['+12065550500']);
    alice.destroy();
    await healthy.until(() => healthy.of('Phone Number Order Settled').some((d) => d.event.detail.PhoneNumberOrderId === order!.PhoneNumberOrderId));
    // While the healthy target got the whole order, the dead one still holds its first request, unanswered.
    assert.equal(dead.deliveries.length, 1);
    assert.equal(dead.deliveries[0]!.event['detail-type'], 'Phone Number Order Created');
    await dead.stop();
    await healthy.stop();
  });

  it('dead-letters events failing for the retry period; they are listed by the API and the CLI, and redelivered by hand', async () => {
    const dataDir = freshDataDir();
    const shortRetry = await startTestServer({ dataDir, config: { ...FAST, accounts, webhooks: { ...FAST.webhooks, retry: { initialMs: 20, maxMs: 50, periodMs: 300 } } } });
    const receiver = await new WebhookReceiver().start();
    receiver.behaviour = 500;
    try {
      const { id, secret } = await subscribe(shortRetry, ALICE, { url: receiver.url, types: ['Phone Number Order Created'] });
      const alice = chimeClient(shortRetry, ALICE);
      const created = await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550600'] }));
      alice.destroy();
      const orderId = created.PhoneNumberOrder!.PhoneNumberOrderId!;
      let letters: { eventId: string; type: string; attempts: number; lastStatus: number }[] = [];
      for (let i = 0; letters.length === 0; i++) {
        assert.ok(i < 400, 'the event is dead-lettered');
        await new Promise((resolve) => setTimeout(resolve, 25));
        letters = (await webhookApi(shortRetry, ALICE, 'GET', `/${id}/dead-letters`)).json().deadLetters as typeof letters;
      }
      const [letter] = letters;
      assert.equal(letter!.type, 'Phone Number Order Created');
      assert.equal(letter!.lastStatus, 500);
      assert.ok(letter!.attempts >= 2);
      const sent = receiver.deliveries.filter((d) => d.event.id === letter!.eventId);
      assert.equal(sent.length, letter!.attempts, 'each attempt reached the receiver');
      assert.equal(sent[0]!.event.detail.PhoneNumberOrderId, orderId);
      // Another account cannot see them.
      assert.equal((await webhookApi(shortRetry, BOB, 'GET', `/${id}/dead-letters`)).status, 404);
      // The CLI, on the same database.
      const env = { DATA_DIR: dataDir, DIALTONE_CONFIG: writeAccountsConfig(dataDir, { accounts }) };
      const cli = await runCli(['webhooks', 'dead-letters', id, '--account', ALICE.accountId, '--json'], env);
      assert.equal(cli.code, 0, cli.stderr);
      assert.deepEqual((JSON.parse(cli.stdout) as { eventId: string }[]).map((l) => l.eventId), [letter!.eventId]);
      const listed = await runCli(['webhooks', 'list', '--account', ALICE.accountId], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.ok(listed.stdout.includes(id));
      // Redelivered once the receiver works again: the same event id, and the dead letter is gone.
      receiver.behaviour = 200;
      const redelivered = await webhookApi(shortRetry, ALICE, 'POST', `/${id}/dead-letters/${letter!.eventId}/redeliver`);
      assert.equal(redelivered.status, 200, redelivered.body);
      assert.deepEqual(redelivered.json(), { delivered: true, status: 200 });
      const last = receiver.deliveries.at(-1)!;
      assert.equal(last.event.id, letter!.eventId);
      assert.equal(verifyDialtoneSignature(secret, last.body, last.headers['dialtone-signature']), true);
      assert.deepEqual((await webhookApi(shortRetry, ALICE, 'GET', `/${id}/dead-letters`)).json(), { deadLetters: [] });
      const again = await webhookApi(shortRetry, ALICE, 'POST', `/${id}/dead-letters/${letter!.eventId}/redeliver`);
      assert.equal(again.status, 404);
    } finally {
      await shortRetry.close();
      await receiver.stop();
    }
  });
});

describe('webhooks: the retry period counts from when the subscription started failing', () => {
  let server: TestServer;
  const receiver = new WebhookReceiver();
  const HOUR = 3_600_000;

  before(async () => {
    await receiver.start();
    server = await startTestServer({
      config: { ...FAST, accounts, testing: { clockControl: true }, webhooks: { ...FAST.webhooks, retry: { initialMs: 20, maxMs: 50, periodMs: HOUR } } },
    });
  });
  after(async () => {
    await server.close();
    await receiver.stop();
  });

  it('a dead endpoint: once failing for the period, each later event gets one attempt; a delivery starts a new period', async () => {
    receiver.behaviour = 503;
    const { id } = await subscribe(server, ALICE, { url: receiver.url, types: ['Phone Number Order Created'] });
    type Delivery = { attempts: number; failingSince?: string; lastStatus?: number; lastError?: string };
    const state = async () => ((await webhookApi(server, ALICE, 'GET', `/${id}`)).json().subscription as { delivery: Delivery }).delivery;
    const letters = async () => (await webhookApi(server, ALICE, 'GET', `/${id}/dead-letters`)).json().deadLetters as { eventId: string; attempts: number; lastStatus: number }[];
    const alice = chimeClient(server, ALICE);
    after(() => alice.destroy());
    const order = async (number: string) =>
      (await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [number] }))).PhoneNumberOrder!.PhoneNumberOrderId!;
    const eventOf = (orderId: string) => receiver.deliveries.find((d) => d.event.detail.PhoneNumberOrderId === orderId)!.event.id;
    const sentOf = (orderId: string) => receiver.deliveries.filter((d) => d.event.detail.PhoneNumberOrderId === orderId).length;

    const first = await order('+12065550900');
    await eventually(async () => assert.ok((await state()).attempts >= 2, 'failed twice'));
    const failingSince = (await state()).failingSince;
    assert.ok(failingSince, 'failing since its first failed attempt');
    // Two more events wait behind the failing one.
    const second = await order('+12065550901');
    const third = await order('+12065550902');
    await advanceClock(server, { advanceMinutes: 61 });
    await eventually(async () => assert.equal((await letters()).length, 3, 'three dead letters'), 10_000);
    const dead = await letters();
    assert.deepEqual(
      dead.map((l) => l.eventId),
      [first, second, third].map(eventOf),
    );
    assert.ok(dead[0]!.attempts >= 3, `the first event was tried until the period ran out (${dead[0]!.attempts})`);
    assert.deepEqual(
      dead.slice(1).map((l) => [l.attempts, l.lastStatus]),
      [
        [1, 503],
        [1, 503],
      ],
      'each later event: one attempt, then dead-lettered',
    );
    assert.equal(sentOf(second), 1);
    assert.equal(sentOf(third), 1);
    const failing = await state();
    assert.equal(failing.failingSince, failingSince, 'still failing since the first failure');
    assert.equal(failing.lastStatus, 503);

    // The endpoint is back: the next event is delivered and the subscription is no longer failing.
    receiver.behaviour = 200;
    const fourth = await order('+12065550903');
    await receiver.until(() => receiver.deliveries.some((d) => d.event.detail.PhoneNumberOrderId === fourth && d.headers['dialtone-delivery-attempt'] === '1'));
    await eventually(async () => assert.equal((await state()).failingSince, undefined, 'no longer failing'));
    assert.equal((await state()).lastError, undefined);

    // Failing again: a whole new period before anything is dead-lettered.
    receiver.behaviour = 500;
    const fifth = await order('+12065550904');
    await eventually(async () => assert.ok((await state()).attempts >= 3, 'failed three times'));
    const again = await state();
    assert.ok(Date.parse(again.failingSince!) > Date.parse(failingSince) + HOUR, `a new failing period (${again.failingSince})`);
    assert.equal((await letters()).length, 3);
    assert.ok(sentOf(fifth) >= 3, 'the fifth event is tried again');
  });
});

describe('webhooks: events pruned before delivery', () => {
  let server: TestServer;
  const all = new WebhookReceiver();
  const settledOnly = new WebhookReceiver();

  before(async () => {
    await all.start();
    await settledOnly.start();
    server = await startTestServer({ config: { ...FAST, accounts, testing: { clockControl: true }, events: { retentionDays: 1, pruneIntervalMs: 50 } } });
  });
  after(async () => {
    await server.close();
    await all.stop();
    await settledOnly.stop();
  });

  it('are recorded with the dead letters (sequences only, not redeliverable), counted, and skipped', async () => {
    const subscriptions = [await subscribe(server, BOB, { url: all.url }), await subscribe(server, BOB, { url: settledOnly.url, types: ['Phone Number Order Settled'] })];
    const start = ((await webhookApi(server, BOB, 'GET', `/${subscriptions[0]!.id}`)).json().subscription as { delivery: { cursorSeq: number } }).delivery.cursorSeq;
    for (const { id } of subscriptions) assert.equal((await webhookApi(server, BOB, 'PATCH', `/${id}`, { enabled: false })).status, 200);
    const bob = chimeClient(server, BOB);
    after(() => bob.destroy());
    // Created, two acquired, settled: 4 events, pruned while the subscriptions are disabled.
    await orderNumbers(bob, 'VoiceConnector', numberRange('+12065551000', 2));
    await advanceClock(server, { advanceDays: 2 });
    await eventually(async () => assert.ok((await server.metrics.eventsPruned.get()).values[0]!.value >= 4, 'the events are pruned'));
    const [kept] = await orderNumbers(bob, 'VoiceConnector', ['+12065551010']);
    for (const { id } of subscriptions) assert.equal((await webhookApi(server, BOB, 'PATCH', `/${id}`, { enabled: true })).status, 200);
    await all.until(() => all.deliveries.length >= 3);
    await settledOnly.until(() => settledOnly.deliveries.length >= 1);
    assert.deepEqual(
      all.deliveries.map((d) => [d.event.seq, d.event.detail.PhoneNumberOrderId]),
      [5, 6, 7].map((n) => [start + n, kept!.PhoneNumberOrderId]),
      'only the kept events are delivered',
    );
    assert.equal(settledOnly.deliveries[0]!.event.seq, start + 7);
    for (const { id } of subscriptions) {
      const letters = (await webhookApi(server, BOB, 'GET', `/${id}/dead-letters`)).json().deadLetters as Record<string, unknown>[];
      assert.equal(letters.length, 1, JSON.stringify(letters));
      const { lastError, deadLetteredAt, ...rest } = letters[0]!;
      assert.deepEqual(rest, { subscriptionId: id, pruned: true, seq: start + 1, throughSeq: start + 4, count: 4 });
      assert.match(String(lastError), /4 event\(s\) were deleted from the outbox/);
      assert.ok(Date.parse(String(deadLetteredAt)) > Date.now() + 86_400_000, 'on the service clock');
      const redeliver = await webhookApi(server, BOB, 'POST', `/${id}/dead-letters/pruned-${start + 1}/redeliver`);
      assert.equal(redeliver.status, 404, 'nothing to redeliver');
    }
    assert.equal((await server.metrics.webhookPrunedEvents.get()).values[0]!.value, 8, '4 events missed by each subscription');
  });
});

describe('webhooks: the configuration file\'s subscriptions at each start', () => {
  it('an unchanged entry writes nothing; a changed one changes only what differs', async () => {
    const receiver = await new WebhookReceiver().start();
    const dataDir = freshDataDir();
    const entry = { accountId: ALICE.accountId, url: receiver.url, secret: 'whsec_configured-secret-one', types: ['Phone Number Order Created'] };
    const start = (subscriptions: unknown[]) => startTestServer({ dataDir, config: { ...FAST, accounts, webhooks: { ...FAST.webhooks, subscriptions } } });
    type View = { id: string; url: string; types: string[] | null; updatedAt: string; createdAt: string; delivery: unknown };
    const only = async (server: TestServer) => {
      const list = (await webhookApi(server, ALICE, 'GET')).json().subscriptions as View[];
      assert.equal(list.length, 1, JSON.stringify(list));
      return list[0]!;
    };
    const orderCreated = async (server: TestServer, number: string) => {
      const alice = chimeClient(server, ALICE);
      await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [number] }));
      alice.destroy();
      await receiver.until(() => receiver.deliveries.some((d) => d.body.includes(number)));
      return receiver.deliveries.at(-1)!;
    };
    try {
      let server = await start([entry]);
      const created = await only(server);
      await server.close();

      // The same file again, the URL spelled differently (it normalizes alike) and the types in another order.
      server = await start([{ ...entry, url: receiver.url.replace('/hooks', '/./hooks'), types: ['Phone Number Order Created', 'Phone Number Order Created'] }]);
      assert.deepEqual(await only(server), created, 'nothing written: updatedAt stays');
      const first = await orderCreated(server, '+12065551100');
      assert.equal(verifyDialtoneSignature(entry.secret, first.body, first.headers['dialtone-signature']), true);
      await server.close();

      // A new secret: only the secret changes (and updatedAt with it).
      server = await start([{ ...entry, secret: 'whsec_configured-secret-two' }]);
      const rotated = await only(server);
      assert.ok(Date.parse(rotated.updatedAt) > Date.parse(created.updatedAt), 'updatedAt moves');
      // The delivery state is not the file's: it moves with the deliveries (the order above, and whichever of its
      // fulfilment's events the worker read before the stop).
      assert.deepEqual({ ...rotated, updatedAt: created.updatedAt, delivery: created.delivery }, created, 'the rest as it was');
      const second = await orderCreated(server, '+12065551101');
      assert.equal(verifyDialtoneSignature('whsec_configured-secret-two', second.body, second.headers['dialtone-signature']), true);
      await server.close();

      // Every type now (types left out): only the types change.
      server = await start([{ ...entry, secret: 'whsec_configured-secret-two', types: undefined }]);
      const everyType = await only(server);
      assert.equal(everyType.types, null);
      assert.equal(everyType.url, created.url);
      await server.close();
    } finally {
      await receiver.stop();
    }
  });
});

describe('webhooks: kill -9 between the commit and the delivery', () => {
  let node: DialtoneProcess | undefined;
  after(() => node?.child.kill('SIGKILL'));

  it('delivers after the restart, with the same event id', async () => {
    const receiver = await new WebhookReceiver().start();
    // The first delivery is held unanswered: the server has committed the event and is mid-delivery when it is killed.
    receiver.behaviour = 'hold';
    const dataDir = freshDataDir();
    const subscriptions = [{ accountId: ALICE.accountId, url: receiver.url, secret: 'whsec_from-the-config-file', types: ['Phone Number Order Created'] }];
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DIALTONE_CONFIG: writeAccountsConfig(dataDir, { ...FAST, accounts, webhooks: { ...FAST.webhooks, timeoutMs: 5_000, leaseMs: 6_000, subscriptions } }),
    };
    node = await startDialtone(env, 20_000, await dialtoneBundle());
    const alice = chimeClient(node, ALICE);
    await alice.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550700'] }));
    alice.destroy();
    await receiver.until(() => receiver.deliveries.length >= 1);
    node.child.kill('SIGKILL');
    await node.exited;
    receiver.behaviour = 200;
    // The restart applies the configured subscription again (no second one) and takes the subscription over once the
    // killed process's lease runs out.
    node = await startDialtone(env, 20_000, await dialtoneBundle());
    await receiver.until(() => receiver.deliveries.length >= 2, 30_000);
    const [held, after] = receiver.deliveries as [Delivery, Delivery];
    assert.equal(after.event.id, held.event.id, 'the same event, by its id');
    assert.equal(after.headers['dialtone-event-id'], held.headers['dialtone-event-id']);
    assert.equal(verifyDialtoneSignature('whsec_from-the-config-file', after.body, after.headers['dialtone-signature']), true);
    const list = await webhookApi(node, ALICE, 'GET');
    assert.equal((list.json().subscriptions as unknown[]).length, 1, 'the configured subscription is applied once');
    node.child.kill('SIGTERM');
    await node.exited;
    node = undefined;
    await receiver.stop();
  });
});

describe('webhooks: the documentation shows the tested snippets', () => {
  it('docs/events.md holds verify-webhook.mjs and verify_webhook.py as they are', async () => {
    const { readFileSync } = await import('node:fs');
    const docs = join(import.meta.dirname, '..', '..', 'docs');
    const events = readFileSync(join(docs, 'events.md'), 'utf8');
    for (const file of ['verify-webhook.mjs', 'verify_webhook.py']) {
      assert.ok(events.includes(readFileSync(join(docs, 'examples', file), 'utf8').trimEnd()), `docs/events.md shows ${file}`);
    }
  });
});
