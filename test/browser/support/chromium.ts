import { existsSync } from 'node:fs';
import packagedChromium from '@sparticuz/chromium';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Which Chromium drives the browser suite: `CHROMIUM_PATH` when set, else the system's, else the
 * build that ships inside the `@sparticuz/chromium` npm package (unpacked to the temp directory on
 * first use), so `npm test` needs nothing installed beyond `npm install`.
 */
async function chromiumPath(): Promise<string> {
  const chosen = process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
  // The package's own launch flags are made for one-page serverless runs (`--single-process`), so only ours are used.
  return chosen ?? (await packagedChromium.executablePath());
}

/** Headless; the flags keep it from phoning home or needing a GPU or a sandbox. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Throws (so every test of the suite fails) rather than skipping: a skipped browser suite looks green. */
export async function launchChromium(): Promise<Browser> {
  const path = await chromiumPath();
  if (!existsSync(path)) {
    throw new Error(`Chromium is missing at ${path} (CHROMIUM_PATH). The browser suite does not skip itself.`);
  }
  return chromium.launch({ executablePath: path, headless: true, args: FLAGS });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A page that records every console error and uncaught exception it sees. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** `timezoneId` sets the browser's local time zone, for what the UI shows and reads as local time. */
export async function openPage(browser: Browser, viewport = DESKTOP, timezoneId?: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, timezoneId });
  // Well below the tests' own timeout, so a missing element fails with its selector, not a bare timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return { context, page, errors };
}
