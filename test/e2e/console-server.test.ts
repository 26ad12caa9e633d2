/**
 * The web console's server side over real HTTP (docs/console.md): its page and files with their security headers,
 * sign-in and sign-out, the session cookie's flags, CSRF on mutations, the key's policy and the account's walls on the
 * console's API calls, the events and overview endpoints, and session expiry on the real clock. The pages themselves
 * are tested in a browser (console.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleClient } from '../support/console-client.ts';
import { eventually } from '../support/phone-numbers.ts';
import { ALICE, BOB, freshDataDir, startTestServer, type TestServer } from '../support/server.ts';

/** A built console of two files, enough to serve. */
function fakeConsole(): string {
  const dir = freshDataDir();
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dialtone</title><script type="module" src="assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'document.title = "dialtone";');
  return dir;
}

const ACCOUNTS = [
  {
    accountId: ALICE.accountId,
    credentials: [
      { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey },
      { accessKeyId: 'AKIDNODELETE', secretAccessKey: 'nodelete-secret', deny: ['chime:DeletePhoneNumber'] },
      { accessKeyId: 'AKIDOFF', secretAccessKey: 'off-secret', enabled: false },
    ],
  },
  { accountId: BOB.accountId, credentials: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }] },
];

async function firstAvailable(client: ConsoleClient, areaCode: string): Promise<string> {
  const found = await client.call('GET', `api/search?type=phone-numbers&area-code=${areaCode}&max-results=1`);
  assert.equal(found.status, 200, JSON.stringify(found.body));
  return (found.body as { E164PhoneNumbers: string[] }).E164PhoneNumbers[0]!;
}

