/**
 * apiSelector: which API answers a request, from its request-target, Host, User-Agent / x-amz-user-agent and the
 * configured default, in that order; and the target left for routing. The User-Agents are captured from real clients
 * (test/fixtures/sigv4-real-clients.json; the CLI v2 voice one from `aws chime-sdk-voice`).
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { apiSelector, type Api, type ApiName, type Selection } from '../../../src/gateway/api-selector.ts';

/** Only the name is read here: the model and router of each API are the gateway's business. */
const APIS = {
  chime: { name: 'chime' } as Api,
  'chime-sdk-voice': { name: 'chime-sdk-voice' } as Api,
  both: { name: 'both' } as Api,
};

const UA = {
  cliV2Chime: 'aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v782 source/x86_64.debian.12 prompt/off command/chime.create-phone-number-order',
  cliV2Voice: 'aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v1045 source/x86_64.debian.12 prompt/off command/chime-sdk-voice.list-phone-number-orders',
  cliV1: 'aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v782 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,D,Z,b,g cfg/retry-mode#legacy botocore/1.43.11',
  boto3: 'Boto3/1.26.27 Python/3.11.2 Linux/6.18.44-fc-v782 awscrt/1.0.0.dev0 Botocore/1.29.27',
  jsChime: 'aws-sdk-js/3.1137.0 ua/2.1 os/linux#6.18.44-fc-v782 lang/js md/nodejs#20.20.2 api/chime#3.1137.0 m/N,E,e',
  jsVoice: 'aws-sdk-js/3.1141.0 ua/2.1 os/linux#6.18.44-fc-v782 lang/js md/nodejs#20.20.2 api/chime-sdk-voice#3.1141.0 m/N,E,e',
  /** What the JS SDK sends as x-amz-user-agent from Node (the full one only where User-Agent cannot be set). */
  jsShort: 'aws-sdk-js/3.1141.0',
};

function select(request: { url?: string; host?: string; ua?: string; xAmzUa?: string }, defaultApi?: ApiName): Selection {
  const headers: Record<string, string> = {};
  if (request.host !== undefined) headers.host = request.host;
  if (request.ua !== undefined) headers['user-agent'] = request.ua;
  if (request.xAmzUa !== undefined) headers['x-amz-user-agent'] = request.xAmzUa;
  const req = { url: request.url, headers } as unknown as IncomingMessage;
  return apiSelector(APIS, defaultApi).select(req);
}

/** [api, by, target] of a selection, for compact assertions. */
const summary = (s: Selection): [ApiName, string, string] => [s.api.name, s.by, s.target];

describe('apiSelector: the endpoint path prefix', () => {
  test('a prefix is removed and the rest routed; the API is the prefix', () => {
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice/phone-numbers/%2B12065550100' })), ['chime-sdk-voice', 'path', '/phone-numbers/%2B12065550100']);
    assert.deepEqual(summary(select({ url: '/chime/phone-number-orders?max-results=5' })), ['chime', 'path', '/phone-number-orders?max-results=5']);
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice/search?type=phone-numbers&area-code=206' })), ['chime-sdk-voice', 'path', '/search?type=phone-numbers&area-code=206']);
  });

  test('the prefix alone, with a slash, or followed by a query leaves the root', () => {
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice' })), ['chime-sdk-voice', 'path', '/']);
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice/' })), ['chime-sdk-voice', 'path', '/']);
    assert.deepEqual(summary(select({ url: '/chime' })), ['chime', 'path', '/']);
    assert.deepEqual(summary(select({ url: '/chime?x' })), ['chime', 'path', '/?x']);
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice?operation=batch-delete' })), ['chime-sdk-voice', 'path', '/?operation=batch-delete']);
  });

  test('a prefix is a whole first path segment, spelled exactly', () => {
    for (const url of ['/chimes', '/chimes/phone-numbers', '/chime-sdk-voices/x', '/chime-sdk-voice-x/phone-numbers', '/chime-sdk', '/chime%2Dsdk-voice/x', '/CHIME/phone-numbers', '/Chime-SDK-Voice/x', '//chime/x', '/phone-numbers/chime', '/x/chime-sdk-voice/']) {
      assert.deepEqual(summary(select({ url })), ['both', 'default', url], url);
    }
  });

  test('only one prefix is removed', () => {
    assert.deepEqual(summary(select({ url: '/chime/chime-sdk-voice/phone-numbers' })), ['chime', 'path', '/chime-sdk-voice/phone-numbers']);
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice/chime' })), ['chime-sdk-voice', 'path', '/chime']);
  });

  test('admin paths: unprefixed they keep their target; under a prefix they lose it like any other path', () => {
    assert.deepEqual(summary(select({ url: '/_dialtone/health' })), ['both', 'default', '/_dialtone/health']);
    assert.deepEqual(summary(select({ url: '/_dialtone/health' }, 'chime')), ['chime', 'default', '/_dialtone/health']);
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice/_dialtone/limits' })), ['chime-sdk-voice', 'path', '/_dialtone/limits']);
    assert.deepEqual(summary(select({ url: '/chime/_dialtone/metrics' })), ['chime', 'path', '/_dialtone/metrics']);
  });

  test('a request without a target is the root', () => {
    assert.deepEqual(summary(select({})), ['both', 'default', '/']);
  });
});

