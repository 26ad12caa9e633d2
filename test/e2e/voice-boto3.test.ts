/**
 * boto3 (Python) with both APIs: `boto3.client('chime-sdk-voice', endpoint_url=...)` and `boto3.client('chime', ...)`.
 * boto3 names no service on the wire (its User-Agent says only `Boto3/… Botocore/…`), so which API answers depends on
 * the endpoint: `…/chime-sdk-voice` is strict Chime SDK Voice, `…/chime` legacy Chime, and no prefix the union of the
 * two (or `DIALTONE_DEFAULT_API`). Both ages users run: Debian's python3-boto3 (botocore 1.29, whose voice model has
 * no `Name`) and the python3 on PATH (a current botocore). Each test runs one Python process for a list of calls;
 * every answer reports the `x-dialtone-api` header it came with.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALICE, chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { voiceClient, waitForVoiceOrder } from '../support/voice.ts';
import { boto3Env, runPython } from '../support/boto3.ts';

const PYTHONS = ['/usr/bin/python3', 'python3'];

interface Probe {
  botocore: string;
  /** Whether this botocore's chime-sdk-voice model has `Name` on CreatePhoneNumberOrder (1.29 does not). */
  hasName: boolean;
}

/** What boto3 with `python` offers, or why it cannot run. */
function probe(python: string): Probe | string {
  const script =
    "import json, boto3, botocore.session; m = botocore.session.get_session().get_service_model('chime-sdk-voice'); " +
    "print(json.dumps({'botocore': botocore.__version__, 'hasName': 'Name' in m.operation_model('CreatePhoneNumberOrder').input_shape.members}))";
  const run = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 30_000 });
  if (run.error) return `${python} not found (${run.error.message})`;
  if (run.status !== 0) return `boto3 with a chime-sdk-voice model not installed for ${python} (apt-get install python3-boto3): ${run.stderr.trim().split('\n').pop()}`;
  return JSON.parse(run.stdout) as Probe;
}

/**
 * Runs the calls in order with one client per (service, endpoint); prints one result per call. A params string
 * "$order" stands for the PhoneNumberOrderId of the latest create_phone_number_order answer.
 */
const SCRIPT = `
import json, sys, boto3, botocore.config, botocore.exceptions
job = json.load(sys.stdin)
clients = {}
order_id = None
results = []
def fill(value):
    if value == '$order':
        return order_id
    if isinstance(value, list):
        return [fill(v) for v in value]
    if isinstance(value, dict):
        return {k: fill(v) for k, v in value.items()}
    return value
for call in job['calls']:
    key = (call['service'], call['endpoint'])
    if key not in clients:
        clients[key] = boto3.client(call['service'], endpoint_url=call['endpoint'], region_name='us-east-1',
                                    aws_access_key_id=job['key'], aws_secret_access_key=job['secret'],
                                    config=botocore.config.Config(retries={'max_attempts': 1}))
    try:
        response = getattr(clients[key], call['op'])(**fill(call['params']))
        meta = response.pop('ResponseMetadata')
        if call['op'] == 'create_phone_number_order':
            order_id = response['PhoneNumberOrder']['PhoneNumberOrderId']
        results.append({'ok': response, 'status': meta['HTTPStatusCode'], 'api': meta['HTTPHeaders'].get('x-dialtone-api')})
    except botocore.exceptions.ClientError as e:
        results.append({'error': {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message', '')},
                        'status': e.response['ResponseMetadata']['HTTPStatusCode'],
                        'api': e.response['ResponseMetadata'].get('HTTPHeaders', {}).get('x-dialtone-api')})
print(json.dumps(results, default=str))
`;

interface Call {
  service: 'chime' | 'chime-sdk-voice';
  /** Appended to the server's URL: '', '/chime-sdk-voice' or '/chime'. */
  prefix: string;
  op: string;
  params?: Record<string, unknown>;
}

