/**
 * Proxy sessions through boto3 against a listening dialtone: `boto3.client('chime-sdk-voice')` with both ages of
 * botocore users run (Debian's 1.29 and the current one of `python3` on PATH; both voice models have the five proxy
 * session operations), and the legacy `boto3.client('chime')` where its model still has them (1.29; the current chime
 * model dropped them). Each case's script sets up its own connector as a user would: create it, order numbers and wait
 * for the order, associate them, put the proxy configuration. The voice client talks to `…/chime-sdk-voice` and the
 * legacy one to `…/chime`, so each answer names the model that served it (`x-dialtone-api`). Skipped, with the
 * reason, when boto3 is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberRange } from '../support/phone-numbers.ts';
import { BOTO3_PRELUDE, BOTO3_SENT, boto3Unavailable, PYTHONS, runBoto3 } from '../support/boto3.ts';
import { accountConfig, ALICE, startTestServer, type TestServer } from '../support/server.ts';

/**
 * The shared prelude (`client`, `call`), the numbers `n` (argv 3), `client_at(service, prefix)`, `sent(client,
 * operation, **params)` (`call` that keeps the HTTP status and the answering API) and `proxied_connector(v, name,
 * numbers)` (a connector with the numbers ordered and associated and a proxy configuration of 45 minutes, US).
 */
const PRELUDE = `${BOTO3_PRELUDE}${BOTO3_SENT}n = json.loads(sys.argv[3])
def proxied_connector(v, name, numbers):
    vc = v.create_voice_connector(Name=name, RequireEncryption=True)['VoiceConnector']['VoiceConnectorId']
    order_id = v.create_phone_number_order(ProductType='VoiceConnector', E164PhoneNumbers=numbers)['PhoneNumberOrder']['PhoneNumberOrderId']
    deadline = time.time() + 15
    while True:
        order = v.get_phone_number_order(PhoneNumberOrderId=order_id)['PhoneNumberOrder']
        if order['Status'] != 'Processing' or time.time() > deadline:
            break
        time.sleep(0.05)
    errors = v.associate_phone_numbers_with_voice_connector(VoiceConnectorId=vc, E164PhoneNumbers=numbers).get('PhoneNumberErrors', [])
    v.put_voice_connector_proxy(VoiceConnectorId=vc, DefaultSessionExpiryMinutes=45, PhoneNumberPoolCountries=['US'])
    return vc, {'order': order['Status'], 'errors': errors}
out = {}
`;

type Result = { ok?: Record<string, unknown>; error?: { code: string; message: string; status: number }; status?: number; api?: string };
type Session = {
  VoiceConnectorId: string;
  ProxySessionId: string;
  Name?: string;
  Status: string;
  ExpiryMinutes: number;
  Capabilities: string[];
  CreatedTimestamp: string;
  UpdatedTimestamp: string;
  EndedTimestamp?: string;
  Participants: { PhoneNumber: string; ProxyPhoneNumber: string }[];
};

const FIRST = '+12065550100';
const SECOND = '+12065550101';
/** How botocore's datetimes print through `json.dumps(default=str)`. */
const DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00$/;