describe('apiSelector: the Host', () => {
  test('AWS endpoint names of voice: voice-chime and voice-chime-fips, any region, case and port', () => {
    for (const host of [
      'voice-chime.us-east-1.amazonaws.com',
      'voice-chime.us-west-2.amazonaws.com:443',
      'voice-chime-fips.ca-central-1.amazonaws.com',
      'voice-chime.localhost:4566',
      'VOICE-CHIME.LOCALHOST',
      'Voice-Chime.example.internal:8080',
      'voice-chime.',
    ]) {
      assert.deepEqual(summary(select({ url: '/phone-numbers', host })), ['chime-sdk-voice', 'host', '/phone-numbers'], host);
    }
  });

  test('AWS endpoint names of legacy Chime: chime, chime-fips and service.chime.aws.amazon.com', () => {
    for (const host of [
      'chime.us-east-1.amazonaws.com',
      'chime-fips.us-east-1.amazonaws.com',
      'chime.us-east-1.api.aws',
      'service.chime.aws.amazon.com',
      'service.chime.aws.amazon.com:443',
      'SERVICE.CHIME.AWS.AMAZON.COM',
      'chime.localhost:8080',
    ]) {
      assert.deepEqual(summary(select({ url: '/phone-numbers', host })), ['chime', 'host', '/phone-numbers'], host);
    }
  });

  test('a bare name, an address or another label names no API', () => {
    for (const host of [
      'chime',
      'chime:8080',
      'voice-chime',
      'voice-chime:8080',
      '127.0.0.1:8080',
      '[::1]:8080',
      'localhost',
      'chime-sdk-voice.localhost',
      'chime-sdk-meetings.us-east-1.amazonaws.com',
      'xchime.example.com',
      'voice-chime-x.example.com',
      '.chime.example.com',
      'service.chime.aws.amazon.com.example.com',
      'dialtone.chime.example.com',
      '',
    ]) {
      assert.deepEqual(summary(select({ url: '/phone-numbers', host })), ['both', 'default', '/phone-numbers'], host);
    }
  });
});

