/**
 * The real AWS CLI with `aws chime-sdk-voice … --endpoint-url`. CLI v2 names the command in its User-Agent
 * (`command/chime-sdk-voice.list-phone-numbers`, `command/chime.…`), so dialtone answers each command with its own API
 * without an endpoint prefix; CLI v1 names nothing, so it needs `--endpoint-url …/chime-sdk-voice` for strict voice
 * and otherwise gets the union of the two APIs. Every call runs with `--debug`, whose log of the response headers
 * shows the `x-dialtone-api` that answered. CLI v2 2.9.19's voice model predates `Name`; CLI v1's has it.
 * Tags go through whichever of the two models each CLI has the tag commands in.
 * Each call costs a second or two of Python start-up: independent calls run three at a time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePhoneNumberOrderCommand } from '@aws-sdk/client-chime-sdk-voice';
import { chimeClient, startTestServer, type TestServer } from '../support/server.ts';
import { numberRange, orderNumbers } from '../support/phone-numbers.ts';
import { FAST_SERVER, findCli, inBatches, runJsonCli, type CliAnswer } from '../support/aws-cli.ts';
import { voiceClient, waitForVoiceOrder } from '../support/voice.ts';

const UNKNOWN = '+12065559999';
const VOICE_CONNECTOR = 'abcdef1ghij2klmno3pqr4';
const VOICE_CONNECTOR_GROUP = '123e4567-e89b-12d3-a456-426614174000';
function cliSuite(label: 'v1' | 'v2', bin: string | undefined, options: { required: boolean }): void {
  const skip = bin === undefined && !options.required ? `AWS CLI ${label} not installed` : false;

  describe(`the AWS CLI ${label} chime-sdk-voice against a listening server`, { skip, concurrency: 1 }, () => {
    let server: TestServer;
    let home: string;

    /** `aws <service> <args> --endpoint-url <server><prefix> --output json --debug`. */
    async function aws(service: 'chime-sdk-voice' | 'chime', args: string[], prefix = ''): Promise<CliAnswer> {
      assert.ok(bin, `AWS CLI ${label} not found (CI must install it: apt-get install awscli)`);
      const argv = [service, ...args, '--endpoint-url', `${server.url}${prefix}`, '--output', 'json', '--debug'];
      return runJsonCli(bin, argv, home);
    }
    const voice = (args: string[], prefix?: string) => () => aws('chime-sdk-voice', args, prefix);

    const succeeded = (a: CliAnswer | undefined): Record<string, unknown> => {
      assert.equal(a?.code, 0, a?.error);
      return a.json;
    };
    const refused = (a: CliAnswer | undefined, operation: string, message: RegExp): void => {
      assert.notEqual(a?.code, 0, `expected ${operation} to fail; it printed ${JSON.stringify(a?.json)}`);
      assert.ok(a!.error!.startsWith(`An error occurred (BadRequestException) when calling the ${operation} operation: `), a!.error);
      assert.match(a!.error!, message);
    };

    before(async () => {
      assert.ok(bin, `AWS CLI ${label} not found, and CI is set: CI must install it (Debian package awscli)`);
      home = mkdtempSync(join(tmpdir(), 'dialtone-aws-voice-home-'));
      server = await startTestServer({ config: FAST_SERVER });
      const chime = chimeClient(server);
      try {
        await orderNumbers(chime, 'VoiceConnector', numberRange('+12065550100', 3));
      } finally {
        chime.destroy();
      }
    });
    after(async () => {
      await server?.close();
      if (home) rmSync(home, { recursive: true, force: true });
      if (server) rmSync(server.dataDir, { recursive: true, force: true });
    });

    if (label === 'v2') {
      it('runs the 18 voice phone-number commands, each answered by chime-sdk-voice (named by the User-Agent)', async () => {
        const [n1, n2, n3] = numberRange('+12065550100', 3) as [string, string, string];
        const reads = await inBatches([
          voice(['search-available-phone-numbers', '--area-code', '206', '--max-results', '3']),
          voice(['list-supported-phone-number-countries', '--product-type', 'VoiceConnector']),
          voice(['get-phone-number', '--phone-number-id', n1]),
          voice(['list-phone-numbers', '--product-type', 'VoiceConnector', '--max-results', '100']),
          voice(['get-phone-number-settings']),
          voice(['associate-phone-numbers-with-voice-connector', '--voice-connector-id', VOICE_CONNECTOR, '--e164-phone-numbers', n2]),
          voice(['disassociate-phone-numbers-from-voice-connector', '--voice-connector-id', VOICE_CONNECTOR, '--e164-phone-numbers', n2]),
          voice(['associate-phone-numbers-with-voice-connector-group', '--voice-connector-group-id', VOICE_CONNECTOR_GROUP, '--e164-phone-numbers', n2]),
          voice(['disassociate-phone-numbers-from-voice-connector-group', '--voice-connector-group-id', VOICE_CONNECTOR_GROUP, '--e164-phone-numbers', n2]),
        ]);
        const [search, countries, number, numbers, settings, ...unknownTargets] = reads;
        assert.equal((succeeded(search).E164PhoneNumbers as string[]).length, 3);
        assert.deepEqual(succeeded(countries).PhoneNumberCountries, [{ CountryCode: 'US', SupportedPhoneNumberTypes: ['Local', 'TollFree'] }]);
        const phone = succeeded(number).PhoneNumber as Record<string, unknown>;
        assert.deepEqual([phone.PhoneNumberId, phone.E164PhoneNumber, phone.ProductType, phone.Status], ['%2B12065550100', n1, 'VoiceConnector', 'Unassigned']);
        assert.deepEqual((succeeded(numbers).PhoneNumbers as { E164PhoneNumber: string }[]).map((n) => n.E164PhoneNumber), [n1, n2, n3]);
        assert.deepEqual(succeeded(settings), {});
        const names = ['AssociatePhoneNumbersWithVoiceConnector', 'DisassociatePhoneNumbersFromVoiceConnector', 'AssociatePhoneNumbersWithVoiceConnectorGroup', 'DisassociatePhoneNumbersFromVoiceConnectorGroup'];
        // The association operations, with a connector and a group that do not exist: NotFoundException for each.
        unknownTargets.forEach((a, i) => {
          assert.notEqual(a?.code, 0, `expected ${names[i]} to fail`);
          assert.ok(a!.error!.startsWith(`An error occurred (NotFoundException) when calling the ${names[i]} operation: `), a!.error);
          assert.match(a!.error!, /No voice connector (group )?with id \S+ exists in this account$/);
        });

        const created = await aws('chime-sdk-voice', ['create-phone-number-order', '--product-type', 'SipMediaApplicationDialIn', '--e164-phone-numbers', '+12065550200']);
        const order = succeeded(created).PhoneNumberOrder as { PhoneNumberOrderId: string; ProductType: string; Status: string };
        assert.deepEqual([order.ProductType, order.Status], ['SipMediaApplicationDialIn', 'Processing']);
        const writes = await inBatches([
          voice(['get-phone-number-order', '--phone-number-order-id', order.PhoneNumberOrderId]),
          voice(['list-phone-number-orders', '--max-results', '100']),
          voice(['update-phone-number', '--phone-number-id', n1, '--product-type', 'SipMediaApplicationDialIn']),
          voice(['batch-update-phone-number', '--update-phone-number-request-items', JSON.stringify([{ PhoneNumberId: n2, CallingName: 'Dial Tone' }, { PhoneNumberId: UNKNOWN, ProductType: 'VoiceConnector' }])]),
          voice(['delete-phone-number', '--phone-number-id', n3]),
          voice(['update-phone-number-settings', '--calling-name', 'Dialtone Inc']),
        ]);
        const [got, orders, updated, batchUpdated, deleted, settingsUpdated] = writes;
        assert.equal((succeeded(got).PhoneNumberOrder as { PhoneNumberOrderId: string }).PhoneNumberOrderId, order.PhoneNumberOrderId);
        assert.equal((succeeded(orders).PhoneNumberOrders as unknown[]).length, 2);
        assert.equal((succeeded(updated).PhoneNumber as { ProductType: string }).ProductType, 'SipMediaApplicationDialIn');
        const codes = (a: CliAnswer | undefined): string[][] => (succeeded(a).PhoneNumberErrors as { PhoneNumberId: string; ErrorCode: string }[]).map((e) => [e.PhoneNumberId, e.ErrorCode]);
        assert.deepEqual(codes(batchUpdated), [[UNKNOWN, 'NotFound']]);
        assert.deepEqual(succeeded(deleted), {});
        assert.deepEqual(succeeded(settingsUpdated), {});
        const restored = await aws('chime-sdk-voice', ['restore-phone-number', '--phone-number-id', n3]);
        assert.equal((succeeded(restored).PhoneNumber as { Status: string }).Status, 'Unassigned');
        const batchDeleted = await aws('chime-sdk-voice', ['batch-delete-phone-number', '--phone-number-ids', n3, UNKNOWN]);
        assert.deepEqual(codes(batchDeleted), [[UNKNOWN, 'NotFound']]);

        const all = [...reads, created, ...writes, restored, batchDeleted];
        assert.equal(all.length, 18);
        assert.deepEqual(all.map((a) => a?.api), all.map(() => 'chime-sdk-voice'));
      });

      it('is strict voice: BusinessCalling, MaxResults 101 and the AccountId filter refused; MaxResults 100 and porting statuses taken', async () => {
        const [business, over, full, account, porting] = await inBatches([
          voice(['create-phone-number-order', '--product-type', 'BusinessCalling', '--e164-phone-numbers', '+12065550300']),
          voice(['list-phone-number-orders', '--max-results', '101']),
          voice(['list-phone-number-orders', '--max-results', '100']),
          voice(['list-phone-numbers', '--filter-name', 'AccountId', '--filter-value', '000000000000']),
          voice(['list-phone-numbers', '--status', 'PortinInProgress']),
        ]);
        refused(business, 'CreatePhoneNumberOrder', /Value 'BusinessCalling' at 'ProductType' failed to satisfy constraint: Member must satisfy enum value set: \[VoiceConnector, SipMediaApplicationDialIn\]/);
        refused(over, 'ListPhoneNumberOrders', /less than or equal to 100/);
        assert.ok(Array.isArray(succeeded(full).PhoneNumberOrders));
        refused(account, 'ListPhoneNumbers', /Value 'AccountId' at 'FilterName'/);
        assert.deepEqual(succeeded(porting).PhoneNumbers, []);
        assert.deepEqual([business, over, full, account, porting].map((a) => a?.api), Array(5).fill('chime-sdk-voice'));
      });

      it('aws chime is legacy Chime (named by the User-Agent): MaxResults 100 and porting statuses refused, BusinessCalling and AccountId taken', async () => {
        const legacy = (args: string[]) => () => aws('chime', args);
        const [over, porting, business, account] = await inBatches([
          legacy(['list-phone-number-orders', '--max-results', '100']),
          legacy(['list-phone-numbers', '--status', 'PortinInProgress']),
          legacy(['create-phone-number-order', '--product-type', 'BusinessCalling', '--e164-phone-numbers', '+12065550301']),
          legacy(['list-phone-numbers', '--filter-name', 'AccountId', '--filter-value', '000000000000']),
        ]);
        refused(over, 'ListPhoneNumberOrders', /Value '100' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 99/);
        refused(porting, 'ListPhoneNumbers', /Value 'PortinInProgress' at 'Status'/);
        assert.equal((succeeded(business).PhoneNumberOrder as { ProductType: string }).ProductType, 'BusinessCalling');
        assert.deepEqual(succeeded(account).PhoneNumbers, []);
        assert.deepEqual([over, porting, business, account].map((a) => a?.api), Array(4).fill('chime'));
      });

      it('the endpoint path prefix overrides the User-Agent: chime-sdk-voice at …/chime is answered by legacy Chime', async () => {
        const pinned = await aws('chime-sdk-voice', ['list-phone-number-orders', '--max-results', '100'], '/chime');
        refused(pinned, 'ListPhoneNumberOrders', /less than or equal to 99/);
        assert.equal(pinned.api, 'chime');
      });

      it('reads OrderType and OrderId of a voice order; its Name stays unknown to this CLI and to aws chime', async () => {
        const sdk = voiceClient(server);
        let orderId: string;
        try {
          const created = await sdk.send(new CreatePhoneNumberOrderCommand({ ProductType: 'VoiceConnector', E164PhoneNumbers: ['+12065550400'], Name: 'Front desk' }));
          orderId = created.PhoneNumberOrder!.PhoneNumberOrderId!;
          await waitForVoiceOrder(sdk, orderId);
        } finally {
          sdk.destroy();
        }
        const [order, number, legacy] = await inBatches([
          voice(['get-phone-number-order', '--phone-number-order-id', orderId]),
          voice(['get-phone-number', '--phone-number-id', '+12065550400']),
          () => aws('chime', ['get-phone-number', '--phone-number-id', '+12065550400']),
        ]);
        assert.equal((succeeded(order).PhoneNumberOrder as { OrderType?: string }).OrderType, 'New');
        const phone = succeeded(number).PhoneNumber as Record<string, unknown>;
        assert.equal(phone.OrderId, orderId);
        assert.ok(!('Name' in phone), 'CLI v2 2.9.19 has no Name in its voice model');
        const old = succeeded(legacy).PhoneNumber as Record<string, unknown>;
        assert.ok(!('Name' in old) && !('OrderId' in old), JSON.stringify(old));
      });
    } else {
      it('with --endpoint-url …/chime-sdk-voice it is strict voice: BusinessCalling refused, MaxResults 100 taken', async () => {
        const [business, full] = await inBatches([
          voice(['create-phone-number-order', '--product-type', 'BusinessCalling', '--e164-phone-numbers', '+12065550300'], '/chime-sdk-voice'),
          voice(['list-phone-number-orders', '--max-results', '100'], '/chime-sdk-voice'),
        ]);
        refused(business, 'CreatePhoneNumberOrder', /Value 'BusinessCalling' at 'ProductType'/);
        assert.ok(Array.isArray(succeeded(full).PhoneNumberOrders));
        assert.deepEqual([business?.api, full?.api], ['chime-sdk-voice', 'chime-sdk-voice']);
      });

      it('without a prefix it gets the union of both APIs: BusinessCalling and MaxResults 100 both taken', async () => {
        const [business, full] = await inBatches([
          voice(['create-phone-number-order', '--product-type', 'BusinessCalling', '--e164-phone-numbers', '+12065550301']),
          voice(['list-phone-number-orders', '--max-results', '100']),
        ]);
        assert.equal((succeeded(business).PhoneNumberOrder as { ProductType: string }).ProductType, 'BusinessCalling');
        assert.ok(Array.isArray(succeeded(full).PhoneNumberOrders));
        assert.deepEqual([business?.api, full?.api], ['both', 'both']);
      });

      it('create-phone-number-order --name names the numbers it acquires', async () => {
        const created = await aws('chime-sdk-voice', ['create-phone-number-order', '--product-type', 'VoiceConnector', '--e164-phone-numbers', '+12065550400', '--name', 'Front desk'], '/chime-sdk-voice');
        const orderId = (succeeded(created).PhoneNumberOrder as { PhoneNumberOrderId: string }).PhoneNumberOrderId;
        const sdk = voiceClient(server);
        try {
          await waitForVoiceOrder(sdk, orderId);
        } finally {
          sdk.destroy();
        }
        const number = await aws('chime-sdk-voice', ['get-phone-number', '--phone-number-id', '+12065550400'], '/chime-sdk-voice');
        const phone = succeeded(number).PhoneNumber as Record<string, unknown>;
        assert.deepEqual([phone.Name, phone.OrderId], ['Front desk', orderId]);
      });
    }

    // CLI v2 2.9.19's voice model predates the tag commands, which its legacy chime model has; CLI v1's voice model has them.
    const tagService = label === 'v2' ? 'chime' : 'chime-sdk-voice';
    it(`tags a voice connector with aws ${tagService} tag-resource, list-tags-for-resource and untag-resource`, async () => {
      const created = await aws('chime-sdk-voice', ['create-voice-connector', '--name', `tagged-${label}`, '--require-encryption']);
      const arn = (succeeded(created).VoiceConnector as { VoiceConnectorArn: string }).VoiceConnectorArn;
      const tagged = await aws(tagService, ['tag-resource', '--resource-arn', arn, '--tags', 'Key=team,Value=voice', 'Key=env,Value=prod']);
      assert.deepEqual(succeeded(tagged), {}, 'a 204 prints nothing');
      const untagged = await aws(tagService, ['untag-resource', '--resource-arn', arn, '--tag-keys', 'team']);
      assert.deepEqual(succeeded(untagged), {});
      const [listed, reserved] = await inBatches([
        () => aws(tagService, ['list-tags-for-resource', '--resource-arn', arn]),
        () => aws(tagService, ['tag-resource', '--resource-arn', arn, '--tags', 'Key=aws:owner,Value=x']),
      ]);
      assert.deepEqual(succeeded(listed), { Tags: [{ Key: 'env', Value: 'prod' }] });
      assert.equal(listed?.api, label === 'v2' ? 'chime' : 'both');
      refused(reserved, 'TagResource', /begins with "aws:"/);
    });

    it('puts and reads a connector\'s origination, termination, credentials, emergency calling and proxy with aws chime-sdk-voice', async () => {
      const created = await aws('chime-sdk-voice', ['create-voice-connector', '--name', `trunk-${label}`, '--no-require-encryption']);
      const id = (succeeded(created).VoiceConnector as { VoiceConnectorId: string }).VoiceConnectorId;
      const [origination, termination, credentials] = await inBatches([
        voice(['put-voice-connector-origination', '--voice-connector-id', id, '--origination', 'Routes=[{Host=pbx.example.com,Port=5060,Protocol=UDP,Priority=1,Weight=5}],Disabled=false']),
        voice(['put-voice-connector-termination', '--voice-connector-id', id, '--termination', 'CallingRegions=US,CidrAllowedList=203.0.113.0/24,CpsLimit=2']),
        voice(['put-voice-connector-termination-credentials', '--voice-connector-id', id, '--credentials', 'Username=pbx,Password=cli-Secret']),
      ]);
      assert.deepEqual(succeeded(origination), { Origination: { Routes: [{ Host: 'pbx.example.com', Port: 5060, Protocol: 'UDP', Priority: 1, Weight: 5 }], Disabled: false } });
      assert.deepEqual(succeeded(termination), { Termination: { CpsLimit: 2, CallingRegions: ['US'], CidrAllowedList: ['203.0.113.0/24'], Disabled: false } });
      assert.deepEqual(succeeded(credentials), {});
      const [got, usernames, refusedPut, emergency, proxy] = await inBatches([
        voice(['get-voice-connector-termination', '--voice-connector-id', id]),
        voice(['list-voice-connector-termination-credentials', '--voice-connector-id', id]),
        voice(['put-voice-connector-origination', '--voice-connector-id', id, '--origination', 'Routes=[{Port=5060}]']),
        voice(['put-voice-connector-emergency-calling-configuration', '--voice-connector-id', id, '--emergency-calling-configuration', 'DNIS=[{EmergencyPhoneNumber=12065550911,CallingCountry=US}]']),
        voice(['put-voice-connector-proxy', '--voice-connector-id', id, '--default-session-expiry-minutes', '30', '--phone-number-pool-countries', 'US', '--no-disabled']),
      ], 5);
      assert.deepEqual(succeeded(got), succeeded(termination));
      assert.deepEqual(succeeded(usernames), { Usernames: ['pbx'] });
      refused(refusedPut, 'PutVoiceConnectorOrigination', /route 1 needs a Host/);
      assert.deepEqual(succeeded(emergency), { EmergencyCallingConfiguration: { DNIS: [{ EmergencyPhoneNumber: '+12065550911', CallingCountry: 'US' }] } });
      assert.deepEqual(succeeded(proxy), { Proxy: { DefaultSessionExpiryMinutes: 30, Disabled: false, PhoneNumberCountries: ['US'] } });
    });

    // CLI v2 2.9.19's voice model predates voice profile domains; CLI v1's has them.
    if (label === 'v1') {
      it('creates, lists, updates and deletes a voice profile domain with aws chime-sdk-voice', async () => {
        const kmsKey = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
        const created = await aws('chime-sdk-voice', [
          'create-voice-profile-domain',
          '--name', 'cli callers',
          '--server-side-encryption-configuration', `KmsKeyArn=${kmsKey}`,
          '--client-request-token', 'cli-1',
          '--tags', 'Key=team,Value=voice',
        ]);
        const domain = succeeded(created).VoiceProfileDomain as Record<string, unknown>;
        const id = String(domain.VoiceProfileDomainId);
        assert.deepEqual([domain.Name, domain.ServerSideEncryptionConfiguration], ['cli callers', { KmsKeyArn: kmsKey }]);
        const [listed, updated, alias] = await inBatches([
          voice(['list-voice-profile-domains']),
          voice(['update-voice-profile-domain', '--voice-profile-domain-id', id, '--description', 'from the CLI']),
          voice(['create-voice-profile-domain', '--name', 'x', '--server-side-encryption-configuration', 'KmsKeyArn=arn:aws:kms:us-east-1:000000000000:alias/voice']),
        ]);
        assert.deepEqual((succeeded(listed).VoiceProfileDomains as Record<string, unknown>[]).map((d) => d.VoiceProfileDomainId), [id]);
        assert.equal((succeeded(updated).VoiceProfileDomain as Record<string, unknown>).Description, 'from the CLI');
        refused(alias, 'CreateVoiceProfileDomain', /must be the ARN of a KMS key/);
        const deleted = await aws('chime-sdk-voice', ['delete-voice-profile-domain', '--voice-profile-domain-id', id]);
        assert.deepEqual(succeeded(deleted), {}, 'a 204 prints nothing');
        const gone = await aws('chime-sdk-voice', ['get-voice-profile-domain', '--voice-profile-domain-id', id]);
        assert.match(gone.error ?? '', /^An error occurred \(NotFoundException\) when calling the GetVoiceProfileDomain operation: No voice profile domain/);
      });
    }
  });
}

// The two suites have a server each, so they run side by side.
describe('the AWS CLI with chime-sdk-voice', { concurrency: true }, () => {
  cliSuite('v2', findCli(2), { required: Boolean(process.env.CI) });
  cliSuite('v1', findCli(1), { required: false });
});