for (const PYTHON of PYTHONS) describe(`boto3 proxy sessions against a listening server: ${PYTHON}`, { skip: boto3Unavailable(PYTHON), concurrency: 1 }, () => {
  let server: TestServer;
  let home: string;
  const numbers = numberRange('+12065550700', 4);

  /** Runs `body` (Python, after the prelude) and answers its `out`. */
  function run(body: string): Promise<Record<string, Result & Record<string, unknown>>> {
    return runBoto3({ python: PYTHON, url: server.url, keys: { alice: ALICE }, home, args: [JSON.stringify(numbers)] }, `${PRELUDE}\n${body}`);
  }
  const session = (r: Result | undefined): Session => {
    assert.ok(r?.ok?.ProxySession, `expected a ProxySession, got ${JSON.stringify(r)}`);
    return r.ok.ProxySession as Session;
  };
  const refused = (r: Result | undefined, code: string, status: number, message: RegExp): void => {
    assert.equal(r?.error?.code, code, JSON.stringify(r));
    assert.equal(r.error.status, status);
    assert.match(r.error.message, message);
    // The models mark the participants' numbers sensitive: no message repeats them.
    for (const number of [FIRST, SECOND]) assert.ok(!r.error.message.includes(number.slice(2)), `${r.error.message} names ${number}`);
  };

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'dialtone-boto3-proxy-home-'));
    server = await startTestServer({
      config: { accounts: [accountConfig(ALICE, { maxVoiceConnectorsPerAccount: 10 })], carrier: { latencyMs: 0 }, fulfilment: { idleMs: 10 }, throttling: { enabled: false } },
    });
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('creates (201), gets, lists open, updates and deletes (204) a session with chime-sdk-voice; the pool then runs out', async () => {
    const [p1, p2] = numbers as [string, string];
    const out = await run(`
v = client_at('chime-sdk-voice', '/chime-sdk-voice')
vc, out['setup'] = proxied_connector(v, 'proxied', n[0:2])
out['vc'] = vc
pair = ['${FIRST}', '${SECOND}']
out['created'] = sent(v, 'create_proxy_session', VoiceConnectorId=vc, ParticipantPhoneNumbers=pair, Capabilities=['Voice', 'SMS'], Name='ride 1')
s = out['created']['ok']['ProxySession']
sid = s['ProxySessionId']
out['types'] = [type(s['CreatedTimestamp']).__name__, type(s['UpdatedTimestamp']).__name__]
out['got'] = sent(v, 'get_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid)
out['second'] = sent(v, 'create_proxy_session', VoiceConnectorId=vc, ParticipantPhoneNumbers=pair[::-1], Capabilities=['Voice'], ExpiryMinutes=10)
out['exhausted'] = sent(v, 'create_proxy_session', VoiceConnectorId=vc, ParticipantPhoneNumbers=pair, Capabilities=['Voice'])
out['open'] = sent(v, 'list_proxy_sessions', VoiceConnectorId=vc, Status='Open')
out['closed'] = sent(v, 'list_proxy_sessions', VoiceConnectorId=vc, Status='Closed')
time.sleep(0.01)
out['updated'] = sent(v, 'update_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid, Capabilities=['SMS'], ExpiryMinutes=90)
u = out['updated']['ok']['ProxySession']
out['later'] = u['UpdatedTimestamp'] >= s['UpdatedTimestamp'] and u['CreatedTimestamp'] == s['CreatedTimestamp']
out['got_updated'] = sent(v, 'get_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid)
out['deleted'] = sent(v, 'delete_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid)
out['gone'] = sent(v, 'get_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid)
out['gone_update'] = sent(v, 'update_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid, Capabilities=['Voice'])
out['after'] = sent(v, 'list_proxy_sessions', VoiceConnectorId=vc)
`);
    assert.deepEqual(out.setup, { order: 'Successful', errors: [] });
    const vc = out.vc as unknown as string;
    const created = session(out.created);
    assert.equal(out.created!.status, 201);
    assert.equal(out.created!.api, 'chime-sdk-voice');
    assert.match(created.ProxySessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual([created.VoiceConnectorId, created.Name, created.Status, created.Capabilities], [vc, 'ride 1', 'Open', ['Voice', 'SMS']]);
    assert.equal(created.ExpiryMinutes, 45, "the proxy configuration's DefaultSessionExpiryMinutes");
    // The connector's lowest free number masks both participants.
    assert.deepEqual(created.Participants, [{ PhoneNumber: FIRST, ProxyPhoneNumber: p1 }, { PhoneNumber: SECOND, ProxyPhoneNumber: p1 }]);
    assert.match(created.CreatedTimestamp, DATETIME);
    assert.equal(created.UpdatedTimestamp, created.CreatedTimestamp);
    assert.ok(!('EndedTimestamp' in created), JSON.stringify(created));
    assert.deepEqual(out.types, ['datetime', 'datetime'], 'botocore parsed the timestamps');
    assert.deepEqual(session(out.got), created);
    assert.equal(out.got!.status, 200);

    // Each participant holds p1 in the open session: the pair's second session gets the other number, the third none.
    const second = session(out.second);
    assert.deepEqual(second.Participants, [{ PhoneNumber: SECOND, ProxyPhoneNumber: p2 }, { PhoneNumber: FIRST, ProxyPhoneNumber: p2 }]);
    assert.equal(second.ExpiryMinutes, 10);
    refused(out.exhausted, 'BadRequestException', 400, new RegExp(`^No proxy phone number of voice connector ${vc} is free for the first participant`));
    const open = out.open!.ok?.ProxySessions as Session[];
    assert.deepEqual(open.map((s) => [s.ProxySessionId, s.Status]), [[created.ProxySessionId, 'Open'], [second.ProxySessionId, 'Open']]);
    assert.deepEqual(out.closed!.ok, { ProxySessions: [] });

    const updated = session(out.updated);
    assert.equal(out.updated!.status, 201, 'UpdateProxySession answers 201, as its model says');
    assert.deepEqual([updated.ProxySessionId, updated.Status, updated.Capabilities, updated.ExpiryMinutes], [created.ProxySessionId, 'Open', ['SMS'], 90]);
    assert.deepEqual(updated.Participants, created.Participants);
    assert.equal(out.later, true, 'UpdatedTimestamp equal or later, CreatedTimestamp unchanged');
    assert.deepEqual(session(out.got_updated), updated);

    assert.deepEqual(out.deleted, { ok: {}, status: 204, api: 'chime-sdk-voice' });
    refused(out.gone, 'NotFoundException', 404, new RegExp(`^No proxy session with id ${created.ProxySessionId} exists on voice connector ${vc}$`));
    assert.equal(out.gone!.api, 'chime-sdk-voice');
    refused(out.gone_update, 'NotFoundException', 404, /^No proxy session with id/);
    assert.deepEqual((out.after!.ok?.ProxySessions as Session[]).map((s) => s.ProxySessionId), [second.ProxySessionId]);
  });

  it('refuses identical participants, a connector without numbers, without or with a disabled proxy configuration, and an unknown one', async () => {
    const out = await run(`
v = client_at('chime-sdk-voice', '/chime-sdk-voice')
bare = v.create_voice_connector(Name='bare', RequireEncryption=True)['VoiceConnector']['VoiceConnectorId']
empty = v.create_voice_connector(Name='empty', RequireEncryption=True)['VoiceConnector']['VoiceConnectorId']
v.put_voice_connector_proxy(VoiceConnectorId=empty, DefaultSessionExpiryMinutes=45, PhoneNumberPoolCountries=['US'])
out['ids'] = [bare, empty]
create = lambda vc, pair: sent(v, 'create_proxy_session', VoiceConnectorId=vc, ParticipantPhoneNumbers=pair, Capabilities=['Voice'])
out['same'] = create(empty, ['${FIRST}', '${FIRST}'])
out['no_numbers'] = create(empty, ['${FIRST}', '${SECOND}'])
out['no_proxy'] = create(bare, ['${FIRST}', '${SECOND}'])
v.put_voice_connector_proxy(VoiceConnectorId=bare, DefaultSessionExpiryMinutes=45, PhoneNumberPoolCountries=['US'], Disabled=True)
out['disabled'] = create(bare, ['${FIRST}', '${SECOND}'])
out['unknown'] = create('abcdef1ghij2klmno3pqr4', ['${FIRST}', '${SECOND}'])
out['unknown_list'] = sent(v, 'list_proxy_sessions', VoiceConnectorId='abcdef1ghij2klmno3pqr4')
out['listed'] = sent(v, 'list_proxy_sessions', VoiceConnectorId=empty)
`);
    const [bare, empty] = out.ids as unknown as [string, string];
    refused(out.same, 'BadRequestException', 400, /^ParticipantPhoneNumbers must be two different numbers$/);
    assert.equal(out.same!.api, 'chime-sdk-voice');
    refused(out.no_numbers, 'BadRequestException', 400, new RegExp(`^Voice connector ${empty} has no proxy phone numbers`));
    refused(out.no_proxy, 'BadRequestException', 400, new RegExp(`^Voice connector ${bare} has no proxy configuration`));
    refused(out.disabled, 'BadRequestException', 400, new RegExp(`^The proxy configuration of voice connector ${bare} is disabled`));
    refused(out.unknown, 'NotFoundException', 404, /^No voice connector with id abcdef1ghij2klmno3pqr4 exists in this account$/);
    refused(out.unknown_list, 'NotFoundException', 404, /^No voice connector with id abcdef1ghij2klmno3pqr4 exists in this account$/);
    assert.deepEqual(out.listed!.ok, { ProxySessions: [] }, 'no refused create left a session behind');
  });

  it('the legacy chime client at …/chime, where its model has proxy sessions, creates and deletes one that chime-sdk-voice reads', async (t) => {
    const [, , p3] = numbers as [string, string, string];
    const out = await run(`
legacy = client_at('chime', '/chime')
out['botocore'] = botocore.__version__
out['modelled'] = 'CreateProxySession' in legacy.meta.service_model.operation_names
if out['modelled']:
    v = client_at('chime-sdk-voice', '/chime-sdk-voice')
    vc, out['setup'] = proxied_connector(v, 'legacy proxied', n[2:4])
    out['created'] = sent(legacy, 'create_proxy_session', VoiceConnectorId=vc, ParticipantPhoneNumbers=['${FIRST}', '${SECOND}'], Capabilities=['SMS'], ExpiryMinutes=5)
    sid = out['created']['ok']['ProxySession']['ProxySessionId']
    out['voice_view'] = sent(v, 'get_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid)
    out['listed'] = sent(legacy, 'list_proxy_sessions', VoiceConnectorId=vc, Status='Open')
    out['deleted'] = sent(legacy, 'delete_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid)
    out['gone'] = sent(legacy, 'get_proxy_session', VoiceConnectorId=vc, ProxySessionId=sid)
`);
    if ((out.modelled as unknown) === false) {
      // The chime model of botocore 1.30 and later no longer has the proxy session operations: its users cannot call them.
      assert.doesNotMatch(String(out.botocore), /^1\.29\./);
      t.skip(`botocore ${String(out.botocore)}'s chime model has no CreateProxySession`);
      return;
    }
    assert.deepEqual(out.setup, { order: 'Successful', errors: [] });
    const created = session(out.created);
    assert.deepEqual([out.created!.status, out.created!.api], [201, 'chime']);
    assert.deepEqual([created.Status, created.Capabilities, created.ExpiryMinutes], ['Open', ['SMS'], 5]);
    assert.deepEqual(created.Participants.map((p) => p.ProxyPhoneNumber), [p3, p3]);
    assert.deepEqual(session(out.voice_view), created, 'one session, whichever model reads it');
    assert.deepEqual((out.listed!.ok?.ProxySessions as Session[]).map((s) => s.ProxySessionId), [created.ProxySessionId]);
    assert.deepEqual(out.deleted, { ok: {}, status: 204, api: 'chime' });
    refused(out.gone, 'NotFoundException', 404, /^No proxy session with id/);
    assert.equal(out.gone!.api, 'chime');
  });
});