describe('apiSelector: the User-Agent', () => {
  test('the JS SDK v3 (api/<service>#) and the AWS CLI v2 (command/<service>.) name their API', () => {
    assert.deepEqual(summary(select({ url: '/x', ua: UA.jsVoice, xAmzUa: UA.jsShort })), ['chime-sdk-voice', 'user-agent', '/x']);
    assert.deepEqual(summary(select({ url: '/x', ua: UA.jsChime, xAmzUa: 'aws-sdk-js/3.1137.0' })), ['chime', 'user-agent', '/x']);
    assert.deepEqual(summary(select({ url: '/x', ua: UA.cliV2Voice })), ['chime-sdk-voice', 'user-agent', '/x']);
    assert.deepEqual(summary(select({ url: '/x', ua: UA.cliV2Chime })), ['chime', 'user-agent', '/x']);
  });

  test('boto3 and the AWS CLI v1 name no service', () => {
    for (const ua of [UA.boto3, UA.cliV1]) assert.deepEqual(summary(select({ url: '/x', ua })), ['both', 'default', '/x'], ua);
  });

  test('x-amz-user-agent counts when User-Agent names nothing (browsers cannot set User-Agent)', () => {
    const browser = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    assert.deepEqual(summary(select({ url: '/x', ua: browser, xAmzUa: UA.jsVoice })), ['chime-sdk-voice', 'user-agent', '/x']);
    assert.deepEqual(summary(select({ url: '/x', xAmzUa: UA.jsChime })), ['chime', 'user-agent', '/x']);
    // Where both name an API, User-Agent wins.
    assert.deepEqual(summary(select({ url: '/x', ua: UA.jsChime, xAmzUa: UA.jsVoice })), ['chime', 'user-agent', '/x']);
  });

  test('only whole tokens of these two services count', () => {
    for (const ua of [
      'aws-sdk-js/3.1141.0 api/chime-sdk-meetings#3.1141.0',
      'aws-sdk-js/3.1141.0 api/chime-sdk-messaging#3.1141.0',
      'aws-sdk-js/3.1141.0 api/chimes#1.0',
      'aws-sdk-js/3.1141.0 xapi/chime#1.0',
      'aws-sdk-js/3.1141.0 lib/api/chime-sdk-voice#1.0',
      'aws-cli/2.9.19 command/chime-sdk-meetings.create-meeting',
      'aws-cli/2.9.19 command/chimes.list',
      'aws-cli/2.9.19 subcommand/chime.list',
      'api/chime 3.0',
      'command/chime-sdk-voice',
      'chime-sdk-voice',
    ]) {
      assert.deepEqual(summary(select({ url: '/x', ua })), ['both', 'default', '/x'], ua);
    }
    assert.deepEqual(summary(select({ url: '/x', ua: 'api/chime#3.0' })), ['chime', 'user-agent', '/x'], 'a token at the start');
    assert.deepEqual(summary(select({ url: '/x', ua: 'my-app/1.0\tcommand/chime-sdk-voice.get-phone-number' })), ['chime-sdk-voice', 'user-agent', '/x']);
  });
});

describe('apiSelector: precedence path > host > User-Agent > default', () => {
  test('the path prefix wins over a host and a User-Agent naming the other API', () => {
    assert.deepEqual(summary(select({ url: '/chime/x', host: 'voice-chime.localhost', ua: UA.jsVoice })), ['chime', 'path', '/x']);
    assert.deepEqual(summary(select({ url: '/chime-sdk-voice/x', host: 'chime.localhost', ua: UA.cliV2Chime }, 'chime')), ['chime-sdk-voice', 'path', '/x']);
  });

  test('the host wins over a User-Agent', () => {
    assert.deepEqual(summary(select({ url: '/x', host: 'chime.us-east-1.amazonaws.com', ua: UA.jsVoice })), ['chime', 'host', '/x']);
    assert.deepEqual(summary(select({ url: '/x', host: 'voice-chime.us-east-1.amazonaws.com', ua: UA.cliV2Chime, xAmzUa: UA.jsChime })), ['chime-sdk-voice', 'host', '/x']);
  });

  test('the User-Agent wins over the default', () => {
    assert.deepEqual(summary(select({ url: '/x', host: '127.0.0.1:8080', ua: UA.jsVoice }, 'chime')), ['chime-sdk-voice', 'user-agent', '/x']);
    assert.deepEqual(summary(select({ url: '/x', ua: UA.cliV2Chime }, 'chime-sdk-voice')), ['chime', 'user-agent', '/x']);
  });

  test('the default is both unless configured', () => {
    assert.deepEqual(summary(select({ url: '/x', host: '127.0.0.1:8080', ua: UA.boto3 })), ['both', 'default', '/x']);
    for (const defaultApi of ['both', 'chime', 'chime-sdk-voice'] as const) {
      assert.deepEqual(summary(select({ url: '/x', host: '127.0.0.1:8080', ua: UA.cliV1 }, defaultApi)), [defaultApi, 'default', '/x']);
    }
  });

  test('the selection is the configured Api object itself', () => {
    const selected = select({ url: '/chime/x' });
    assert.equal(selected.api, APIS.chime);
  });
});