interface Result {
  ok?: Record<string, unknown>;
  error?: { code: string; message: string };
  status: number;
  api: string;
}

const UNKNOWN = '+12065559999';

for (const PYTHON of PYTHONS) {
  const found = probe(PYTHON);
  const skip = typeof found === 'string' ? found : false;

  describe(`boto3 chime-sdk-voice against a listening server: ${PYTHON}`, { skip, concurrency: 1 }, () => {
    const { hasName } = typeof found === 'string' ? { hasName: false } : found;
    let server: TestServer;
    let home: string;

    async function run(target: TestServer, calls: Call[]): Promise<Result[]> {
      const job = {
        key: ALICE.accessKeyId,
        secret: ALICE.secretAccessKey,
        calls: calls.map((c) => ({ service: c.service, endpoint: `${target.url}${c.prefix}`, op: c.op, params: c.params ?? {} })),
      };
      const r = await runPython(PYTHON, SCRIPT, [], { env: boto3Env(home), stdin: JSON.stringify(job), timeoutMs: 90_000 });
      if (r.code !== 0) throw new Error(`boto3 failed (exit ${r.code}):\n${r.stderr}`);
      const results = JSON.parse(r.stdout) as Result[];
      assert.equal(results.length, calls.length);
      return results;
    }

    /** The successful answer; fails with the error otherwise. */
    const ok = (r: Result | undefined): Record<string, unknown> => {
      assert.ok(r?.ok, `expected success, got ${JSON.stringify(r)}`);
      return r.ok;
    };
    const refused = (r: Result | undefined, message: RegExp): void => {
      assert.equal(r?.error?.code, 'BadRequestException', JSON.stringify(r));
      assert.equal(r.status, 400);
      assert.match(r.error.message, message);
    };

    before(async () => {
      home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-voice-home-'));
      server = await startTestServer({ config: { carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } } });
      const alice = chimeClient(server, ALICE);
      try {
        await orderNumbers(alice, 'VoiceConnector', numberRange('+12065550100', 3));
      } finally {
        alice.destroy();
      }
    });
    after(async () => {
      await server?.close();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    it('calls all 18 voice phone-number operations through …/chime-sdk-voice, each answered by chime-sdk-voice', async () => {
      const [n1, n2, n3] = numberRange('+12065550100', 3);
      const v = (op: string, params?: Record<string, unknown>): Call => ({ service: 'chime-sdk-voice', prefix: '/chime-sdk-voice', op, params });
      const associate = { VoiceConnectorId: 'abcdef1ghij2klmno3pqr4', E164PhoneNumbers: [n2] };
      const group = { VoiceConnectorGroupId: '123e4567-e89b-12d3-a456-426614174000', E164PhoneNumbers: [n2] };
      const results = await run(server, [
        v('search_available_phone_numbers', { AreaCode: '206', MaxResults: 3 }),
        v('list_supported_phone_number_countries', { ProductType: 'VoiceConnector' }),
        v('create_phone_number_order', { ProductType: 'SipMediaApplicationDialIn', E164PhoneNumbers: ['+12065550200'] }),
        v('get_phone_number_order', { PhoneNumberOrderId: '$order' }),
        v('list_phone_number_orders', { MaxResults: 100 }),
        v('get_phone_number', { PhoneNumberId: n1 }),
        v('list_phone_numbers', { MaxResults: 100, ProductType: 'VoiceConnector' }),
        v('update_phone_number', { PhoneNumberId: n1, ProductType: 'SipMediaApplicationDialIn' }),
        v('batch_update_phone_number', { UpdatePhoneNumberRequestItems: [{ PhoneNumberId: n2, CallingName: 'Dial Tone' }, { PhoneNumberId: UNKNOWN, ProductType: 'VoiceConnector' }] }),
        v('delete_phone_number', { PhoneNumberId: n3 }),
        v('restore_phone_number', { PhoneNumberId: n3 }),
        v('batch_delete_phone_number', { PhoneNumberIds: [n3, UNKNOWN] }),
        v('get_phone_number_settings'),
        v('update_phone_number_settings', { CallingName: 'Dialtone Inc' }),
        v('associate_phone_numbers_with_voice_connector', associate),
        v('disassociate_phone_numbers_from_voice_connector', associate),
        v('associate_phone_numbers_with_voice_connector_group', group),
        v('disassociate_phone_numbers_from_voice_connector_group', group),
      ]);
      assert.deepEqual(new Set(results.map((r) => r.api)), new Set(['chime-sdk-voice']), JSON.stringify(results.map((r) => r.api)));
      const [search, countries, created, got, orders, number, numbers, updated, batchUpdated, deleted, restored, batchDeleted, settings, settingsUpdated, ...unknownTargets] = results;

      assert.equal((ok(search).E164PhoneNumbers as string[]).length, 3);
      assert.deepEqual(ok(countries).PhoneNumberCountries, [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }]);
      assert.equal(created?.status, 201);
      const order = ok(created).PhoneNumberOrder as { PhoneNumberOrderId: string; ProductType: string; Status: string };
      assert.deepEqual([order.ProductType, order.Status], ['SipMediaApplicationDialIn', 'Processing']);
      assert.equal((ok(got).PhoneNumberOrder as { PhoneNumberOrderId: string }).PhoneNumberOrderId, order.PhoneNumberOrderId);
      assert.equal((ok(orders).PhoneNumberOrders as unknown[]).length, 2);
      const phone = ok(number).PhoneNumber as Record<string, unknown>;
      assert.deepEqual([phone.PhoneNumberId, phone.E164PhoneNumber, phone.ProductType, phone.Status], ['%2B12065550100', n1, 'VoiceConnector', 'Unassigned']);
      assert.deepEqual((ok(numbers).PhoneNumbers as { E164PhoneNumber: string }[]).map((n) => n.E164PhoneNumber), [n1, n2, n3]);
      assert.equal((ok(updated).PhoneNumber as { ProductType: string }).ProductType, 'SipMediaApplicationDialIn');
      const codes = (r: Result | undefined): string[][] => (ok(r).PhoneNumberErrors as { PhoneNumberId: string; ErrorCode: string }[]).map((e) => [e.PhoneNumberId, e.ErrorCode]);
      assert.deepEqual(codes(batchUpdated), [[UNKNOWN, 'NotFound']]);
      assert.equal(deleted?.status, 204);
      assert.equal((ok(restored).PhoneNumber as { Status: string }).Status, 'Unassigned');
      assert.deepEqual(codes(batchDeleted), [[UNKNOWN, 'NotFound']]);
      assert.deepEqual(ok(settings), {});
      assert.equal(settingsUpdated?.status, 204);
      const names = ['AssociatePhoneNumbersWithVoiceConnector', 'DisassociatePhoneNumbersFromVoiceConnector', 'AssociatePhoneNumbersWithVoiceConnectorGroup', 'DisassociatePhoneNumbersFromVoiceConnectorGroup'];
      // The association operations, with a connector and a group that do not exist: NotFoundException for each.
      assert.equal(unknownTargets.length, names.length);
      for (const r of unknownTargets) {
        assert.equal(r?.error?.code, 'NotFoundException', JSON.stringify(r));
        assert.equal(r.status, 404);
        assert.match(r.error.message, /^No voice connector (group )?with id \S+ exists in this account$/);
      }
    });

    it('…/chime-sdk-voice is strict voice: BusinessCalling, MaxResults 101 and the AccountId filter are refused', async () => {
      const v = (op: string, params?: Record<string, unknown>): Call => ({ service: 'chime-sdk-voice', prefix: '/chime-sdk-voice', op, params });
      const results = await run(server, [
        v('create_phone_number_order', { ProductType: 'BusinessCalling', E164PhoneNumbers: ['+12065550300'] }),
        v('list_phone_number_orders', { MaxResults: 101 }),
        v('list_phone_numbers', { MaxResults: 100 }),
        v('list_phone_numbers', { FilterName: 'AccountId', FilterValue: ALICE.accountId }),
        v('list_phone_numbers', { Status: 'PortinInProgress' }),
      ]);
      assert.deepEqual(new Set(results.map((r) => r.api)), new Set(['chime-sdk-voice']));
      refused(results[0], /Value 'BusinessCalling' at 'ProductType' failed to satisfy constraint: Member must satisfy enum value set: \[VoiceConnector, SipMediaApplicationDialIn\]/);
      refused(results[1], /less than or equal to 100/);
      const listed = (ok(results[2]).PhoneNumbers as { E164PhoneNumber: string }[]).map((n) => n.E164PhoneNumber);
      for (const n of numberRange('+12065550100', 3)) assert.ok(listed.includes(n), `${n} in ${listed.join(' ')}`);
      refused(results[3], /Value 'AccountId' at 'FilterName'/);
      assert.deepEqual(ok(results[4]).PhoneNumbers, []);
    });

    it('without a prefix both clients get the union: BusinessCalling and MaxResults 100 accepted', async () => {
      const results = await run(server, [
        { service: 'chime-sdk-voice', prefix: '', op: 'create_phone_number_order', params: { ProductType: 'BusinessCalling', E164PhoneNumbers: ['+12065550301'] } },
        { service: 'chime-sdk-voice', prefix: '', op: 'list_phone_number_orders', params: { MaxResults: 100 } },
        { service: 'chime-sdk-voice', prefix: '', op: 'list_phone_numbers', params: { Status: 'PortinInProgress' } },
        { service: 'chime', prefix: '', op: 'list_phone_number_orders', params: { MaxResults: 100 } },
        { service: 'chime', prefix: '', op: 'list_phone_numbers', params: { FilterName: 'AccountId', FilterValue: ALICE.accountId } },
        { service: 'chime', prefix: '', op: 'create_phone_number_order', params: { ProductType: 'Fax', E164PhoneNumbers: ['+12065550302'] } },
      ]);
      assert.deepEqual(results.map((r) => r.api), ['both', 'both', 'both', 'both', 'both', 'both']);
      assert.equal(results[0]?.status, 201);
      assert.equal((ok(results[0]).PhoneNumberOrder as { ProductType: string }).ProductType, 'BusinessCalling');
      assert.equal((ok(results[1]).PhoneNumberOrders as unknown[]).length, 3);
      assert.deepEqual(ok(results[2]).PhoneNumbers, []);
      assert.equal((ok(results[3]).PhoneNumberOrders as unknown[]).length, 3);
      assert.deepEqual(ok(results[4]).PhoneNumbers, []);
      // The union is still a model: a product type of neither API is refused, naming the three of both.
      refused(results[5], /enum value set: \[BusinessCalling, VoiceConnector, SipMediaApplicationDialIn\]/);
    });

    it('the legacy client at …/chime gets legacy Chime: MaxResults 100 and porting statuses refused, BusinessCalling accepted', async () => {
      const c = (op: string, params?: Record<string, unknown>): Call => ({ service: 'chime', prefix: '/chime', op, params });
      const results = await run(server, [
        c('list_phone_number_orders', { MaxResults: 100 }),
        c('list_phone_number_orders', { MaxResults: 99 }),
        c('create_phone_number_order', { ProductType: 'BusinessCalling', E164PhoneNumbers: ['+12065550303'] }),
        c('list_phone_numbers', { FilterName: 'AccountId', FilterValue: ALICE.accountId }),
        c('list_phone_numbers', { Status: 'PortinInProgress' }),
      ]);
      assert.deepEqual(new Set(results.map((r) => r.api)), new Set(['chime']));
      refused(results[0], /Value '100' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 99/);
      assert.ok(ok(results[1]).PhoneNumberOrders);
      assert.equal((ok(results[2]).PhoneNumberOrder as { ProductType: string }).ProductType, 'BusinessCalling');
      assert.deepEqual(ok(results[3]).PhoneNumbers, []);
      refused(results[4], /Value 'PortinInProgress' at 'Status' failed to satisfy constraint/);
    });

    it(`reads voice orders and numbers as its model knows them: OrderType, OrderId${hasName ? ' and Name' : ' (no Name in this botocore)'}`, async () => {
      const number = '+12065550400';
      const params: Record<string, unknown> = { ProductType: 'VoiceConnector', E164PhoneNumbers: [number] };
      if (hasName) params.Name = 'Front desk';
      const [created] = await run(server, [{ service: 'chime-sdk-voice', prefix: '/chime-sdk-voice', op: 'create_phone_number_order', params }]);
      const orderId = (ok(created).PhoneNumberOrder as { PhoneNumberOrderId: string }).PhoneNumberOrderId;
      const js = voiceClient(server, ALICE, { prefix: '/chime-sdk-voice' });
      try {
        assert.equal((await waitForVoiceOrder(js, orderId)).Status, 'Successful');
      } finally {
        js.destroy();
      }
      const [order, phone, legacyPhone] = await run(server, [
        { service: 'chime-sdk-voice', prefix: '/chime-sdk-voice', op: 'get_phone_number_order', params: { PhoneNumberOrderId: orderId } },
        { service: 'chime-sdk-voice', prefix: '/chime-sdk-voice', op: 'get_phone_number', params: { PhoneNumberId: number } },
        { service: 'chime', prefix: '/chime', op: 'get_phone_number', params: { PhoneNumberId: number } },
      ]);
      assert.equal((ok(order).PhoneNumberOrder as { OrderType?: string }).OrderType, 'New');
      const voiceNumber = ok(phone).PhoneNumber as { OrderId?: string; Name?: string };
      assert.equal(voiceNumber.OrderId, orderId);
      // botocore drops members its model lacks, so 1.29 shows no Name even though the server sent one.
      assert.equal(voiceNumber.Name, hasName ? 'Front desk' : undefined);
      const legacyNumber = ok(legacyPhone).PhoneNumber as Record<string, unknown>;
      assert.equal(legacyNumber.E164PhoneNumber, number);
      assert.ok(!('Name' in legacyNumber) && !('OrderId' in legacyNumber), JSON.stringify(legacyNumber));
    });

    describe('with DIALTONE_DEFAULT_API=chime-sdk-voice', () => {
      let strict: TestServer;
      before(async () => {
        strict = await startTestServer({ env: { DIALTONE_DEFAULT_API: 'chime-sdk-voice' }, config: { throttling: { enabled: false } } });
      });
      after(async () => {
        await strict?.close();
      });

      it('unprefixed boto3 (either client) is answered by strict voice; the /chime prefix still reaches legacy', async () => {
        const results = await run(strict, [
          { service: 'chime-sdk-voice', prefix: '', op: 'create_phone_number_order', params: { ProductType: 'BusinessCalling', E164PhoneNumbers: ['+12065550500'] } },
          { service: 'chime-sdk-voice', prefix: '', op: 'list_phone_number_orders', params: { MaxResults: 100 } },
          { service: 'chime', prefix: '', op: 'list_phone_numbers', params: { FilterName: 'AccountId', FilterValue: ALICE.accountId } },
          { service: 'chime', prefix: '/chime', op: 'list_phone_number_orders', params: { MaxResults: 100 } },
        ]);
        assert.deepEqual(results.map((r) => r.api), ['chime-sdk-voice', 'chime-sdk-voice', 'chime-sdk-voice', 'chime']);
        refused(results[0], /Value 'BusinessCalling' at 'ProductType'/);
        assert.deepEqual(ok(results[1]).PhoneNumberOrders, []);
        refused(results[2], /Value 'AccountId' at 'FilterName'/);
        refused(results[3], /less than or equal to 99/);
      });
    });
  });
}
