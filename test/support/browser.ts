/**
 * A real Chromium for the console's end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download), headless, with a fresh profile: playwright gives each launch a new temporary user-data directory
 * and removes it on close. `chromiumMissing` is the reason to
 * skip when it is not installed (the suite is REQUIRED in scripts/run-tests.mjs, so CI fails instead of skipping).
 */
import { accessSync, constants } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM} is not installed (Debian: apt-get install chromium)`;
  }
}

export interface Browser {
  /** A new isolated context (its own cookies), as a second user in another browser would have. */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium (a fresh temporary profile, see above). */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
  return {
    newContext: () => browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' }),
    close: () => browser.close(),
  };
}
