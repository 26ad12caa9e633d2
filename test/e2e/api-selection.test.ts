/**
 * Which API answers a request, with hand-signed raw requests that set exactly what a client, a proxy or a DNS name
 * would put on the wire: the endpoint path prefix, the Host (sent to 127.0.0.1 with `Host: voice-chime.localhost:PORT`,
 * since names under .localhost do not resolve here), the User-Agent or x-amz-user-agent, else `defaultApi`. Each
 * request is one that the two models judge differently (MaxResults 100, BusinessCalling), and `x-dialtone-api` names
 * the API that answered.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.ts';
import { sendRaw, type RawResponse } from '../support/raw-request.ts';

/** User-Agents captured from real clients (test/fixtures/sigv4-real-clients.json and the CLI v2 voice commands). */
const UA = {
  cliV2Voice: 'aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v782 source/x86_64.debian.12 prompt/off command/chime-sdk-voice.list-phone-number-orders',
  cliV2Chime: 'aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v782 source/x86_64.debian.12 prompt/off command/chime.list-phone-number-orders',
  cliV1: 'aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v782 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,D,Z,b,g cfg/retry-mode#legacy botocore/1.43.11',
  boto3: 'Boto3/1.26.27 Python/3.11.2 Linux/6.18.44-fc-v782 awscrt/1.0.0.dev0 Botocore/1.29.27',
  jsVoice: 'aws-sdk-js/3.1141.0 ua/2.1 os/linux#6.18.44-fc-v782 lang/js md/nodejs#20.20.2 api/chime-sdk-voice#3.1141.0 m/N,E,e',
  jsChime: 'aws-sdk-js/3.1137.0 ua/2.1 os/linux#6.18.44-fc-v782 lang/js md/nodejs#20.20.2 api/chime#3.1137.0 m/N,E,e',
};

const TOO_MANY_FOR_LEGACY = /Value '100' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 99/;
const NO_BUSINESS_CALLING = /Value 'BusinessCalling' at 'ProductType' failed to satisfy constraint: Member must satisfy enum value set: \[VoiceConnector, SipMediaApplicationDialIn\]/;

function api(response: RawResponse): string | undefined {
  return response.headers['x-dialtone-api'] as string | undefined;
}