async function orderOne(client: ConsoleClient, areaCode: string): Promise<{ e164: string; orderId: string }> {
  const e164 = await firstAvailable(client, areaCode);
  const created = await client.call('POST', 'api/phone-number-orders', { body: { ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const orderId = (created.body as { PhoneNumberOrder: { PhoneNumberOrderId: string } }).PhoneNumberOrder.PhoneNumberOrderId;
  await eventually(async () => {
    const order = await client.call('GET', `api/phone-number-orders/${orderId}`);
    assert.equal((order.body as { PhoneNumberOrder: { Status: string } }).PhoneNumberOrder.Status, 'Successful');
  });
  return { e164, orderId };
}

describe('the web console over HTTP', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ config: { accounts: ACCOUNTS, console: { assetsDir: fakeConsole() } } });
  });
  after(() => server.close());

  it('serves its page with a strict Content-Security-Policy, revalidated by ETag, and redirects the bare path', async () => {
    const client = new ConsoleClient(server.url);
    const page = await client.call('GET', '');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline scripts');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const etag = page.headers.get('etag')!;
    assert.equal((await client.call('GET', '', { headers: { 'if-none-match': etag } })).status, 304);
    const script = await client.call('GET', 'assets/app.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal((await client.call('GET', 'assets/nothing.js')).status, 404);
    // Files are looked up by name among those read at start: nothing else on disk can be named.
    assert.equal((await client.call('GET', 'assets/..%2F..%2F..%2Fpackage.json')).status, 404);
    const bare = await fetch(`${server.url}/_dialtone/console`, { redirect: 'manual' });
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.get('location'), '/_dialtone/console/');
    // Errors carry the same headers.
    const refused = await client.call('GET', 'api/phone-numbers');
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  it('signs in with a key and its secret only: one answer for an unknown key and a wrong secret, disabled keys refused', async () => {
    const client = new ConsoleClient(server.url);
    const wrong = await client.signIn(ALICE.accessKeyId, 'not-the-secret', 401);
    const unknown = await client.signIn('AKIDNOBODY', 'whatever', 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.headers.get('x-amzn-errortype'), 'UnauthorizedClientException');
    assert.equal(wrong.headers.get('set-cookie'), null);
    const disabled = await client.signIn('AKIDOFF', 'off-secret', 401);
    assert.match(JSON.stringify(disabled.body), /disabled/);
    // Not JSON (what a cross-site form could send), or from another origin: refused.
    const form = await fetch(new URL('session', client.base), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `AccessKeyId=${ALICE.accessKeyId}&SecretAccessKey=${ALICE.secretAccessKey}`,
    });
    assert.equal(form.status, 400);
    const crossSite = await client.call('POST', 'session', {
      body: { AccessKeyId: ALICE.accessKeyId, SecretAccessKey: ALICE.secretAccessKey },
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(crossSite.status, 403);
    assert.equal(crossSite.headers.get('set-cookie'), null);
  });

  it('opens a session behind an HttpOnly, SameSite=Strict cookie and ends it at sign-out', async () => {
    const client = new ConsoleClient(server.url);
    const opened = await client.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    const cookie = opened.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\/_dialtone\/console(;|$)/);
    assert.match(cookie, /Max-Age=28800/);
    assert.doesNotMatch(cookie, /Secure/, 'plain HTTP on loopback: no Secure flag');
    assert.doesNotMatch(JSON.stringify(opened.body), /alice-secret/);
    const session = await client.call('GET', 'session');
    assert.equal(session.status, 200);
    assert.deepEqual(
      { AccountId: (session.body as { AccountId: string }).AccountId, AccessKeyId: (session.body as { AccessKeyId: string }).AccessKeyId },
      { AccountId: ALICE.accountId, AccessKeyId: ALICE.accessKeyId },
    );
    // Sign-out is a mutation: without the token it changes nothing.
    assert.equal((await client.call('DELETE', 'session', { csrf: false })).status, 403);
    assert.equal((await client.call('GET', 'session')).status, 200);
    const out = await client.call('DELETE', 'session');
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /dialtone_console=;.*Max-Age=0/);
    // The old cookie opens nothing any more.
    assert.equal((await client.call('GET', 'session')).status, 401);
    assert.equal((await client.call('GET', 'api/phone-numbers')).status, 401);
  });

  it('refuses every mutation without the session\'s CSRF token, and changes nothing', async () => {
    const client = new ConsoleClient(server.url);
    await client.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    const e164 = await firstAvailable(client, '312');
    for (const csrf of [false, 'forged-token-0123456789012345678']) {
      const refused = await client.call('POST', 'api/phone-number-orders', { body: { ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] }, csrf });
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('x-amzn-errortype'), 'ForbiddenException');
    }
    const orders = await client.call('GET', 'api/phone-number-orders');
    assert.deepEqual((orders.body as { PhoneNumberOrders: unknown[] }).PhoneNumberOrders, []);
    // Another session's token is not this session's.
    const other = new ConsoleClient(server.url);
    await other.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    assert.notEqual(other.csrf, client.csrf);
    const crossed = await client.call('POST', 'api/phone-number-orders', { body: { ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] }, csrf: other.csrf! });
    assert.equal(crossed.status, 403);
    // Reads need no token; with it, the mutation goes through.
    const created = await client.call('POST', 'api/phone-number-orders', { body: { ProductType: 'VoiceConnector', E164PhoneNumbers: [e164] } });
    assert.equal(created.status, 201);
  });

  it('answers the session\'s calls as the API does, under the key\'s policy', async () => {
    const alice = new ConsoleClient(server.url);
    await alice.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    const { e164 } = await orderOne(alice, '206');
    const id = encodeURIComponent(e164);
    const restricted = new ConsoleClient(server.url);
    await restricted.signIn('AKIDNODELETE', 'nodelete-secret');
    const denied = await restricted.call('DELETE', `api/phone-numbers/${id}`);
    assert.equal(denied.status, 403);
    assert.equal(denied.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.match(JSON.stringify(denied.body), /chime:DeletePhoneNumber/);
    const still = await restricted.call('GET', `api/phone-numbers/${id}`);
    assert.notEqual((still.body as { PhoneNumber: { Status: string } }).PhoneNumber.Status, 'DeleteInProgress');
    // The same call as a key that may: deleted, then restored.
    assert.equal((await alice.call('DELETE', `api/phone-numbers/${id}`)).status, 204);
    const deleted = await alice.call('GET', `api/phone-numbers/${id}`);
    assert.equal((deleted.body as { PhoneNumber: { Status: string } }).PhoneNumber.Status, 'DeleteInProgress');
    assert.equal((await alice.call('POST', `api/phone-numbers/${id}?operation=restore`)).status, 200);
    // A request the model refuses is refused as the API refuses it.
    const bad = await alice.call('POST', 'api/phone-number-orders', { body: { ProductType: 'Nonsense', E164PhoneNumbers: [] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'BadRequestException');
    const unknown = await alice.call('GET', 'api/no-such-thing');
    assert.equal(unknown.status, 404);
  });

  it('shows another account none of it: numbers, orders, events, figures', async () => {
    const alice = new ConsoleClient(server.url);
    await alice.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    const { e164, orderId } = await orderOne(alice, '415');
    const bob = new ConsoleClient(server.url);
    await bob.signIn(BOB.accessKeyId, BOB.secretAccessKey);
    assert.deepEqual((await bob.call('GET', 'api/phone-numbers')).body, { PhoneNumbers: [] });
    assert.equal((await bob.call('GET', `api/phone-numbers/${encodeURIComponent(e164)}`)).status, 404);
    assert.equal((await bob.call('GET', `api/phone-number-orders/${orderId}`)).status, 404);
    const bobEvents = await bob.call('GET', 'events');
    assert.deepEqual((bobEvents.body as { Events: unknown[] }).Events, []);
    const aliceEvents = await alice.call('GET', 'events?limit=1000');
    assert.ok((aliceEvents.body as { Events: { account: string }[] }).Events.every((e) => e.account === ALICE.accountId));
    assert.ok((aliceEvents.body as { Events: unknown[] }).Events.length > 0);
    // Bob's cookie with Alice's token header is still Bob's session.
    const mixed = await bob.call('DELETE', `api/phone-numbers/${encodeURIComponent(e164)}`, { csrf: alice.csrf! });
    assert.equal(mixed.status, 403);
  });

  it('streams the account\'s events to the session as Server-Sent Events', async () => {
    const alice = new ConsoleClient(server.url);
    await alice.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    const controller = new AbortController();
    const response = await fetch(new URL('events', alice.base), { headers: { cookie: `dialtone_console=${alice.cookie}`, accept: 'text/event-stream' }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = response.body!.getReader();
    const seen: string[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen.push(decoder.decode(value));
        if (seen.join('').includes('event: Phone Number Order Created')) return;
      }
    })();
    await orderOne(alice, '212');
    await reading;
    controller.abort();
    assert.match(seen.join(''), /event: Phone Number Order Created\ndata: \{/);
  });
});

describe('web console sign-in failures', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { accounts: ACCOUNTS, console: { assetsDir: fakeConsole() }, throttling: { authFailures: { ratePerSecond: 0.01, burst: 3 } } } });
  });
  after(() => server.close());

  it('count against the address like failed signatures: then even the right secret waits', async () => {
    const client = new ConsoleClient(server.url);
    for (let i = 0; i < 3; i++) await client.signIn(ALICE.accessKeyId, `guess-${i}`, 401);
    const blocked = await client.signIn(ALICE.accessKeyId, ALICE.secretAccessKey, 429);
    assert.equal(blocked.headers.get('x-amzn-errortype'), 'ThrottledClientException');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal(blocked.headers.get('set-cookie'), null);
  });
});

