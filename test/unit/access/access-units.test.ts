/** Units of tenancy: action patterns, token buckets, the credential cache, the secret box and the JSON nesting guard. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { actionMatches, isActionAllowed } from '../../../src/auth/access-policy.ts';
import { cachedCredentialStore } from '../../../src/auth/credential-cache.ts';
import type { Credential } from '../../../src/auth/credentials.ts';
import { Throttle, operationClassOf } from '../../../src/auth/throttle.ts';
import { seededIds } from '../../../src/domain/shared/ids.ts';
import { nestsDeeperThan } from '../../../src/gateway/json-depth.ts';
import { parseLimitOverrides } from '../../../src/tenancy/limits.ts';
import { MasterKeyError, SecretBox, loadMasterKey } from '../../../src/tenancy/secret-box.ts';

describe('action patterns', () => {
  test('match IAM-style: exact, trailing and inner wildcards, any service, case-insensitive', () => {
    assert.ok(actionMatches('chime:CreatePhoneNumberOrder', 'chime:CreatePhoneNumberOrder'));
    assert.ok(actionMatches('chime:createphonenumberorder', 'chime:CreatePhoneNumberOrder'));
    assert.ok(actionMatches('chime:Get*', 'chime:GetPhoneNumberOrder'));
    assert.ok(!actionMatches('chime:Get*', 'chime:ListPhoneNumberOrders'));
    assert.ok(actionMatches('chime:*PhoneNumber', 'chime:UpdatePhoneNumber'));
    assert.ok(!actionMatches('chime:*PhoneNumber', 'chime:UpdatePhoneNumberSettings'));
    assert.ok(actionMatches('chime:*', 'chime:DeletePhoneNumber'));
    assert.ok(actionMatches('*', 'chime:DeletePhoneNumber'));
    assert.ok(!actionMatches('voice:*', 'chime:DeletePhoneNumber'));
    assert.ok(actionMatches('chime:Get?hone*', 'chime:GetPhoneNumber'));
  });

  test('explicit deny wins; no allow list allows everything not denied; an empty allow list allows nothing', () => {
    assert.ok(isActionAllowed(undefined, 'chime:GetPhoneNumber'));
    assert.ok(isActionAllowed({ deny: [] }, 'chime:GetPhoneNumber'));
    assert.ok(!isActionAllowed({ deny: ['chime:Delete*'] }, 'chime:DeletePhoneNumber'));
    assert.ok(!isActionAllowed({ allow: ['*'], deny: ['chime:CreatePhoneNumberOrder'] }, 'chime:CreatePhoneNumberOrder'));
    assert.ok(isActionAllowed({ allow: ['chime:Get*', 'chime:List*'] }, 'chime:ListPhoneNumbers'));
    assert.ok(!isActionAllowed({ allow: ['chime:Get*', 'chime:List*'] }, 'chime:CreatePhoneNumberOrder'));
    assert.ok(!isActionAllowed({ allow: [] }, 'chime:GetPhoneNumber'));
  });
});

describe('Throttle', () => {
  const limit = { ratePerSecond: 2, burst: 3 };

  test('classes follow the method', () => {
    assert.equal(operationClassOf('GET'), 'reading');
    assert.equal(operationClassOf('HEAD'), 'reading');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) assert.equal(operationClassOf(method), 'mutating');
  });

  test('allows a burst, then refills at the rate; Retry-After is whole seconds, at least 1', () => {
    let now = 0;
    const throttle = new Throttle({ now: () => now });
    for (let i = 0; i < 3; i++) assert.deepEqual(throttle.take('a', 'mutating', limit), { allowed: true });
    assert.deepEqual(throttle.take('a', 'mutating', limit), { allowed: false, retryAfterSeconds: 1 });
    now += 499;
    assert.equal(throttle.take('a', 'mutating', limit).allowed, false);
    now += 1;
    assert.equal(throttle.take('a', 'mutating', limit).allowed, true);
    const slow = { ratePerSecond: 0.1, burst: 1 };
    assert.equal(throttle.take('b', 'reading', slow).allowed, true);
    assert.deepEqual(throttle.take('b', 'reading', slow), { allowed: false, retryAfterSeconds: 10 });
  });

  test('keeps accounts and classes apart', () => {
    const throttle = new Throttle({ now: () => 0 });
    for (let i = 0; i < 3; i++) throttle.take('a', 'mutating', limit);
    assert.equal(throttle.take('a', 'mutating', limit).allowed, false);
    assert.equal(throttle.take('a', 'reading', limit).allowed, true);
    assert.equal(throttle.take('b', 'mutating', limit).allowed, true);
    assert.equal(throttle.available('c', 'reading', limit), 3);
  });

  test('with shares (--workers N), each process allows 1/N of the rate and burst; the report scales back up', () => {
    let now = 0;
    const big = { ratePerSecond: 10, burst: 6 };
    const processes = [new Throttle({ now: () => now, shares: 2 }), new Throttle({ now: () => now, shares: 2 })];
    const allowed = (t: Throttle, n: number): number => Array.from({ length: n }, () => t.take('a', 'mutating', big)).filter((d) => d.allowed).length;
    assert.deepEqual(processes.map((t) => allowed(t, 10)), [3, 3], 'the two processes together allow the burst, not twice it');
    assert.equal(processes[0]!.available('a', 'mutating', big), 0);
    now += 200; // 10/s split in two: one token each per 200 ms
    assert.deepEqual(processes.map((t) => allowed(t, 10)), [1, 1]);
    now += 100;
    assert.equal(processes[0]!.available('a', 'mutating', big), 1, 'half a token here, reported as one of the account');
    assert.equal(new Throttle({ now: () => 0, shares: 8 }).take('a', 'reading', { ratePerSecond: 1, burst: 3 }).allowed, true, 'a burst below the shares still lets one through');
  });

  test('memory stays bounded: full buckets go first, then the oldest', () => {
    let now = 0;
    const throttle = new Throttle({ now: () => now, maxBuckets: 100 });
    for (let i = 0; i < 10_000; i++) {
      throttle.take(`acct-${i}`, 'reading', limit);
      now += 1;
      assert.ok(throttle.size <= 100);
    }
    // A busy account that was just emptied keeps its state while idle ones are dropped.
    for (let i = 0; i < 3; i++) throttle.take('busy', 'reading', limit);
    for (let i = 0; i < 95; i++) throttle.take(`idle-${i}`, 'reading', limit);
    assert.equal(throttle.take('busy', 'reading', limit).allowed, false);
  });
});

describe('cachedCredentialStore', () => {
  const credential: Credential = { accessKeyId: 'K', secretAccessKey: 's', accountId: '111111111111' };

  test('reuses answers (also "unknown") for the TTL, shares concurrent misses, and serves a stale answer when the source fails', async () => {
    let now = 0;
    let calls = 0;
    let failing = false;
    let answer: Credential | undefined = credential;
    const store = cachedCredentialStore({
      source: async () => {
        calls++;
        if (failing) throw new Error('database is away');
        return answer;
      },
      ttlMs: 1000,
      now: () => now,
    });
    const [a, b] = await Promise.all([store.lookup('K'), store.lookup('K')]);
    assert.equal(a, credential);
    assert.equal(b, credential);
    assert.equal(calls, 1);
    assert.equal(store.lookup('K'), credential, 'a hit answers synchronously');
    answer = undefined;
    now += 999;
    assert.equal(store.lookup('K'), credential);
    now += 1;
    assert.equal(await store.lookup('K'), undefined, 'a change shows after the TTL');
    assert.equal(store.lookup('K'), undefined, 'unknown keys are cached too');
    assert.equal(calls, 2);
    now += 1000;
    failing = true;
    assert.equal(await store.lookup('K'), undefined, 'stale answer while the source fails');
    await assert.rejects(async () => store.lookup('OTHER'), /database is away/);
  });

  test('keeps at most maxEntries answers', async () => {
    const store = cachedCredentialStore({ source: async () => undefined, ttlMs: 60_000, now: () => 0, maxEntries: 10 });
    for (let i = 0; i < 100; i++) await store.lookup(`K${i}`);
    let calls = 0;
    const counting = cachedCredentialStore({ source: async () => (calls++, undefined), ttlMs: 60_000, now: () => 0, maxEntries: 10 });
    for (let i = 0; i < 20; i++) await counting.lookup(`K${i}`);
    await counting.lookup('K0');
    assert.equal(calls, 21, 'the oldest entry was evicted');
    await counting.lookup('K19');
    assert.equal(calls, 21, 'a recent entry is kept');
  });
});

describe('SecretBox and the master key', () => {
  const random = seededIds('box').bytes;
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  /** A data directory of its own, removed after these tests. */
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-box-'));
    dirs.push(dir);
    return dir;
  };

  test('creates DATA_DIR/master.key with mode 0600 on first use and reads it back afterwards', () => {
    const dir = dataDir();
    const key = loadMasterKey({ dataDir: dir, random });
    assert.equal(key.length, 32);
    assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
    assert.deepEqual(loadMasterKey({ dataDir: dir, random }), key);
    chmodSync(join(dir, 'master.key'), 0o644);
    assert.throws(() => loadMasterKey({ dataDir: dir, random }), /readable by its owner only/);
  });

  test('DIALTONE_MASTER_KEY must be 32 bytes of base64; then no file is created', () => {
    const dir = dataDir();
    assert.throws(() => loadMasterKey({ envKey: 'c2hvcnQ=', dataDir: dir, random }), MasterKeyError);
    const env = Buffer.alloc(32, 7).toString('base64');
    assert.deepEqual(loadMasterKey({ envKey: env, dataDir: dir, random }), Buffer.alloc(32, 7));
    assert.throws(() => readFileSync(join(dir, 'master.key')));
  });

  test('seals with AES-256-GCM bound to the key id: another master key or another key id cannot open it', () => {
    const box = new SecretBox(() => Buffer.alloc(32, 1), random);
    const sealed = box.seal('my-secret', 'AKID1');
    assert.match(sealed, /^v1:[A-Za-z0-9+/=]+$/);
    assert.ok(!sealed.includes('my-secret'));
    assert.notEqual(box.seal('my-secret', 'AKID1'), sealed, 'a fresh IV every time');
    assert.equal(box.open(sealed, 'AKID1'), 'my-secret');
    assert.throws(() => box.open(sealed, 'AKID2'), MasterKeyError);
    assert.throws(() => new SecretBox(() => Buffer.alloc(32, 2), random).open(sealed, 'AKID1'), MasterKeyError);
    assert.throws(() => box.open('v1:AAAA', 'AKID1'), MasterKeyError);
  });

  test('a key file that is not a key stops with a clear message', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'master.key'), 'short\n', { mode: 0o600 });
    assert.throws(() => loadMasterKey({ dataDir: dir, random }), /does not hold a base64 key of 32 bytes/);
  });
});

describe('limit overrides from the command line', () => {
  test('parses counts and RATE/BURST, and names a bad one', () => {
    assert.deepEqual(parseLimitOverrides(['maxPhoneNumbersPerAccount=5', 'mutating=2.5/10']), {
      maxPhoneNumbersPerAccount: 5,
      mutating: { ratePerSecond: 2.5, burst: 10 },
    });
    assert.equal(parseLimitOverrides([]), undefined);
    assert.throws(() => parseLimitOverrides(['reading=fast']), /reading: expected RATE\/BURST/);
    assert.throws(() => parseLimitOverrides(['noSuchLimit=1']), /Unrecognized key/);
  });
});

describe('nestsDeeperThan', () => {
  test('counts arrays and objects, skipping strings and escapes', () => {
    assert.equal(nestsDeeperThan(Buffer.from('{"a":[[1]]}'), 3), false);
    assert.equal(nestsDeeperThan(Buffer.from('{"a":[[[1]]]}'), 3), true);
    assert.equal(nestsDeeperThan(Buffer.from('{"a":"[[[[[[\\"[[[["}'), 2), false);
    assert.equal(nestsDeeperThan(Buffer.from('['.repeat(100_000)), 32), true);
  });
});
