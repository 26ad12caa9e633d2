/**
 * SIP media application calls through boto3 against a listening dialtone: `boto3.client('chime-sdk-voice')` with both
 * ages of botocore users run (Debian's 1.29 and the current one of `python3` on PATH), and the legacy
 * `boto3.client('chime')` where its model still has the two operations (1.29; the current chime model dropped them).
 * Each script first reads its model: both chime-sdk-voice models checked (1.29.27 and 1.43.11) have
 * CreateSipMediaApplicationCall with `ArgumentsMap` and UpdateSipMediaApplicationCall, but the 1.29 chime model's create
 * has no `ArgumentsMap`, so a script passes it only where its model has it (botocore refuses an unknown parameter).
 * The application and a SipMediaApplicationDialIn number (ordered and settled) are set up with the JS SDK. The voice
 * client talks to `…/chime-sdk-voice` and the legacy one to `…/chime`, so each answer names the model that served it
 * (`x-dialtone-api`). Skipped, with the reason, when boto3 is not installed.
 * Then the same through the real AWS CLI, v2 (Debian's 2.9.19, its own botocore) and v1 where installed (on the
 * botocore of its Python): both have `--sip-headers` and `--arguments-map`. CLI v2 names the command in its User-Agent,
 * so chime-sdk-voice answers it; CLI v1 names nothing and, without an endpoint prefix, gets the union of the two APIs.
 * Every CLI call runs with `--debug`, whose log of the response headers shows the `x-dialtone-api` that answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSipMediaApplicationCommand } from '@aws-sdk/client-chime-sdk-voice';
import { BOTO3_PRELUDE, BOTO3_SENT, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { FAST_SERVER, findCli, inBatches, runJsonCli, type CliAnswer } from '../support/aws-cli.ts';
import { accountConfig, ALICE, startTestServer, type TestServer } from '../support/server.ts';
import { orderVoiceNumbers, voiceClient } from '../support/voice.ts';

/**
 * The shared prelude (`client`, `call`), the application `sma` and the dial-in number `dial_in` (argv 3 and 4),
 * `client_at(service, prefix)`, `sent(client, operation, **params)` (`call` that keeps the HTTP status and the
 * answering API) and `modelled(client)`: whether its model has the two operations, and the create's members.
 */
const PRELUDE = `${BOTO3_PRELUDE}${BOTO3_SENT}sma, dial_in = sys.argv[3], sys.argv[4]
def modelled(c):
    model = c.meta.service_model
    names = model.operation_names
    both = 'CreateSipMediaApplicationCall' in names and 'UpdateSipMediaApplicationCall' in names
    members = list(model.operation_model('CreateSipMediaApplicationCall').input_shape.members) if both else []
    return {'botocore': botocore.__version__, 'both': both, 'members': members}
out = {}
`;

type Result = { ok?: Record<string, unknown>; error?: { code: string; message: string; status: number }; status?: number; api?: string };
type Model = { botocore: string; both: boolean; members: string[] };