describe('web console sessions on the real clock', () => {
  let server: TestServer;
  let now = Date.parse('2026-12-01T00:00:00Z');
  const clock = { now: () => new Date(now) };

  before(async () => {
    server = await startTestServer({ clock, config: { accounts: ACCOUNTS, console: { assetsDir: fakeConsole(), sessionMinutes: 30, idleMinutes: 10, secureCookies: true } } });
  });
  after(() => server.close());

  it('ends a session after its idle time, and after its whole life however active', async () => {
    const idle = new ConsoleClient(server.url);
    const opened = await idle.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    // Behind a TLS proxy (console.secureCookies): the cookie is Secure; its life is the session's.
    assert.match(opened.headers.get('set-cookie') ?? '', /Max-Age=1800; HttpOnly; SameSite=Strict; Secure$/);
    const busy = new ConsoleClient(server.url);
    await busy.signIn(ALICE.accessKeyId, ALICE.secretAccessKey);
    for (let minute = 4; minute <= 28; minute += 4) {
      now += 4 * 60_000;
      assert.equal((await busy.call('GET', 'session')).status, 200, `active at minute ${minute}`);
    }
    assert.equal((await idle.call('GET', 'session')).status, 401, 'idle for more than 10 minutes');
    now += 2 * 60_000;
    assert.equal((await busy.call('GET', 'session')).status, 401, '30 minutes after sign-in');
  });
});