describe('which API answers a request', () => {
  let server: TestServer;
  let port: string;
  let n = 0;

  /** A signed ListPhoneNumberOrders with MaxResults 100: voice and the union take it, legacy Chime refuses it. */
  const list100 = (headers: Record<string, string> = {}, prefix = ''): Promise<RawResponse> =>
    sendRaw(server.url, { method: 'GET', target: `${prefix}/phone-number-orders?max-results=100`, headers });
  /** A signed BusinessCalling order for a fresh number: legacy and the union take it, voice refuses it. */
  const businessOrder = (headers: Record<string, string> = {}, prefix = ''): Promise<RawResponse> =>
    sendRaw(server.url, {
      method: 'POST',
      target: `${prefix}/phone-number-orders`,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ ProductType: 'BusinessCalling', E164PhoneNumbers: [`+1206555${String(1000 + n++).padStart(4, '0')}`] }),
    });

  function assertVoice(list: RawResponse, order: RawResponse): void {
    assert.deepEqual([list.status, api(list)], [200, 'chime-sdk-voice'], list.body);
    assert.deepEqual([order.status, api(order), order.headers['x-amzn-errortype']], [400, 'chime-sdk-voice', 'BadRequestException'], order.body);
    assert.match(String(order.json().Message), NO_BUSINESS_CALLING);
  }
  function assertLegacy(list: RawResponse, order: RawResponse): void {
    assert.deepEqual([list.status, api(list)], [400, 'chime'], list.body);
    assert.match(String(list.json().Message), TOO_MANY_FOR_LEGACY);
    assert.deepEqual([order.status, api(order)], [201, 'chime'], order.body);
  }
  function assertUnion(list: RawResponse, order: RawResponse): void {
    assert.deepEqual([list.status, api(list)], [200, 'both'], list.body);
    assert.deepEqual([order.status, api(order)], [201, 'both'], order.body);
  }

  before(async () => {
    server = await startTestServer({ config: { throttling: { enabled: false } } });
    port = new URL(server.url).port;
  });
  after(async () => {
    await server.close();
  });

  it('Host voice-chime.… and voice-chime-fips.… select Chime SDK Voice, whatever the case and port', async () => {
    for (const host of [`voice-chime.localhost:${port}`, 'voice-chime-fips.us-east-1.amazonaws.com', `VOICE-CHIME.LocalHost:${port}`, 'voice-chime.us-west-2.amazonaws.com:443']) {
      assertVoice(await list100({ host }), await businessOrder({ host }));
    }
  });

  it('Host chime.…, chime-fips.… and service.chime.aws.amazon.com select legacy Chime', async () => {
    for (const host of [`chime.localhost:${port}`, 'chime-fips.us-east-1.amazonaws.com', 'service.chime.aws.amazon.com', 'Chime.US-EAST-1.amazonaws.com']) {
      assertLegacy(await list100({ host }), await businessOrder({ host }));
    }
  });

  it('a host that names no API leaves the choice to what follows', async () => {
    // Bare names, other services and IP addresses are no AWS endpoint of either API.
    for (const host of [`voice-chime:${port}`, `chime:${port}`, `chime-sdk-voice.localhost:${port}`, `meetings-chime.localhost:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]) {
      assertUnion(await list100({ host }), await businessOrder({ host }));
    }
  });

  it('the User-Agent of the JS SDK and the CLI v2 selects; x-amz-user-agent (browsers) too; boto3 and CLI v1 name nothing', async () => {
    assertVoice(await list100({ 'user-agent': UA.jsVoice }), await businessOrder({ 'user-agent': UA.jsVoice }));
    assertVoice(await list100({ 'user-agent': UA.cliV2Voice }), await businessOrder({ 'user-agent': UA.cliV2Voice }));
    assertLegacy(await list100({ 'user-agent': UA.jsChime }), await businessOrder({ 'user-agent': UA.jsChime }));
    assertLegacy(await list100({ 'user-agent': UA.cliV2Chime }), await businessOrder({ 'user-agent': UA.cliV2Chime }));
    const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0', 'x-amz-user-agent': UA.jsVoice };
    assertVoice(await list100(browser), await businessOrder(browser));
    for (const agent of [UA.boto3, UA.cliV1, 'aws-sdk-js/3.1141.0 api/chime-sdk-meetings#3.1141.0', 'curl/8.0 command/chimes.x']) {
      assertUnion(await list100({ 'user-agent': agent }), await businessOrder({ 'user-agent': agent }));
    }
  });

  it('the path prefix comes first, then the host, then the User-Agent', async () => {
    const voiceEverywhere = { host: `voice-chime.localhost:${port}`, 'user-agent': UA.jsVoice };
    assertLegacy(await list100(voiceEverywhere, '/chime'), await businessOrder(voiceEverywhere, '/chime'));
    const legacyEverywhere = { host: `chime.localhost:${port}`, 'user-agent': UA.cliV2Chime };
    assertVoice(await list100(legacyEverywhere, '/chime-sdk-voice'), await businessOrder(legacyEverywhere, '/chime-sdk-voice'));
    const hostOverAgent = { host: `chime.localhost:${port}`, 'user-agent': UA.jsVoice };
    assertLegacy(await list100(hostOverAgent), await businessOrder(hostOverAgent));
    const agentOverDefault = { 'user-agent': UA.cliV2Voice };
    assertVoice(await list100(agentOverDefault), await businessOrder(agentOverDefault));
  });

  it('a prefix is a whole path segment, removed before routing; the request is signed with it', async () => {
    const bare = await sendRaw(server.url, { method: 'GET', target: '/chime-sdk-voice?max-results=100' });
    assert.deepEqual([bare.status, api(bare), bare.headers['x-amzn-errortype']], [404, 'chime-sdk-voice', 'UnknownOperationException']);
    assert.match(String(bare.json().Message), /^No operation of the Amazon Chime SDK Voice API matches GET \/$/);
    const legacyBare = await sendRaw(server.url, { method: 'GET', target: '/chime' });
    assert.match(String(legacyBare.json().Message), /^No operation of the Amazon Chime API matches GET \/$/);
    // `/chimes/…` is no prefix: the union routes it, and finds nothing.
    const other = await sendRaw(server.url, { method: 'GET', target: '/chimes/phone-number-orders' });
    assert.deepEqual([other.status, api(other)], [404, 'both']);
    assert.match(String(other.json().Message), /matches GET \/chimes\/phone-number-orders$/);
    // A signature computed over the path without the prefix does not match the path received.
    const tampered = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', targetAfterSigning: '/chime-sdk-voice/phone-number-orders' });
    assert.deepEqual([tampered.status, api(tampered), tampered.headers['x-amzn-errortype']], [403, 'chime-sdk-voice', 'InvalidSignatureException']);
  });

  it('every answer names its API: the admin endpoints, unsigned refusals', async () => {
    const health = await fetch(`${server.url}/_dialtone/health`);
    assert.deepEqual([health.status, health.headers.get('x-dialtone-api')], [200, 'both']);
    const prefixed = await fetch(`${server.url}/chime-sdk-voice/_dialtone/health`);
    assert.deepEqual([prefixed.status, prefixed.headers.get('x-dialtone-api')], [200, 'chime-sdk-voice']);
    const unsigned = await sendRaw(server.url, { method: 'GET', target: '/chime/phone-number-orders', sign: false });
    assert.equal(unsigned.status, 403);
    assert.equal(api(unsigned), 'chime');
  });
});

describe('DIALTONE_DEFAULT_API: the API of requests that name none', () => {
  for (const defaultApi of ['chime-sdk-voice', 'chime'] as const) {
    it(`${defaultApi}: unnamed requests get it; a prefix, a host or a User-Agent still choose`, async () => {
      const server = await startTestServer({ env: { DIALTONE_DEFAULT_API: defaultApi }, config: { throttling: { enabled: false } } });
      try {
        const unnamed = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders?max-results=100', headers: { 'user-agent': UA.boto3 } });
        assert.equal(api(unnamed), defaultApi);
        assert.equal(unnamed.status, defaultApi === 'chime' ? 400 : 200, unnamed.body);
        const named = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders?max-results=100', headers: { 'user-agent': defaultApi === 'chime' ? UA.jsVoice : UA.jsChime } });
        assert.equal(api(named), defaultApi === 'chime' ? 'chime-sdk-voice' : 'chime');
        const port = new URL(server.url).port;
        const hosted = await sendRaw(server.url, { method: 'GET', target: '/phone-number-orders', headers: { host: `${defaultApi === 'chime' ? 'voice-chime' : 'chime'}.localhost:${port}` } });
        assert.equal(api(hosted), defaultApi === 'chime' ? 'chime-sdk-voice' : 'chime');
        for (const prefix of ['/chime', '/chime-sdk-voice']) {
          const pinned = await sendRaw(server.url, { method: 'GET', target: `${prefix}/phone-number-orders` });
          assert.equal(api(pinned), prefix.slice(1));
        }
      } finally {
        await server.close();
      }
    });
  }
});
