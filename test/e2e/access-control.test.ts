/**
 * Access control through the real JS SDK: IAM-style allow/deny lists with wildcards, disabled keys, suspended
 * accounts, `GET /_dialtone/limits`, and tenancy: another account's orders and numbers never show, even by id.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchDeletePhoneNumberCommand,
  BatchUpdatePhoneNumberCommand,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  GetPhoneNumberSettingsCommand,
  ListPhoneNumberOrdersCommand,
  ListPhoneNumbersCommand,
  RestorePhoneNumberCommand,
  SearchAvailablePhoneNumbersCommand,
  UpdatePhoneNumberCommand,
  type ChimeClient,
} from '@aws-sdk/client-chime';
import { assertError, numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { sendRaw } from '../support/raw-request.ts';
import { ALICE, BOB, chimeClient, startTestServer, type TestServer } from '../support/server.ts';

const key = (accessKeyId: string, extra: Record<string, unknown> = {}) => ({ accessKeyId, secretAccessKey: `${accessKeyId}-secret`, ...extra });
const creds = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: `${accessKeyId}-secret` });

const ACCOUNTS = [
  {
    accountId: ALICE.accountId,
    credentials: [
      { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey },
      key('AKIDREADER', { allow: ['chime:Get*', 'chime:List*'] }),
      key('AKIDNODELETE', { allow: ['*'], deny: ['chime:*Delete*'] }),
      key('AKIDORDERER', { allow: ['chime:CreatePhoneNumberOrder', 'chime:getphonenumberorder'] }),
      key('AKIDNOTHING', { allow: [] }),
      key('AKIDDENYALL', { deny: ['*'] }),
      key('AKIDDISABLED', { enabled: false }),
    ],
  },
  { accountId: BOB.accountId, credentials: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }] },
  { accountId: '333333333333', enabled: false, credentials: [key('AKIDSUSPENDED')] },
];

const ORDER = { ProductType: 'VoiceConnector' as const, E164PhoneNumbers: ['+12065550999'] };

describe('access control: allow/deny lists, disabled keys, suspended accounts', () => {
  let server: TestServer;
  const clients: ChimeClient[] = [];
  const client = (accessKeyId: string): ChimeClient => {
    const c = chimeClient(server, creds(accessKeyId));
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await startTestServer({ config: { accounts: ACCOUNTS, carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 } } });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await server.close();
  });

  it('lets a read-only key (chime:Get*, chime:List*) read and refuses its create with AccessDeniedException naming the action', async () => {
    const reader = client('AKIDREADER');
    assert.ok(Array.isArray((await reader.send(new ListPhoneNumberOrdersCommand({}))).PhoneNumberOrders));
    assert.ok(Array.isArray((await reader.send(new ListPhoneNumbersCommand({}))).PhoneNumbers));
    await reader.send(new GetPhoneNumberSettingsCommand({}));
    await assertError(
      reader.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: '6f1c3a4e-0000-4000-8000-000000000000' })),
      'NotFoundException', 404,
    );
    const denied = await assertError(reader.send(new CreatePhoneNumberOrderCommand(ORDER)), 'AccessDeniedException', 403);
    assert.equal(denied.message, 'User: AKIDREADER is not authorized to perform: chime:CreatePhoneNumberOrder');
    await assertError(
      reader.send(new SearchAvailablePhoneNumbersCommand({ AreaCode: '206' })),
      'AccessDeniedException', 403, /chime:SearchAvailablePhoneNumbers$/,
    );
  });

  it('answers AccessDeniedException 403 also for operations whose model does not list it (UpdatePhoneNumber, DeletePhoneNumber)', async () => {
    const reader = client('AKIDREADER');
    await assertError(reader.send(new UpdatePhoneNumberCommand({ PhoneNumberId: '+12065550999', CallingName: 'Alice' })), 'AccessDeniedException', 403, /chime:UpdatePhoneNumber$/);
    const noDelete = client('AKIDNODELETE');
    await assertError(noDelete.send(new DeletePhoneNumberCommand({ PhoneNumberId: '+12065550999' })), 'AccessDeniedException', 403, /chime:DeletePhoneNumber$/);
    await assertError(noDelete.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: ['+12065550999'] })), 'AccessDeniedException', 403, /chime:BatchDeletePhoneNumber$/);
  });

  it('an explicit deny wins over allow *, while the rest stays allowed', async () => {
    const noDelete = client('AKIDNODELETE');
    const created = await noDelete.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550998'] }));
    assert.equal(created.PhoneNumberOrder?.Status, 'Processing');
    await noDelete.send(new ListPhoneNumbersCommand({}));
    await assertError(client('AKIDDENYALL').send(new ListPhoneNumberOrdersCommand({})), 'AccessDeniedException', 403, /chime:ListPhoneNumberOrders$/);
  });

  it('matches actions case-insensitively, and an empty allow list allows nothing', async () => {
    const orderer = client('AKIDORDERER');
    const created = await orderer.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550997'] }));
    await orderer.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: created.PhoneNumberOrder!.PhoneNumberOrderId! }));
    await assertError(orderer.send(new ListPhoneNumberOrdersCommand({})), 'AccessDeniedException', 403);
    await assertError(client('AKIDNOTHING').send(new GetPhoneNumberSettingsCommand({})), 'AccessDeniedException', 403, /chime:GetPhoneNumberSettings$/);
  });

  it('answers UnauthorizedClientException 401 to a disabled key, but only to a request signed with its secret', async () => {
    await assertError(client('AKIDDISABLED').send(new ListPhoneNumberOrdersCommand({})), 'UnauthorizedClientException', 401, /AKIDDISABLED is disabled/);
    const forged = chimeClient(server, { accessKeyId: 'AKIDDISABLED', secretAccessKey: 'guess' });
    clients.push(forged);
    const error = await forged.send(new ListPhoneNumberOrdersCommand({})).then(() => assert.fail('expected a rejection'), (e: Error) => e);
    assert.equal(error.name, 'InvalidSignatureException');
  });

  it('answers ForbiddenException 403 to every request of a suspended account', async () => {
    const suspended = client('AKIDSUSPENDED');
    await assertError(suspended.send(new ListPhoneNumberOrdersCommand({})), 'ForbiddenException', 403, /333333333333 is suspended/);
    await assertError(suspended.send(new CreatePhoneNumberOrderCommand(ORDER)), 'ForbiddenException', 403);
    const res = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/limits', sign: creds('AKIDSUSPENDED') });
    assert.equal(res.status, 403);
    assert.equal(res.headers['x-amzn-errortype'], 'ForbiddenException');
  });

  it('GET /_dialtone/limits answers the caller\'s limits and usage, signed like the API', async () => {
    const unsigned = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/limits', sign: false });
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    const res = await sendRaw(server.url, { method: 'GET', target: '/_dialtone/limits', sign: creds('AKIDREADER') });
    assert.equal(res.status, 200, res.body);
    const body = res.json() as { accountId: string; accessKeyId: string; limits: Record<string, unknown>; usage: Record<string, unknown> };
    assert.equal(body.accountId, ALICE.accountId);
    assert.equal(body.accessKeyId, 'AKIDREADER');
    assert.deepEqual(body.limits, {
      maxNumbersPerOrder: 100,
      maxPhoneNumbersPerAccount: 10_000,
      maxProcessingOrdersPerAccount: 100,
      maxPhoneNumbersPerBatch: 100,
      throttling: { reading: { ratePerSecond: 100, burst: 200 }, mutating: { ratePerSecond: 20, burst: 50 } },
    });
    assert.equal(typeof body.usage.phoneNumbers, 'number');
    assert.equal(typeof body.usage.processingOrders, 'number');
    const post = await sendRaw(server.url, { method: 'POST', target: '/_dialtone/limits', sign: creds('AKIDREADER') });
    assert.equal(post.status, 405);
  });
});

describe('tenancy: another account\'s orders and numbers answer NotFoundException, never "forbidden"', () => {
  let server: TestServer;
  let alice: ChimeClient;
  let bob: ChimeClient;
  const NUMBERS = numberRange('+12065551200', 3);
  let orderId: string;

  before(async () => {
    server = await startTestServer({ config: { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 } } });
    alice = chimeClient(server, ALICE);
    bob = chimeClient(server, BOB);
    const [order] = await orderNumbers(alice, 'VoiceConnector', NUMBERS);
    assert.equal(order!.Status, 'Successful');
    orderId = order!.PhoneNumberOrderId!;
  });
  after(async () => {
    alice.destroy();
    bob.destroy();
    await server.close();
  });

  it('get and list orders', async () => {
    await assertError(bob.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId })), 'NotFoundException', 404);
    const listed = await bob.send(new ListPhoneNumberOrdersCommand({}));
    assert.ok(!(listed.PhoneNumberOrders ?? []).some((o) => o.PhoneNumberOrderId === orderId));
    assert.equal((await alice.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }))).PhoneNumberOrder?.Status, 'Successful');
  });

  it('get, list, update, delete and restore numbers', async () => {
    const [first, second] = NUMBERS as [string, string];
    await assertError(bob.send(new GetPhoneNumberCommand({ PhoneNumberId: first })), 'NotFoundException', 404);
    assert.ok(!((await bob.send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? []).some((n) => n.E164PhoneNumber === first));
    await assertError(bob.send(new UpdatePhoneNumberCommand({ PhoneNumberId: first, CallingName: 'Bobby' })), 'NotFoundException', 404);
    await assertError(bob.send(new DeletePhoneNumberCommand({ PhoneNumberId: first })), 'NotFoundException', 404);
    await assertError(bob.send(new RestorePhoneNumberCommand({ PhoneNumberId: first })), 'NotFoundException', 404);
    const batchUpdate = await bob.send(new BatchUpdatePhoneNumberCommand({ UpdatePhoneNumberRequestItems: [{ PhoneNumberId: second, CallingName: 'Bobby' }] }));
    assert.deepEqual(batchUpdate.PhoneNumberErrors?.map((e) => e.ErrorCode), ['NotFound']);
    const batchDelete = await bob.send(new BatchDeletePhoneNumberCommand({ PhoneNumberIds: [first, second] }));
    assert.deepEqual(batchDelete.PhoneNumberErrors?.map((e) => e.ErrorCode), ['NotFound', 'NotFound']);
    // Nothing of Alice's changed.
    for (const id of NUMBERS) {
      const { PhoneNumber } = await alice.send(new GetPhoneNumberCommand({ PhoneNumberId: id }));
      assert.equal(PhoneNumber?.Status, 'Unassigned');
      assert.equal(PhoneNumber?.CallingName, undefined);
    }
  });

  it('an order of a number another account owns fails that number, without telling who owns it', async () => {
    const created = await bob.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: [NUMBERS[0]!] }));
    assert.equal(created.PhoneNumberOrder?.Status, 'Processing');
    const [settled] = await orderNumbers(bob, 'VoiceConnector', [NUMBERS[1]!]);
    assert.equal(settled!.Status, 'Failed');
    assert.ok(!JSON.stringify(settled).includes(ALICE.accountId));
  });
});
