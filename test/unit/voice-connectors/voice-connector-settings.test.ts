/** The rules of a voice connector's SIP trunk settings without storage (src/domain/voice-connectors/voice-connector-settings.ts), and the password hash. */
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { IdSource } from '../../../src/domain/shared/ids.ts';
import { hashPassword } from '../../../src/domain/voice-connectors/credential-hash.ts';
import { checkCredentials, loggingOf, originationOf, streamingOf, terminationOf, withCredentials } from '../../../src/domain/voice-connectors/voice-connector-settings.ts';
import { refuses } from '../../support/domain-errors.ts';

describe('origination rules', () => {
  it('fills each route\'s defaults: port 5060, TCP where encryption is required and UDP elsewhere, priority and weight 1', () => {
    assert.deepEqual(originationOf({ routes: [{ host: 'sip.example.com' }] }, false), {
      routes: [{ host: 'sip.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 }],
      disabled: false,
    });
    assert.deepEqual(originationOf({ routes: [{ host: '10.0.0.1', port: 0, priority: 100, weight: 7 }], disabled: true }, true), {
      routes: [{ host: '10.0.0.1', port: 0, protocol: 'TCP', priority: 100, weight: 7 }],
      disabled: true,
    });
    assert.deepEqual(originationOf({ disabled: false }, false), { routes: [], disabled: false });
  });

  it('takes host names and IPv4 and IPv6 addresses, and nothing else', () => {
    for (const host of ['a', 'sip.example.com', 'sip.example.com.', 'x-1.y-2.example', '192.0.2.1', '2001:db8::1', '::1']) {
      assert.equal(originationOf({ routes: [{ host }] }, false).routes[0]!.host, host);
    }
    for (const host of ['', 'bad host', '-a.example.com', 'a-.example.com', 'a..example.com', `${'a'.repeat(64)}.example.com`, '192.0.2', '1.2.3.4.5', 'a_b.example.com', `${'a.'.repeat(127)}ab`]) {
      refuses(() => originationOf({ routes: [{ host: 'ok.example.com' }, { host }] }, false), /^Origination route 2 needs a Host/);
    }
  });

  it('refuses no routes nor Disabled, more than ten routes, an unknown protocol, UDP where encryption is required', () => {
    refuses(() => originationOf({}, false), /needs Routes or Disabled/);
    refuses(() => originationOf({ routes: [] }, false), /needs Routes or Disabled/);
    assert.equal(originationOf({ routes: Array.from({ length: 10 }, () => ({ host: 'h.example.com' })) }, false).routes.length, 10);
    refuses(() => originationOf({ routes: Array.from({ length: 11 }, () => ({ host: 'h.example.com' })) }, false), /has 11 routes; a voice connector may have at most 10/);
    refuses(() => originationOf({ routes: [{ host: 'h.example.com', protocol: 'SCTP' }] }, false), /Protocol must be TCP or UDP/);
    refuses(() => originationOf({ routes: [{ host: 'h.example.com', protocol: 'UDP' }] }, true), /UDP is refused/);
  });
});

describe('termination rules', () => {
  it('fills CpsLimit 1 and Disabled false, keeps the rest as given', () => {
    assert.deepEqual(terminationOf({ callingRegions: ['US', 'CA'], cidrAllowedList: ['0.0.0.0/0', '2001:db8::/128'] }), {
      cpsLimit: 1,
      callingRegions: ['US', 'CA'],
      cidrAllowedList: ['0.0.0.0/0', '2001:db8::/128'],
      disabled: false,
    });
    assert.equal(terminationOf({ callingRegions: ['US'], cidrAllowedList: ['10.0.0.0/8'], cpsLimit: 9, defaultPhoneNumber: '+12065550100' }).defaultPhoneNumber, '+12065550100');
  });

  it('requires calling regions of two capital letters and networks in CIDR notation, at most 100 of each', () => {
    refuses(() => terminationOf({ cidrAllowedList: ['10.0.0.0/8'] }), /needs CallingRegions/);
    refuses(() => terminationOf({ callingRegions: ['US'], cidrAllowedList: [] }), /needs CidrAllowedList/);
    for (const region of ['us', 'USA', 'U', '12']) refuses(() => terminationOf({ callingRegions: ['US', region], cidrAllowedList: ['10.0.0.0/8'] }), /CallingRegions entry 2/);
    for (const cidr of ['10.0.0.0', '10.0.0.0/33', '2001:db8::/129', '10.0.0/8', 'example.com/24', '10.0.0.0/-1', '10.0.0.0/1a', '/8']) {
      refuses(() => terminationOf({ callingRegions: ['US'], cidrAllowedList: [cidr] }), /CidrAllowedList entry 1 is not a network/);
    }
    refuses(() => terminationOf({ callingRegions: Array.from({ length: 101 }, () => 'US'), cidrAllowedList: ['10.0.0.0/8'] }), /CallingRegions has 101 entries; at most 100/);
  });
});

describe('termination credentials', () => {
  it('refuses a credential without a username or password, and a username twice, never naming either', () => {
    assert.deepEqual(checkCredentials([{ username: 'a', password: 'p' }]), [{ username: 'a', password: 'p' }]);
    refuses(() => checkCredentials([{ username: 'a', password: 'p' }, { username: 'b' }]), /^Credential 2 needs a Username and a Password$/);
    refuses(() => checkCredentials([{ username: 'secret-user', password: 'p' }, { username: 'secret-user', password: 'q' }]), /^Credential 2 repeats the Username of an earlier credential$/);
    assert.equal(checkCredentials(Array.from({ length: 10 }, (_, i) => ({ username: `u${i}`, password: 'p' }))).length, 10);
    refuses(() => checkCredentials(Array.from({ length: 11 }, (_, i) => ({ username: `u${i}`, password: 'p' }))), /Credentials has 11 entries; one call may put at most 10/);
  });

  it('replaces a known username in place, adds new ones last, and keeps at most 100', () => {
    const current = [{ username: 'a', passwordHash: 'h1' }, { username: 'b', passwordHash: 'h2' }];
    assert.deepEqual(withCredentials(current, [{ username: 'c', passwordHash: 'h3' }, { username: 'a', passwordHash: 'h4' }]), [
      { username: 'a', passwordHash: 'h4' },
      { username: 'b', passwordHash: 'h2' },
      { username: 'c', passwordHash: 'h3' },
    ]);
    const hundred = Array.from({ length: 100 }, (_, i) => ({ username: `u${i}`, passwordHash: 'h' }));
    assert.equal(withCredentials(hundred, [{ username: 'u5', passwordHash: 'new' }]).length, 100);
    refuses(() => withCredentials(hundred, [{ username: 'one-more', passwordHash: 'h' }]), /would have 101 termination credentials; at most 100/);
  });

  it('hashes a password with scrypt and the salt the id source gives, never keeping the password', async () => {
    const salt = Buffer.alloc(16, 7);
    const ids: IdSource = { uuid: () => '00000000-0000-4000-8000-000000000000', bytes: (n) => salt.subarray(0, n) };
    const hash = await hashPassword(ids, 'pass word');
    const [scheme, n, r, p, saltText, keyText] = hash.split('$');
    assert.deepEqual([scheme, n, r, p, saltText], ['scrypt', '4096', '8', '1', salt.toString('base64url')]);
    assert.equal(keyText, scryptSync('pass word', salt, 32, { N: 4096, r: 8, p: 1 }).toString('base64url'));
    assert.notEqual(await hashPassword({ ...ids, bytes: (n) => Buffer.alloc(n, 8) }, 'pass word'), hash, 'another salt, another hash');
    assert.equal(hash.includes('pass word'), false);
  });
});

describe('logging and streaming configurations', () => {
  it('turns off what logging does not give', () => {
    assert.deepEqual(loggingOf({}), { enableSipLogs: false, enableMediaMetricLogs: false });
    assert.deepEqual(loggingOf({ enableMediaMetricLogs: true }), { enableSipLogs: false, enableMediaMetricLogs: true });
  });

  it('keeps streaming as given and refuses a notification target given twice', () => {
    const full = { dataRetentionInHours: 0, disabled: true, notificationTargets: ['SNS' as const, 'SQS' as const], mediaInsights: { configurationArn: 'arn:x' } };
    assert.deepEqual(streamingOf(full), full);
    assert.deepEqual(streamingOf({ dataRetentionInHours: 5, disabled: false }), { dataRetentionInHours: 5, disabled: false });
    refuses(() => streamingOf({ dataRetentionInHours: 5, disabled: false, notificationTargets: ['SQS', 'EventBridge', 'SQS'] }), /lists SQS more than once/);
  });
});
