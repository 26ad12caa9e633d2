/**
 * The web console in a real Chromium (Debian's, driven by playwright-core) against dialtone started in-process, the
 * console built into a temporary directory by scripts/build-console.mjs: sign-in, search and order (the order turns
 * Successful on screen without a reload), a number's detail, association with a voice connector, delete and restore,
 * a key denied chime:DeletePhoneNumber, another account that sees none of it, a mutation without the CSRF token,
 * sign-out and an ended session. Each step asserts what is on screen (roles, labels, text) and what the API says.
 * Screenshots of each page go to test-artifacts/console/<page>.png.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateProxySessionCommand,
  CreateVoiceConnectorCommand,
  DeleteProxySessionCommand,
  GetPhoneNumberCommand,
  ListPhoneNumbersCommand,
  PutVoiceConnectorEmergencyCallingConfigurationCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorProxyCommand,
  PutVoiceConnectorTerminationCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { BrowserContext, Page } from 'playwright-core';
import { buildConsole } from '../../scripts/build-console.mjs';
import { chromiumMissing, launchBrowser, type Browser } from '../support/browser.ts';
import { ALICE, BOB, startTestServer, type TestServer } from '../support/server.ts';
import { voiceClient } from '../support/voice.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'console');
/** A second key of Alice's account whose policy denies deleting numbers. */
const ALICE_NO_DELETE = { accessKeyId: 'AKIDALICENODELETE', secretAccessKey: 'alice-no-delete-secret' };
const WAIT = { timeout: 30_000 };