const CALLED = '+12065550100';
const NOT_OWNED = '+12065550199';
const UNKNOWN_TRANSACTION = '6f1c3a4e-0000-4000-8000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** What no message may repeat: the numbers, and the refused header's name and value (the models mark them sensitive). */
/** Orders `dialIn` (SipMediaApplicationDialIn) for the account of `key` and creates an application; answers its id. */
async function dialInApplication(server: TestServer, dialIn: string, name: string, key?: { accessKeyId: string; secretAccessKey: string }): Promise<string> {
  const sdk = voiceClient(server, key);
  try {
    await orderVoiceNumbers(sdk, 'SipMediaApplicationDialIn', [dialIn]);
    const created = await sdk.send(
      new CreateSipMediaApplicationCommand({ Name: name, AwsRegion: 'us-east-1', Endpoints: [{ LambdaArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}` }] }),
    );
    return created.SipMediaApplication!.SipMediaApplicationId!;
  } finally {
    sdk.destroy();
  }
}

const SECRETS = [NOT_OWNED.slice(2), CALLED.slice(2), 'Via', 'pbx.example.com'];

for (const PYTHON of PYTHONS) describe(`boto3 SIP media application calls against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  let server: TestServer;
  let home: string;
  let sma: string;
  const dialIn = '+12064661262';

  /** Runs `body` (Python, after the prelude) and answers its `out`. */
  function run(body: string): Promise<Record<string, Result & Record<string, unknown>>> {
    return runBoto3({ python: PYTHON, url: server.url, keys: { alice: ALICE }, home, args: [sma, dialIn] }, `${PRELUDE}\n${body}`);
  }
  const transactionOf = (r: Result | undefined, status: number, api: string): string => {
    assert.equal(r?.status, status, JSON.stringify(r));
    assert.equal(r.api, api);
    const id = (r.ok?.SipMediaApplicationCall as { TransactionId?: string } | undefined)?.TransactionId;
    assert.match(String(id), UUID, JSON.stringify(r));
    assert.deepEqual(r.ok, { SipMediaApplicationCall: { TransactionId: id } }, 'nothing else in the answer');
    return id!;
  };
  const refused = (r: Result | undefined, code: string, status: number, message: RegExp): void => {
    assert.equal(r?.error?.code, code, JSON.stringify(r));
    assert.equal(r.error.status, status);
    assert.match(r.error.message, message);
    for (const secret of SECRETS) assert.ok(!r.error.message.includes(secret), `${r.error.message} repeats ${secret}`);
  };

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-sma-calls-home-'));
    server = await startTestServer({ config: { ...FAST_SERVER, accounts: [accountConfig(ALICE)] } });
    sma = await dialInApplication(server, dialIn, 'outbound', ALICE);
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('creates a call (201, a UUID) with SIP headers and updates it (202, the same transaction) with chime-sdk-voice', async () => {
    const out = await run(`
v = client_at('chime-sdk-voice', '/chime-sdk-voice')
out['model'] = modelled(v)
extra = {'ArgumentsMap': {'FirstName': 'John'}} if 'ArgumentsMap' in out['model']['members'] else {}
out['created'] = sent(v, 'create_sip_media_application_call', SipMediaApplicationId=sma, FromPhoneNumber=dial_in, ToPhoneNumber='${CALLED}',
                      SipHeaders={'X-Account-Id': '42', 'User-to-User': 'abc;encoding=hex'}, **extra)
tid = out['created']['ok']['SipMediaApplicationCall']['TransactionId']
out['updated'] = sent(v, 'update_sip_media_application_call', SipMediaApplicationId=sma, TransactionId=tid, Arguments={'action': 'hangup'})
out['again'] = sent(v, 'update_sip_media_application_call', SipMediaApplicationId=sma, TransactionId=tid, Arguments={})
`);
    const model = out.model as unknown as Model;
    assert.equal(model.both, true, `botocore ${model.botocore}'s chime-sdk-voice model lacks the operations`);
    // Both ages checked have it; were a future one to drop it, this would say so.
    assert.ok(model.members.includes('ArgumentsMap'), `botocore ${model.botocore}: ${model.members.join(', ')}`);
    const id = transactionOf(out.created, 201, 'chime-sdk-voice');
    assert.equal(transactionOf(out.updated, 202, 'chime-sdk-voice'), id);
    assert.equal(transactionOf(out.again, 202, 'chime-sdk-voice'), id, 'a call is still known after an update');
  });

  it('refuses an update of an unknown transaction (404), a caller number not owned, a Via header and an unknown application (400)', async () => {
    const out = await run(`
v = client_at('chime-sdk-voice', '/chime-sdk-voice')
create = lambda **p: sent(v, 'create_sip_media_application_call', **dict(dict(SipMediaApplicationId=sma, FromPhoneNumber=dial_in, ToPhoneNumber='${CALLED}'), **p))
out['unknown_transaction'] = sent(v, 'update_sip_media_application_call', SipMediaApplicationId=sma, TransactionId='${UNKNOWN_TRANSACTION}', Arguments={'a': 'b'})
out['not_owned'] = create(FromPhoneNumber='${NOT_OWNED}')
out['via'] = create(SipHeaders={'X-Account-Id': '42', 'Via': 'SIP/2.0/UDP pbx.example.com'})
out['unknown_application'] = create(SipMediaApplicationId='${UNKNOWN_TRANSACTION}')
out['still'] = create()
`);
    refused(out.unknown_transaction, 'NotFoundException', 404, new RegExp(`^No call with transaction id ${UNKNOWN_TRANSACTION} of SIP media application ${sma} in the last 24 hours$`));
    refused(out.not_owned, 'BadRequestException', 400, /^FromPhoneNumber must be a number of this account \(Unassigned or Assigned\)$/);
    refused(out.via, 'BadRequestException', 400, /^SipHeaders may hold custom headers \(X-…\), User-to-User and Diversion only; its header 2 of 2 is none of them$/);
    // The create's model lists no NotFoundException: an unknown application is a bad request.
    refused(out.unknown_application, 'BadRequestException', 400, new RegExp(`^No SIP media application with id ${UNKNOWN_TRANSACTION} exists in this account$`));
    for (const r of [out.unknown_transaction, out.not_owned, out.via, out.unknown_application]) assert.equal(r!.api, 'chime-sdk-voice');
    transactionOf(out.still, 201, 'chime-sdk-voice');
  });

  it('the legacy chime client at …/chime, where its model has the operations, creates and updates a call', async (t) => {
    const out = await run(`
legacy = client_at('chime', '/chime')
out['model'] = modelled(legacy)
if out['model']['both']:
    extra = {'ArgumentsMap': {'FirstName': 'John'}} if 'ArgumentsMap' in out['model']['members'] else {}
    out['created'] = sent(legacy, 'create_sip_media_application_call', SipMediaApplicationId=sma, FromPhoneNumber=dial_in, ToPhoneNumber='${CALLED}',
                          SipHeaders={'x-lower-case': '1', 'User-to-User': 'abc'}, **extra)
    tid = out['created']['ok']['SipMediaApplicationCall']['TransactionId']
    out['updated'] = sent(legacy, 'update_sip_media_application_call', SipMediaApplicationId=sma, TransactionId=tid, Arguments={'action': 'hangup'})
    out['unknown_transaction'] = sent(legacy, 'update_sip_media_application_call', SipMediaApplicationId=sma, TransactionId='${UNKNOWN_TRANSACTION}', Arguments={})
    out['via'] = sent(legacy, 'create_sip_media_application_call', SipMediaApplicationId=sma, FromPhoneNumber=dial_in, ToPhoneNumber='${CALLED}', SipHeaders={'Via': 'pbx.example.com'})
`);
    const model = out.model as unknown as Model;
    if (!model.both) {
      // The chime model of botocore 1.30 and later no longer has the SIP media application operations.
      assert.doesNotMatch(model.botocore, /^1\.29\./);
      t.skip(`botocore ${model.botocore}'s chime model has no CreateSipMediaApplicationCall`);
      return;
    }
    // botocore 1.29's chime model has SipHeaders but no ArgumentsMap on the create: the script passes none.
    assert.ok(model.members.includes('SipHeaders'), model.members.join(', '));
    const id = transactionOf(out.created, 201, 'chime');
    assert.equal(transactionOf(out.updated, 202, 'chime'), id);
    refused(out.unknown_transaction, 'NotFoundException', 404, /^No call with transaction id/);
    refused(out.via, 'BadRequestException', 400, /^SipHeaders may hold custom headers/);
    assert.deepEqual([out.unknown_transaction!.api, out.via!.api], ['chime', 'chime']);
  });
});

function cliSuite(label: 'v1' | 'v2', bin: string | undefined, options: { required: boolean }): void {
  const skip = bin === undefined && !options.required ? `AWS CLI ${label} not installed` : false;
  // CLI v2 exits 254 on a service error, CLI v1 255.
  const failure = label === 'v2' ? 254 : 255;
  const answering = label === 'v2' ? 'chime-sdk-voice' : 'both';

  describe(`the AWS CLI ${label} SIP media application calls against a listening server`, { skip, concurrency: 1 }, () => {
    let server: TestServer;
    let home: string;
    let sma: string;
    const dialIn = '+12064661263';

    /** `aws chime-sdk-voice <args> --endpoint-url <server> --output json --debug`. */
    async function aws(args: string[]): Promise<CliAnswer> {
      assert.ok(bin, `AWS CLI ${label} not found (CI must install it: apt-get install awscli)`);
      return runJsonCli(bin, ['chime-sdk-voice', ...args, '--endpoint-url', server.url, '--output', 'json', '--debug'], home);
    }
    const create = (extra: string[] = []) => () =>
      aws(['create-sip-media-application-call', '--sip-media-application-id', sma, '--from-phone-number', dialIn, '--to-phone-number', CALLED, ...extra]);
    const update = (transactionId: string, args: Record<string, string>) => () =>
      aws(['update-sip-media-application-call', '--sip-media-application-id', sma, '--transaction-id', transactionId, '--arguments', JSON.stringify(args)]);

    const transactionOf = (a: CliAnswer | undefined): string => {
      assert.equal(a?.code, 0, a?.error);
      const id = (a.json.SipMediaApplicationCall as { TransactionId?: string } | undefined)?.TransactionId;
      assert.match(String(id), UUID, JSON.stringify(a.json));
      assert.deepEqual(a.json, { SipMediaApplicationCall: { TransactionId: id } });
      return id!;
    };
    /** The command failed with the CLI's exit code for a service error and this error line, which repeats no secret. */
    const failed = (a: CliAnswer | undefined, exception: string, operation: string, message: RegExp): void => {
      assert.equal(a?.code, failure, `expected ${operation} to fail; it printed ${JSON.stringify(a?.json)}`);
      const prefix = `An error occurred (${exception}) when calling the ${operation} operation: `;
      assert.ok(a.error!.startsWith(prefix), a.error);
      assert.match(a.error!.slice(prefix.length), message);
      for (const secret of SECRETS) assert.ok(!a.error!.includes(secret), `${a.error} repeats ${secret}`);
    };

    before(async () => {
      assert.ok(bin, `AWS CLI ${label} not found, and CI is set: CI must install it (Debian package awscli)`);
      home = mkdtempSync(join(tmpdir(), 'dialtone-aws-sma-calls-home-'));
      server = await startTestServer({ config: FAST_SERVER });
      sma = await dialInApplication(server, dialIn, `outbound-${label}`);
    });
    after(async () => {
      await server?.close();
      if (home) rmSync(home, { recursive: true, force: true });
      if (server) rmSync(server.dataDir, { recursive: true, force: true });
    });

    it('create-sip-media-application-call with --sip-headers and --arguments-map, then update-sip-media-application-call', async () => {
      const headers = JSON.stringify({ 'X-Account-Id': '42', 'User-to-User': 'abc;encoding=hex' });
      const created = await create(['--sip-headers', headers, '--arguments-map', JSON.stringify({ FirstName: 'John' })])();
      const id = transactionOf(created);
      const updated = await update(id, { action: 'hangup' })();
      assert.equal(transactionOf(updated), id, 'the same transaction');
      assert.deepEqual([created.api, updated.api], [answering, answering]);
    });

    it('refuses an unknown transaction (NotFoundException), a caller number not owned and a Via header (BadRequestException)', async () => {
      const [unknown, notOwned, via] = await inBatches([
        update(UNKNOWN_TRANSACTION, { a: 'b' }),
        () => aws(['create-sip-media-application-call', '--sip-media-application-id', sma, '--from-phone-number', NOT_OWNED, '--to-phone-number', CALLED]),
        create(['--sip-headers', JSON.stringify({ 'X-Account-Id': '42', Via: 'SIP/2.0/UDP pbx.example.com' })]),
      ]);
      failed(unknown, 'NotFoundException', 'UpdateSipMediaApplicationCall', new RegExp(`^No call with transaction id ${UNKNOWN_TRANSACTION} of SIP media application ${sma} in the last 24 hours$`));
      failed(notOwned, 'BadRequestException', 'CreateSipMediaApplicationCall', /^FromPhoneNumber must be a number of this account \(Unassigned or Assigned\)$/);
      failed(via, 'BadRequestException', 'CreateSipMediaApplicationCall', /^SipHeaders may hold custom headers \(X-…\), User-to-User and Diversion only; its header 2 of 2 is none of them$/);
      assert.deepEqual([unknown?.api, notOwned?.api, via?.api], [answering, answering, answering]);
    });
  });
}

// The two suites have a server each, so they run side by side.
describe('the AWS CLI with SIP media application calls', { concurrency: true }, () => {
  cliSuite('v2', findCli(2), { required: Boolean(process.env.CI) });
  cliSuite('v1', findCli(1), { required: false });
});
