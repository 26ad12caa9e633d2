/**
 * The allowed webhook targets (`webhooks.allowedTargets`), with an injected resolver: CIDRs (IPv4, IPv6, a single
 * address), host names and `*.domain` (case-insensitive; a listed host is allowed wherever it resolves), IPv4-mapped
 * IPv6 addresses checked as the IPv4 address they carry (dotted or hex, resolved or literal), every resolved address
 * checked, the refusal messages, and the entries refused at start-up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TargetAllowlist } from '../../../src/app/webhook-transport.ts';
import { ConfigError } from '../../../src/config/config.ts';

type Resolved = { address: string; family: number }[];

/** A resolver answering from a table; a name not in it does not exist (ENOTFOUND, as the system's says). */
function resolver(table: Record<string, Resolved>): (host: string) => Promise<Resolved> {
  return async (host) => {
    const found = table[host];
    if (found === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };
}

const v4 = (address: string) => ({ address, family: 4 });
const v6 = (address: string) => ({ address, family: 6 });
const DNS = resolver({
  'inside.test': [v4('10.1.2.3')],
  'outside.test': [v4('192.168.7.7')],
  'both.test': [v4('10.1.0.9'), v4('169.254.169.254')],
  'six.test': [v6('fd12:3456::1')],
  'mapped.test': [v6('::ffff:10.1.2.3')],
  'mapped-out.test': [v6('::ffff:169.254.169.254')],
  'hooks.example.com': [v4('203.0.113.5')],
  'a.example.com': [v4('203.0.113.6')],
  'deep.a.example.com': [v4('203.0.113.7')],
  'example.com': [v4('203.0.113.8')],
  'badexample.com': [v4('203.0.113.9')],
  'empty.test': [],
});

async function check(entries: string[], url: string): Promise<string | undefined> {
  return new TargetAllowlist(entries, DNS).refusal(url);
}

describe('TargetAllowlist: CIDRs', () => {
  const cidrs = ['10.1.0.0/16', 'fd00::/8', '198.51.100.7'];

  it('allows addresses inside an IPv4 or IPv6 CIDR, literal or resolved, and answers the address to connect to', async () => {
    const list = new TargetAllowlist(cidrs, DNS);
    assert.deepEqual(await list.resolve('http://10.1.255.254:8080/hooks'), { address: '10.1.255.254', family: 4 });
    assert.deepEqual(await list.resolve('https://inside.test/x'), { address: '10.1.2.3', family: 4 });
    assert.deepEqual(await list.resolve('http://[fd99::abcd]/'), { address: 'fd99::abcd', family: 6 });
    assert.deepEqual(await list.resolve('http://six.test/'), { address: 'fd12:3456::1', family: 6 });
    // An address without a prefix length is that one address.
    assert.equal(await check(cidrs, 'http://198.51.100.7/'), undefined);
    assert.equal(await check(cidrs, 'http://198.51.100.8/'), '198.51.100.8 is outside webhooks.allowedTargets');
  });

  it('refuses addresses outside, naming the address that is', async () => {
    assert.equal(await check(cidrs, 'http://10.2.0.1/'), '10.2.0.1 is outside webhooks.allowedTargets');
    assert.equal(await check(cidrs, 'http://[fe80::1]/'), 'fe80::1 is outside webhooks.allowedTargets');
    assert.equal(await check(cidrs, 'http://outside.test/'), 'outside.test resolves to 192.168.7.7, outside webhooks.allowedTargets');
    // Every address a name resolves to must be inside: one outside refuses the target.
    assert.equal(await check(cidrs, 'http://both.test/'), 'both.test resolves to 169.254.169.254, outside webhooks.allowedTargets');
    // Other spellings of an IPv4 address are normalized by the URL first.
    assert.equal(await check(cidrs, 'http://0x0a010203/'), undefined);
    assert.equal(await check(cidrs, 'http://2852039166/'), '169.254.169.254 is outside webhooks.allowedTargets');
  });

  it('checks an IPv4-mapped IPv6 address as the IPv4 address it carries', async () => {
    assert.equal(await check(cidrs, 'http://mapped.test/'), undefined);
    assert.equal(await check(cidrs, 'http://mapped-out.test/'), 'mapped-out.test resolves to ::ffff:169.254.169.254, outside webhooks.allowedTargets');
    // A literal is normalized to hex by the URL: still the same IPv4 address.
    assert.equal(await check(cidrs, 'http://[::ffff:10.1.2.3]/'), undefined);
    assert.equal(await check(cidrs, 'http://[::ffff:a9fe:a9fe]/'), '::ffff:a9fe:a9fe is outside webhooks.allowedTargets');
    // An IPv6 CIDR does not let an IPv4 address in through its mapped form.
    assert.equal(await check(['fd00::/8'], 'http://[::ffff:10.1.2.3]/'), '::ffff:a01:203 is outside webhooks.allowedTargets');
  });

  it('the default allows loopback only', async () => {
    const defaults = ['127.0.0.0/8', '::1'];
    assert.equal(await check(defaults, 'http://127.0.0.1:9000/hooks'), undefined);
    assert.equal(await check(defaults, 'http://127.200.0.1/'), undefined);
    assert.equal(await check(defaults, 'http://[::1]:9000/'), undefined);
    assert.equal(await check(defaults, 'http://[::ffff:127.0.0.1]/'), undefined);
    assert.equal(await check(defaults, 'http://10.0.0.1/'), '10.0.0.1 is outside webhooks.allowedTargets');
    assert.equal(await check(defaults, 'http://[::2]/'), '::2 is outside webhooks.allowedTargets');
  });
});

describe('TargetAllowlist: host names', () => {
  const hosts = ['hooks.example.com', '*.example.com'];

  it('allows a listed host wherever it resolves, case-insensitively', async () => {
    assert.deepEqual(await new TargetAllowlist(['HOOKS.example.com'], DNS).resolve('https://hooks.EXAMPLE.com/in'), { address: '203.0.113.5', family: 4 });
    assert.equal(await check(['hooks.example.com'], 'http://a.example.com/'), 'a.example.com resolves to 203.0.113.6, outside webhooks.allowedTargets');
  });

  it('*.domain allows its subdomains at any depth, not the domain itself nor a name that merely ends alike', async () => {
    assert.equal(await check(hosts, 'http://a.example.com/'), undefined);
    assert.equal(await check(hosts, 'http://deep.a.example.com/'), undefined);
    assert.equal(await check(['*.example.com'], 'http://example.com/'), 'example.com resolves to 203.0.113.8, outside webhooks.allowedTargets');
    assert.equal(await check(hosts, 'http://badexample.com/'), 'badexample.com resolves to 203.0.113.9, outside webhooks.allowedTargets');
  });

  it('a listed host must still resolve; names that do not are refused with the resolver\'s code', async () => {
    assert.equal(await check(['*.example.com'], 'http://nope.example.com/'), 'nope.example.com does not resolve (ENOTFOUND)');
    assert.equal(await check(['10.0.0.0/8'], 'http://empty.test/'), 'empty.test does not resolve');
    assert.equal(await check(['10.0.0.0/8'], 'not a url'), 'the URL cannot be parsed');
  });
});

describe('TargetAllowlist: entries refused at start-up', () => {
  for (const [entry, message] of [
    ['10.0.0.0/33', /"10\.0\.0\.0\/33" has a bad prefix length \(0 to 32\)/],
    ['10.0.0.0/-1', /bad prefix length \(0 to 32\)/],
    ['10.0.0.0/8.5', /bad prefix length/],
    ['10.0.0.0/', /bad prefix length/],
    ['10.0.0.0/ 8', /bad prefix length/],
    ['::1/129', /"::1\/129" has a bad prefix length \(0 to 128\)/],
    ['10.0.0.0/8/1', /neither a CIDR .* an address nor a host name/],
    ['10.0.0.300/8', /neither a CIDR/],
    ['http://hooks.example.com', /neither a CIDR/],
    ['hooks.example.com:443', /neither a CIDR/],
    ['*.', /neither a CIDR/],
    ['a.*.example.com', /neither a CIDR/],
    ['-bad.example.com', /neither a CIDR/],
    ['under_score.example.com', /neither a CIDR/],
    ['', /neither a CIDR/],
  ] as const) {
    it(`refuses ${JSON.stringify(entry)}`, () => {
      assert.throws(
        () => new TargetAllowlist([entry], DNS),
        (error: unknown) => error instanceof ConfigError && /^webhooks\.allowedTargets: /.test(error.message) && message.test(error.message),
      );
    });
  }

  it('accepts CIDRs of both families, single addresses, host names and wildcards together', () => {
    assert.doesNotThrow(() => new TargetAllowlist(['0.0.0.0/0', '::/0', '10.0.0.0/8', '192.0.2.1', '2001:db8::/32', '::1', 'localhost', 'hooks.example.com', '*.example.org'], DNS));
  });
});
