/**
 * The real AWS CLI (v2, and v1 when installed) against a listening dialtone: `aws chime ... --endpoint-url`.
 * Each CLI call costs ~0.5-1 s of Python start-up, so every suite keeps to a dozen invocations. The carrier is frozen
 * so orders stay `Processing` and a later get or list returns exactly what create answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALICE, FROZEN_CARRIER, startTestServer, type TestServer } from '../support/server.ts';
import { DEFAULT_KEY, findCli, runCli, type CliResult, type Credentials } from '../support/aws-cli.ts';
import { ORDER_ID_V7, orderIdTimeMs } from '../support/order-ids.ts';

interface Order {
  PhoneNumberOrderId: string;
  ProductType: string;
  Status: string;
  OrderedPhoneNumbers: { E164PhoneNumber: string; Status: string }[];
  CreatedTimestamp: string;
  UpdatedTimestamp: string;
}

const UNKNOWN_ORDER_ID = '6f1c1b2e-0d7a-4a55-9a3e-2f1f5a0b9c11';
const CLI_TIMEOUT_MS = 30_000;

function cliSuite(label: string, bin: string | undefined, options: { required: boolean }): void {
  const skip = bin === undefined && !options.required ? `AWS CLI ${label} not installed` : false;

  describe(`the AWS CLI ${label} against a listening server`, { skip, concurrency: 1 }, () => {
    let server: TestServer;
    let home: string;

    /** Runs `aws chime <args>`; resolves with the exit code and output, whatever the exit code. */
    function aws(args: string[], credentials: Credentials = DEFAULT_KEY): Promise<CliResult> {
      assert.ok(bin, `AWS CLI ${label} not found (CI must install it: apt-get install awscli)`);
      const argv = ['chime', ...args, '--endpoint-url', server.url, '--output', 'json'];
      return runCli(bin, argv, { home, credentials, timeoutMs: CLI_TIMEOUT_MS });
    }

    async function awsJson<T>(args: string[], credentials?: Credentials): Promise<T> {
      const r = await aws(args, credentials);
      assert.equal(r.code, 0, `aws chime ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    }

    async function awsError(args: string[], type: string, operation: string, credentials?: Credentials): Promise<string> {
      const r = await aws(args, credentials);
      assert.notEqual(r.code, 0, `expected aws chime ${args.join(' ')} to fail; it printed ${r.stdout}`);
      assert.equal(r.stdout, '');
      assert.ok(
        r.stderr.includes(`An error occurred (${type}) when calling the ${operation} operation:`),
        `expected ${type} from ${operation}, got: ${r.stderr}`,
      );
      return r.stderr;
    }

    const created: Order[] = [];
    function firstOrder(): Order {
      const order = created[0];
      assert.ok(order, 'needs the order created by the first test');
      return order;
    }

    before(async () => {
      assert.ok(bin, `AWS CLI ${label} not found, and CI is set: CI must install it (Debian package awscli)`);
      home = mkdtempSync(join(tmpdir(), 'dialtone-aws-home-'));
      server = await startTestServer({ config: FROZEN_CARRIER });
    });
    after(async () => {
      await server?.close();
      if (home) rmSync(home, { recursive: true, force: true });
      if (server) rmSync(server.dataDir, { recursive: true, force: true });
    });

    it('create-phone-number-order answers an order Processing with every number Processing', async () => {
      const { PhoneNumberOrder: order } = await awsJson<{ PhoneNumberOrder: Order }>([
        'create-phone-number-order', '--product-type', 'VoiceConnector', '--e164-phone-numbers', '+12065550100', '+12065550101',
      ]);
      assert.match(order.PhoneNumberOrderId, ORDER_ID_V7);
      assert.equal(order.ProductType, 'VoiceConnector');
      assert.equal(order.Status, 'Processing');
      assert.deepEqual(order.OrderedPhoneNumbers, [
        { E164PhoneNumber: '+12065550100', Status: 'Processing' },
        { E164PhoneNumber: '+12065550101', Status: 'Processing' },
      ]);
      const createdAt = Date.parse(order.CreatedTimestamp);
      assert.ok(Number.isFinite(createdAt), `CreatedTimestamp ${order.CreatedTimestamp} is not a date`);
      assert.ok(Math.abs(createdAt - Date.now()) < 60_000, `CreatedTimestamp ${order.CreatedTimestamp} is not now`);
      const idTime = orderIdTimeMs(order.PhoneNumberOrderId);
      assert.ok(Math.abs(idTime - createdAt) < 1_000, `the id's time ${new Date(idTime).toISOString()} is not the order's ${order.CreatedTimestamp}`);
      created.push(order);
    });

    it('get-phone-number-order returns the same order', async () => {
      const order = firstOrder();
      const got = await awsJson<{ PhoneNumberOrder: Order }>(['get-phone-number-order', '--phone-number-order-id', order.PhoneNumberOrderId]);
      assert.deepEqual(got.PhoneNumberOrder, order);
    });

    it('list-phone-number-orders pages with --max-results 1 and --next-token', async () => {
      const order = firstOrder();
      const { PhoneNumberOrder: second } = await awsJson<{ PhoneNumberOrder: Order }>([
        'create-phone-number-order', '--product-type', 'BusinessCalling', '--e164-phone-numbers', '+12065550102',
      ]);
      created.push(second);
      const page1 = await awsJson<{ PhoneNumberOrders: Order[]; NextToken?: string }>(['list-phone-number-orders', '--max-results', '1']);
      assert.deepEqual(page1.PhoneNumberOrders, [order]);
      assert.ok(page1.NextToken, 'a NextToken for the second order');
      const page2 = await awsJson<{ PhoneNumberOrders: Order[]; NextToken?: string }>([
        'list-phone-number-orders', '--max-results', '1', '--next-token', page1.NextToken,
      ]);
      assert.deepEqual(page2.PhoneNumberOrders, [second]);
    });

    it('a validation failure exits non-zero with BadRequestException naming the problem', async () => {
      const stderr = await awsError(
        ['create-phone-number-order', '--product-type', 'BusinessCalling', '--e164-phone-numbers', '+18005550100'],
        'BadRequestException', 'CreatePhoneNumberOrder',
      );
      assert.match(stderr, /Toll-free.*\+18005550100/);
    });

    it('get-phone-number-order of an unknown order id answers NotFoundException', async () => {
      await awsError(['get-phone-number-order', '--phone-number-order-id', UNKNOWN_ORDER_ID], 'NotFoundException', 'GetPhoneNumberOrder');
    });

    it('a wrong secret answers InvalidSignatureException and an unknown key UnrecognizedClientException', async () => {
      await awsError(['list-phone-number-orders'], 'InvalidSignatureException', 'ListPhoneNumberOrders', {
        accessKeyId: 'test', secretAccessKey: 'not-the-secret',
      });
      await awsError(['list-phone-number-orders'], 'UnrecognizedClientException', 'ListPhoneNumberOrders', {
        accessKeyId: 'AKIDNOBODY', secretAccessKey: 'test',
      });
    });

    it('another account can neither get the order nor see it in its list', async () => {
      const order = firstOrder();
      await awsError(['get-phone-number-order', '--phone-number-order-id', order.PhoneNumberOrderId], 'NotFoundException', 'GetPhoneNumberOrder', ALICE);
      const list = await awsJson<{ PhoneNumberOrders: Order[] }>(['list-phone-number-orders'], ALICE);
      assert.deepEqual(list.PhoneNumberOrders, []);
    });

    it('accepts any region: --region eu-west-1 reaches the same account', async () => {
      const order = firstOrder();
      const got = await awsJson<{ PhoneNumberOrder: Order }>([
        'get-phone-number-order', '--phone-number-order-id', order.PhoneNumberOrderId, '--region', 'eu-west-1',
      ]);
      assert.deepEqual(got.PhoneNumberOrder, order);
    });
  });
}

// The two suites have a server each, so they run side by side.
describe('the AWS CLI', { concurrency: true }, () => {
  cliSuite('v2', findCli(2), { required: Boolean(process.env.CI) });
  cliSuite('v1', findCli(1), { required: false });
});
