/**
 * Helpers for tests of the two APIs served side by side (legacy Chime and Chime SDK Voice): a voice client that
 * records which API answered each request (`x-dialtone-api`), its refusals, and owned numbers or orders loaded
 * straight into a data directory (the `dialtone seed` code) for paging through more than 100 of them; a server with
 * two accounts and a client of each; a server and a HOME for a suite that runs the AWS CLI or boto3.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChimeClient } from '@aws-sdk/client-chime';
import {
  ChimeSDKVoiceClient,
  ChimeSDKVoiceServiceException,
  CreatePhoneNumberOrderCommand,
  GetPhoneNumberOrderCommand,
  type PhoneNumberOrder,
  type PhoneNumberProductType,
} from '@aws-sdk/client-chime-sdk-voice';
import { loadConfig } from '../../src/config/config.ts';
import type { ProductType } from '../../src/domain/orders/order.ts';
import { seed } from '../../src/seed.ts';
import { accountConfig, ALICE, BOB, startTestServer, type TestServer } from './server.ts';

/** Every API name the server can answer with, as `x-dialtone-api` spells it. */
export type AnsweringApi = 'chime' | 'chime-sdk-voice' | 'both';

const DEFAULT_KEY = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * A Chime SDK Voice client of `server`, no retries. `prefix` is appended to the endpoint (`/chime-sdk-voice`,
 * `/chime`), as a user would write it in `endpoint`.
 */
export function voiceClient(
  server: { url: string },
  credentials: { accessKeyId: string; secretAccessKey: string } = DEFAULT_KEY,
  options: { prefix?: string; region?: string } = {},
): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({
    endpoint: `${server.url}${options.prefix ?? ''}`,
    region: options.region ?? 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
}

/**
 * Records the `x-dialtone-api` header of every answer `client` receives (errors included), in order; the returned
 * array fills as requests are answered.
 */
export function answeringApis(client: ChimeSDKVoiceClient | ChimeClient): AnsweringApi[] {
  const seen: AnsweringApi[] = [];
  (client.middlewareStack as ChimeSDKVoiceClient['middlewareStack']).add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        seen.push(headerOf(result.response));
        return result;
      } catch (error) {
        seen.push(headerOf((error as { $response?: unknown }).$response));
        throw error;
      }
    },
    { step: 'deserialize', name: 'recordAnsweringApi', priority: 'high' },
  );
  return seen;
}

function headerOf(response: unknown): AnsweringApi {
  const headers = (response as { headers?: Record<string, string> } | undefined)?.headers ?? {};
  return headers['x-dialtone-api'] as AnsweringApi;
}

/** The voice SDK exception that `promise` rejects with; fails when it resolves. */
export async function voiceRejection(promise: Promise<unknown>): Promise<ChimeSDKVoiceServiceException> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChimeSDKVoiceServiceException, `expected a ChimeSDKVoiceServiceException, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Asserts a modelled refusal of the voice API: exception name, HTTP status and message. */
export async function assertVoiceError(promise: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<ChimeSDKVoiceServiceException> {
  const error = await voiceRejection(promise);
  assert.equal(error.name, name, error.message);
  assert.equal(error.$metadata.httpStatusCode, status, error.message);
  if (message) assert.match(error.message, message);
  return error;
}

/** The validation message of a value outside an enum, as dialtone words it (after AWS). */
export function enumRefusal(value: string, member: string, allowed: readonly string[]): RegExp {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`Value '${escape(value)}' at '${escape(member)}' failed to satisfy constraint: Member must satisfy enum value set: \\[${escape(allowed.join(', '))}\\]`);
}

/** Polls GetPhoneNumberOrder through the voice API until the order leaves `Processing`; fails after `timeoutMs`. */
export async function waitForVoiceOrder(client: ChimeSDKVoiceClient, orderId: string, timeoutMs = 15_000): Promise<PhoneNumberOrder> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { PhoneNumberOrder: order } = await client.send(new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }));
    if (order && order.Status !== 'Processing') return order;
    if (Date.now() > deadline) throw new Error(`order ${orderId} still Processing after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Orders `numbers` through the voice API and waits for the order, which must end `Successful`. */
export async function orderVoiceNumbers(client: ChimeSDKVoiceClient, productType: PhoneNumberProductType, numbers: readonly string[]): Promise<void> {
  const created = await client.send(new CreatePhoneNumberOrderCommand({ ProductType: productType, E164PhoneNumbers: [...numbers] }));
  const done = await waitForVoiceOrder(client, created.PhoneNumberOrder!.PhoneNumberOrderId!);
  assert.equal(done.Status, 'Successful', `order ${done.PhoneNumberOrderId} ended ${done.Status}`);
}

/**
 * Loads owned `Unassigned` US local numbers and/or `Processing` orders (each with its fulfilment job) straight into the
 * database of `dataDir`, as `dialtone seed` does; run it before the server starts on that directory.
 */
export async function seedDataDir(
  dataDir: string,
  what: { accountId: string; numbers?: number; orders?: number; perOrder?: number; productType?: ProductType },
): Promise<{ numbers: number; orders: number }> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  return seed(config, {
    accountId: what.accountId,
    productType: what.productType ?? 'VoiceConnector',
    numbers: what.numbers ?? 0,
    orders: what.orders ?? 0,
    perOrder: what.perOrder ?? 1,
    progress: () => {},
  });
}

/** A server with Alice's and Bob's accounts (the same limits for both, when given; throttling off) and a voice client of each. */
export interface AliceAndBob {
  server: TestServer;
  alice: ChimeSDKVoiceClient;
  bob: ChimeSDKVoiceClient;
  /** Destroys the clients and stops the server. */
  close(): Promise<void>;
}

export async function startAliceAndBob(limits?: Record<string, number>): Promise<AliceAndBob> {
  const server = await startTestServer({ config: { throttling: { enabled: false }, accounts: [accountConfig(ALICE, limits), accountConfig(BOB, limits)] } });
  const alice = voiceClient(server, ALICE);
  const bob = voiceClient(server, BOB);
  return {
    server,
    alice,
    bob,
    close: async () => {
      alice.destroy();
      bob.destroy();
      await server.close();
    },
  };
}

/** The server, the client's HOME and what `prepare` answered, of {@link voiceSuiteServer}: set once its `before` has run. */
export interface SuiteServer<W> {
  readonly server: TestServer;
  readonly home: string;
  readonly world: W;
}

/**
 * For the suite being defined, of a client that runs as a process (the AWS CLI, boto3): `before` makes an empty HOME
 * (`home` names it) and starts a server with `config`, then `prepare`s it with a voice client of `credentials`
 * (destroyed after); `after` stops the server and removes its data directory and the HOME.
 */
export function voiceSuiteServer<W>(options: {
  home: string;
  config: Record<string, unknown>;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  prepare: (sdk: ChimeSDKVoiceClient) => Promise<W>;
}): SuiteServer<W> {
  const suite = {} as { server?: TestServer; home?: string; world?: W };
  before(async () => {
    suite.home = mkdtempSync(join(tmpdir(), options.home));
    suite.server = await startTestServer({ config: options.config });
    const sdk = voiceClient(suite.server, options.credentials);
    try {
      suite.world = await options.prepare(sdk);
    } finally {
      sdk.destroy();
    }
  });
  after(async () => {
    await suite.server?.close();
    if (suite.home) rmSync(suite.home, { recursive: true, force: true });
    if (suite.server) rmSync(suite.server.dataDir, { recursive: true, force: true });
  });
  return suite as SuiteServer<W>;
}