describe('the web console in Chromium', { skip: chromiumMissing(), concurrency: 1 }, () => {
  let build: string;
  let server: TestServer;
  let consoleUrl: string;
  let browser: Browser;
  let alice: BrowserContext;
  let page: Page;
  /** Script errors and Content-Security-Policy refusals seen in any page. */
  const problems: string[] = [];
  /** The numbers Alice ordered through the console. */
  const ordered: string[] = [];
  let connectorId: string;

  const voice = (key: { accessKeyId: string; secretAccessKey: string } = ALICE) => voiceClient(server, key, { prefix: '/chime-sdk-voice' });
  const shoot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const go = async (p: Page, hash: string, heading: string | RegExp) => {
    await p.evaluate((h) => (location.hash = h), hash);
    await p.getByRole('heading', { level: 1, name: heading }).waitFor(WAIT);
  };
  const signIn = async (p: Page, key: { accessKeyId: string; secretAccessKey: string }) => {
    await p.goto(consoleUrl);
    await p.getByLabel('Access key ID').fill(key.accessKeyId);
    await p.getByLabel('Secret access key').fill(key.secretAccessKey);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { level: 1, name: 'Overview' }).waitFor(WAIT);
  };
  /** A new page of `context` whose script errors and CSP refusals are recorded in `problems`. */
  const watched = async (context: BrowserContext) => {
    const p = await context.newPage();
    p.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    p.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    return p;
  };
  const statusOf = async (id: string, key = ALICE) => (await voice(key).send(new GetPhoneNumberCommand({ PhoneNumberId: id }))).PhoneNumber?.Status;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    build = mkdtempSync(join(tmpdir(), 'dialtone-console-build-'));
    await buildConsole({ outdir: build });
    server = await startTestServer({
      config: {
        console: { assetsDir: build },
        // Orders stay Processing for a moment, so the screen shows them settle.
        carrier: { latencyMs: 2_000 },
        accounts: [
          {
            accountId: ALICE.accountId,
            credentials: [
              { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey },
              { ...ALICE_NO_DELETE, deny: ['chime:DeletePhoneNumber'] },
            ],
          },
          { accountId: BOB.accountId, credentials: [{ accessKeyId: BOB.accessKeyId, secretAccessKey: BOB.secretAccessKey }] },
        ],
      },
    });
    consoleUrl = `${server.url}/_dialtone/console/`;
    const created = await voice().send(new CreateVoiceConnectorCommand({ Name: 'Front desk', AwsRegion: 'us-east-1', RequireEncryption: true, Tags: [{ Key: 'team', Value: 'reception' }] }));
    connectorId = created.VoiceConnector?.VoiceConnectorId ?? '';
    await voice().send(
      new PutVoiceConnectorOriginationCommand({ VoiceConnectorId: connectorId, Origination: { Routes: [{ Host: 'pbx.example.com', Port: 5061, Weight: 10 }] } }),
    );
    await voice().send(
      new PutVoiceConnectorTerminationCommand({ VoiceConnectorId: connectorId, Termination: { CallingRegions: ['US', 'CA'], CidrAllowedList: ['203.0.113.0/24'], CpsLimit: 5 } }),
    );
    await voice().send(
      new PutVoiceConnectorEmergencyCallingConfigurationCommand({
        VoiceConnectorId: connectorId,
        EmergencyCallingConfiguration: { DNIS: [{ EmergencyPhoneNumber: '+12065550911', TestPhoneNumber: '+12065550912', CallingCountry: 'US' }] },
      }),
    );
    await voice().send(new PutVoiceConnectorProxyCommand({ VoiceConnectorId: connectorId, DefaultSessionExpiryMinutes: 45, PhoneNumberPoolCountries: ['US'], FallBackPhoneNumber: '+12065550100' }));
    browser = await launchBrowser();
    alice = await browser.newContext();
    page = await watched(alice);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (build !== undefined) rmSync(build, { recursive: true, force: true });
  });

  it('refuses a wrong secret, then signs in with the key and shows the overview', async () => {
    const response = await page.goto(consoleUrl);
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self';.*style-src 'self';/);
    await shoot(page, 'sign-in');
    await page.getByLabel('Access key ID').fill(ALICE.accessKeyId);
    await page.getByLabel('Secret access key').fill('not-the-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'UnauthorizedClientException' }).waitFor(WAIT);
    await page.getByLabel('Secret access key').fill(ALICE.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor(WAIT);
    assert.match(await page.locator('header').innerText(), new RegExp(ALICE.accountId));
    // The secret is not kept by the page: not in its storage, not in its cookies (the session cookie is HttpOnly).
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    assert.doesNotMatch(stored, new RegExp(ALICE.secretAccessKey));
    const cookies = await alice.cookies();
    assert.ok(cookies.some((c) => c.name === 'dialtone_console' && c.httpOnly), 'an HttpOnly session cookie');
  });

  it('searches by area code, orders two numbers, and shows the order turn Successful without a reload', async () => {
    await go(page, '#/search', 'Search and order');
    await page.getByRole('textbox', { name: 'Area code' }).fill('206');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const picks = page.getByRole('group', { name: 'Pick numbers' }).getByRole('checkbox');
    await picks.first().waitFor(WAIT);
    assert.ok((await picks.count()) >= 2);
    for (const box of [picks.nth(0), picks.nth(1)]) {
      await box.check();
      const label = await box.locator('xpath=..').innerText();
      ordered.push(label.trim());
    }
    assert.ok(ordered.every((n) => /^\+1206\d{7}$/.test(n)), `picked ${ordered.join(', ')}`);
    await page.getByLabel('Product type').selectOption('VoiceConnector');
    await page.getByLabel('Name (optional)').fill('Console order');
    // A marker in the page: still there at the end means the page was not reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByRole('button', { name: 'Order 2 numbers' }).click();
    await page.getByRole('status').filter({ hasText: 'Order status: Processing' }).waitFor(WAIT);
    await page.getByRole('status').filter({ hasText: 'Order status: Successful' }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42);
    const orderTable = page.getByRole('table', { name: 'Numbers of the order' });
    for (const number of ordered) await orderTable.getByRole('row', { name: new RegExp(`\\${number} Acquired`) }).waitFor(WAIT);
    await shoot(page, 'search');
    // What the API says: both numbers are Alice's.
    for (const number of ordered) assert.equal(await statusOf(number), 'Unassigned');
  });

  it('lists the numbers with filters and paging, and opens a number', async () => {
    await go(page, '#/numbers', 'Numbers');
    const table = page.getByRole('table', { name: /Numbers, page 1/ });
    for (const number of ordered) await table.getByRole('link', { name: number }).waitFor(WAIT);
    await page.getByLabel('Status').selectOption('DeleteInProgress');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await table.getByText('No numbers match.').waitFor(WAIT);
    await page.getByLabel('Status').selectOption('Unassigned');
    await page.getByLabel('Product type').selectOption('VoiceConnector');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await table.getByRole('link', { name: ordered[0]! }).waitFor(WAIT);
    await shoot(page, 'numbers');
    await table.getByRole('link', { name: ordered[0]! }).click();
    await page.getByRole('heading', { level: 1, name: `Number ${ordered[0]}` }).waitFor(WAIT);
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText('Console order').waitFor(WAIT);
    await details.getByText('Unassigned').first().waitFor(WAIT);
  });

  it("updates the number's name and calling name", async () => {
    await page.getByLabel('Name', { exact: true }).fill('Reception');
    await page.getByRole('button', { name: 'Update name' }).click();
    await page.getByRole('status').filter({ hasText: 'Name set to Reception.' }).waitFor(WAIT);
    await page.getByLabel('Calling name', { exact: true }).fill('DIALTONE');
    await page.getByRole('button', { name: 'Update calling name' }).click();
    await page.getByRole('status').filter({ hasText: 'Calling name set to DIALTONE' }).waitFor(WAIT);
    await page.getByRole('region', { name: 'Details' }).getByText('UpdateInProgress').waitFor(WAIT);
    const number = (await voice().send(new GetPhoneNumberCommand({ PhoneNumberId: ordered[0] }))).PhoneNumber;
    assert.equal(number?.Name, 'Reception');
    assert.equal(number?.CallingName, 'DIALTONE');
  });

  it('associates the number with a voice connector, shows it under the connector, and disassociates it', async () => {
    await page.getByRole('combobox', { name: 'Voice connector' }).selectOption(connectorId);
    await page.getByRole('button', { name: 'Associate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Associated with voice connector ${connectorId}` }).waitFor(WAIT);
    await page.getByRole('table', { name: 'What the number is associated with' }).getByRole('row', { name: /VoiceConnectorId/ }).waitFor(WAIT);
    await shoot(page, 'number');
    assert.equal(await statusOf(ordered[0]!), 'Assigned');
    // The number is now the connector's only proxy number: a session opened through the API shows on its card.
    const participants = { ParticipantPhoneNumbers: ['+13125550100', '+13125550101'], Capabilities: ['Voice' as const, 'SMS' as const] };
    const { ProxySession: session } = await voice().send(new CreateProxySessionCommand({ VoiceConnectorId: connectorId, Name: 'ride 42', ExpiryMinutes: 90, ...participants }));
    await go(page, '#/voice-connectors', 'Voice connectors');
    const connector = page.getByRole('region', { name: 'Front desk' });
    await connector.getByRole('table', { name: 'Numbers of Front desk' }).getByRole('link', { name: ordered[0]! }).waitFor(WAIT);
    await connector.getByRole('list', { name: 'Tags' }).getByRole('listitem').filter({ hasText: 'team = reception' }).waitFor(WAIT);
    await connector.getByRole('list', { name: 'Origination routes' }).getByRole('listitem').filter({ hasText: 'pbx.example.com:5061 TCP, priority 1, weight 10' }).waitFor(WAIT);
    await connector.getByText('to US, CA from 203.0.113.0/24, 5 calls/s').waitFor(WAIT);
    await connector.getByRole('list', { name: 'Emergency calling' }).getByRole('listitem').filter({ hasText: 'US → +12065550911 (tests → +12065550912)' }).waitFor(WAIT);
    await connector.getByText('numbers of US, sessions of 45 min, then +12065550100').waitFor(WAIT);
    const shownSession = connector.getByRole('list', { name: 'Open proxy sessions' }).getByRole('listitem');
    await shownSession.filter({ hasText: `ride 42: +13125550100 ↔ +13125550101 through ${ordered[0]!}, Voice and SMS until` }).waitFor(WAIT);
    assert.equal(await shownSession.locator('time').getAttribute('datetime'), new Date(session!.CreatedTimestamp!.getTime() + 90 * 60_000).toISOString());
    await shoot(page, 'voice-connectors');
    await voice().send(new DeleteProxySessionCommand({ VoiceConnectorId: connectorId, ProxySessionId: session!.ProxySessionId! }));
    await connector.getByRole('link', { name: ordered[0]! }).click();
    await page.getByRole('button', { name: 'Disassociate from voice connector' }).click();
    await page.getByRole('status').filter({ hasText: `Disassociated from voice connector ${connectorId}` }).waitFor(WAIT);
    assert.equal(await statusOf(ordered[0]!), 'Unassigned');
  });

  it('deletes the number (showing when it will be released), lists it in the deletion queue, and restores it', async () => {
    await page.getByRole('button', { name: 'Delete number' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted: in the deletion queue, released on' }).waitFor(WAIT);
    await page.getByRole('heading', { name: 'In the deletion queue' }).waitFor(WAIT);
    const queued = (await voice().send(new GetPhoneNumberCommand({ PhoneNumberId: ordered[0] }))).PhoneNumber;
    assert.equal(queued?.Status, 'DeleteInProgress');
    assert.ok(queued?.DeletionTimestamp instanceof Date);
    await go(page, '#/deletion-queue', 'Deletion queue');
    const row = page.getByRole('table', { name: /Numbers in the deletion queue/ }).getByRole('row', { name: new RegExp(`\\${ordered[0]}`) });
    await row.waitFor(WAIT);
    // The release date shown is the API's DeletionTimestamp (the page's time zone is UTC).
    const shownRelease = await row.locator('time').getAttribute('datetime');
    assert.equal(shownRelease, queued?.DeletionTimestamp?.toISOString());
    await shoot(page, 'deletion-queue');
    await row.getByRole('button', { name: `Restore ${ordered[0]}` }).click();
    await page.getByRole('status').filter({ hasText: `${ordered[0]} restored.` }).waitFor(WAIT);
    await page.getByText('The deletion queue is empty.').waitFor(WAIT);
    assert.equal(await statusOf(ordered[0]!), 'Unassigned');
  });

  it('refuses a mutation without the CSRF token (403) and changes nothing', async () => {
    const answer = await page.evaluate(async (id) => {
      const response = await fetch(`api/phone-numbers/${encodeURIComponent(id)}`, { method: 'DELETE' });
      return { status: response.status, type: response.headers.get('x-amzn-errortype') };
    }, ordered[1]!);
    assert.equal(answer.status, 403);
    assert.match(answer.type ?? '', /^ForbiddenException/);
    assert.equal(await statusOf(ordered[1]!), 'Unassigned');
  });

  it('shows the events, live and filtered by type', async () => {
    await go(page, '#/events', 'Events');
    const table = page.getByRole('table', { name: /latest 50 events/ });
    await table.getByRole('row', { name: /Phone Number Order Settled/ }).waitFor(WAIT);
    await table.getByRole('row', { name: /Phone Number Restored/ }).waitFor(WAIT);
    // Live: a change made through the API appears without a reload.
    await voice().send(new CreateVoiceConnectorCommand({ Name: 'Back office', AwsRegion: 'us-east-1', RequireEncryption: false }));
    await table.getByRole('row', { name: /Voice Connector Created/ }).nth(1).waitFor(WAIT);
    await shoot(page, 'events');
    await page.getByLabel('Event type').selectOption('Phone Number Order Settled');
    const filtered = page.getByRole('table', { name: /latest Phone Number Order Settled events/ });
    await filtered.getByRole('row', { name: /Phone Number Order Settled/ }).waitFor(WAIT);
    assert.equal(await filtered.getByRole('row', { name: /Phone Number Restored/ }).count(), 0);
  });

  it("shows the overview: orders and numbers charted with their tables, fulfilment, quotas, recent events live", async () => {
    await go(page, '#/overview', 'Overview');
    const recent = page.getByRole('table', { name: /10 latest events/ });
    await recent.getByRole('row', { name: /Voice Connector Created/ }).first().waitFor(WAIT);
    const numbers = page.getByRole('table', { name: 'Numbers held now, by status and product type' });
    await numbers.getByRole('row', { name: /Unassigned/ }).waitFor(WAIT);
    const header = await numbers.locator('thead th').allInnerTexts();
    const cells = await numbers.getByRole('row', { name: /Unassigned/ }).locator('td').allInnerTexts();
    assert.equal(cells[header.indexOf('VoiceConnector') - 1], '2', `${header.join('|')} / ${cells.join('|')}`);
    const orders = page.getByRole('table', { name: /Orders created per/ });
    const orderHeader = await orders.locator('thead th').allInnerTexts();
    const orderCells = await orders.locator('tbody tr').first().locator('td').allInnerTexts();
    assert.equal(orderCells[orderHeader.indexOf('Successful') - 1], '1', `${orderHeader.join('|')} / ${orderCells.join('|')}`);
    const quotas = await page.getByRole('region', { name: 'Quotas' }).innerText();
    assert.match(quotas, /PhoneNumbers: 2 of 10,000/, quotas);
    assert.equal(await page.getByRole('meter').count(), 2);
    await page.getByRole('region', { name: 'Fulfilment' }).getByText('Orders settled in the window').waitFor(WAIT);
    // Two charts drawn (uPlot's canvases) beside their tables.
    assert.equal(await page.locator('figure canvas').count(), 2);
    // Live: an event recorded now appears in the recent events without a reload.
    await voice().send(new CreateVoiceConnectorCommand({ Name: 'Overflow', AwsRegion: 'us-east-1', RequireEncryption: false }));
    await recent.getByRole('row', { name: /Voice Connector Created.*Overflow/ }).waitFor(WAIT);
    await shoot(page, 'overview');
    // What the README shows (docs/console.png): the first screen of the overview.
    await page.screenshot({ path: join(ARTIFACTS, 'overview-first-screen.png'), clip: { x: 0, y: 0, width: 1280, height: 860 } });
  });

  it('is usable by keyboard with a visible focus, and reflows at 200 % zoom (no sideways scrolling)', async () => {
    await go(page, '#/numbers', 'Numbers');
    // Focus moves to the page's heading on navigation; Tab goes on to the first control, drawn with an outline.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return { name: element.getAttribute('name'), outline: style.outlineStyle, width: style.outlineWidth };
    });
    assert.equal(focused.name, 'status');
    assert.notEqual(focused.outline, 'none');
    assert.notEqual(focused.width, '0px');
    // The filters work from the keyboard: choose a status, Tab on to the text field, Enter submits the form.
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'filter-value');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('status=DeleteFailed'));
    await go(page, '#/numbers', 'Numbers');
    // 200 % zoom of a 1280 × 900 window is a 640 × 450 CSS-pixel viewport.
    await page.setViewportSize({ width: 640, height: 450 });
    try {
      for (const [hash, heading] of [
        ['#/overview', 'Overview'],
        ['#/search', 'Search and order'],
        ['#/numbers', 'Numbers'],
        [`#/numbers/${encodeURIComponent(ordered[1]!)}`, `Number ${ordered[1]}`],
        ['#/deletion-queue', 'Deletion queue'],
        ['#/voice-connectors', 'Voice connectors'],
        ['#/events', 'Events'],
      ] as const) {
        await go(page, hash, heading);
        // Its reads answered: no "Loading…" left. (Not 'networkidle': the console's live event stream keeps the network
        // busy, and each page then waited out the whole timeout.)
        await page.waitForFunction(() => !/loading…/i.test(document.body.innerText), undefined, WAIT);
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(widths.scroll <= widths.client, `${hash} scrolls sideways at 200 %: ${widths.scroll} > ${widths.client}`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('shows a key denied chime:DeletePhoneNumber its delete refused, and deletes nothing', async () => {
    const context = await browser.newContext();
    const limited = await watched(context);
    await signIn(limited, ALICE_NO_DELETE);
    await go(limited, `#/numbers/${encodeURIComponent(ordered[1]!)}`, `Number ${ordered[1]}`);
    await limited.getByRole('button', { name: 'Delete number' }).click();
    const alert = limited.getByRole('alert').filter({ hasText: 'AccessDeniedException' });
    await alert.waitFor(WAIT);
    assert.match(await alert.innerText(), /DeletePhoneNumber/);
    assert.equal(await statusOf(ordered[1]!), 'Unassigned');
    // The same key may still do what its policy allows.
    await limited.getByLabel('Name', { exact: true }).fill('Allowed rename');
    await limited.getByRole('button', { name: 'Update name' }).click();
    await limited.getByRole('status').filter({ hasText: 'Name set to Allowed rename.' }).waitFor(WAIT);
    await context.close();
  });

  it("shows another account none of Alice's numbers, connectors or events", async () => {
    const context = await browser.newContext();
    const bob = await watched(context);
    await signIn(bob, BOB);
    assert.match(await bob.locator('header').innerText(), new RegExp(BOB.accountId));
    await go(bob, '#/numbers', 'Numbers');
    await bob.getByRole('table', { name: /Numbers, page 1/ }).getByText('No numbers match.').waitFor(WAIT);
    await go(bob, `#/numbers/${encodeURIComponent(ordered[0]!)}`, `Number ${ordered[0]}`);
    await bob.getByRole('alert').filter({ hasText: 'NotFoundException' }).waitFor(WAIT);
    await go(bob, '#/voice-connectors', 'Voice connectors');
    await bob.getByText('The account has no voice connector.').waitFor(WAIT);
    assert.equal(await bob.getByText('Front desk').count(), 0);
    await go(bob, '#/events', 'Events');
    await bob.getByRole('table', { name: /latest 50 events/ }).getByText('No events yet.').waitFor(WAIT);
    const text = await bob.locator('main').innerText();
    for (const number of ordered) assert.ok(!text.includes(number), `Bob's page shows ${number}`);
    // Through the API too: Bob's listing is empty.
    assert.deepEqual((await voice(BOB).send(new ListPhoneNumbersCommand({}))).PhoneNumbers ?? [], []);
    await context.close();
  });

  it('returns to the sign-in form when the session ends, and signs out', async () => {
    // The session cookie removed: the next call is answered 401 and the sign-in form comes back.
    await go(page, '#/overview', 'Overview');
    await alice.clearCookies();
    await page.evaluate(() => (location.hash = '#/numbers'));
    await page.getByRole('heading', { level: 1, name: 'Sign in to the dialtone console' }).waitFor(WAIT);
    await page.getByRole('status').filter({ hasText: 'Your session has ended' }).waitFor(WAIT);
    await signIn(page, ALICE);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to the dialtone console' }).waitFor(WAIT);
    const after = await page.evaluate(async () => (await fetch('session')).status);
    assert.equal(after, 401);
  });

  it('ran with no script error and nothing refused by the Content-Security-Policy', () => {
    assert.deepEqual(problems, []);
  });
});
