import type { Browser } from 'playwright-core';
import type { RunningGateway } from '../support/gateway-process.js';
import { startAdminStack } from './support/admin-stack.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';
import { saveScreenshot } from './support/screenshots.js';

/**
 * Getting into the admin UI: the token form, a one-time `?token=` link, a wrong token, and a
 * gateway that is slow to check one or refuses for a while.
 */

const T = 30_000;
const REFUSED = 'That token was not accepted';

describe('admin UI login', () => {
  let browser: Browser;
  let gateway: RunningGateway;
  let tab: WatchedPage;

  beforeAll(async () => {
    browser = await launchChromium();
    gateway = await startAdminStack();
  }, T);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  }, T);
  beforeEach(async () => {
    tab = await openPage(browser);
  }, T);
  afterEach(() => tab?.context.close(), T);

  const nav = () => tab.page.getByRole('navigation', { name: 'Main' });

  it(
    'logs in through the token form and lands on the Overview',
    async () => {
      const { page } = tab;
      await page.goto(gateway.adminUrl);
      await page.getByLabel('Admin token').waitFor();
      await saveScreenshot(page, 'login');
      await page.getByLabel('Admin token').fill(gateway.adminToken);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      expect(await page.getByTestId('stat-version').innerText()).toMatch(/Version\s+\S+/);
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'accepts ?token= on a deep link once, then removes it from the address bar and keeps the session',
    async () => {
      const { page } = tab;
      await page.goto(`${gateway.adminUrl}/models?token=${encodeURIComponent(gateway.adminToken)}`);
      await page.getByRole('heading', { level: 1, name: 'Models' }).waitFor();
      const url = new URL(page.url());
      expect(url.pathname).toBe('/models');
      expect(url.search).toBe('');
      expect(page.url()).not.toContain(gateway.adminToken);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Models' }).waitFor();
      expect(await page.getByLabel('Admin token').count()).toBe(0);
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'refuses a wrong token typed in the form, saying only that it was not accepted',
    async () => {
      const { page } = tab;
      await page.goto(gateway.adminUrl);
      await page.getByLabel('Admin token').fill('not-the-admin-token');
      await page.getByRole('button', { name: 'Log in' }).click();
      expect(await page.getByTestId('login-error').innerText()).toBe(REFUSED);
      expect(await nav().count()).toBe(0);
      // Chromium itself reports the 401 answer on the console; nothing else may appear there.
      expect(tab.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    },
    T,
  );

  it(
    'refuses a wrong ?token= and removes it from the address bar all the same',
    async () => {
      const { page } = tab;
      await page.goto(`${gateway.adminUrl}/?token=wrong-token-in-link`);
      await page.getByTestId('login-error').waitFor();
      expect(await page.getByTestId('login-error').innerText()).toBe(REFUSED);
      expect(page.url()).not.toContain('wrong-token-in-link');
      expect(await nav().count()).toBe(0);
      expect(tab.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    },
    T,
  );

  it(
    'takes ?token= out of the address bar while the gateway is still checking it',
    async () => {
      const { page } = tab;
      // The check is held unanswered, as by a gateway that hangs.
      await page.route('**/admin/api/login', () => undefined);
      await page.goto(`${gateway.adminUrl}/models?token=${encodeURIComponent(gateway.adminToken)}`);
      await page.getByText('Loading session…').waitFor();
      expect(page.url()).toBe(`${gateway.adminUrl}/models`);
    },
    T,
  );

  it(
    'says a locked-out login is a lockout, not an unreachable gateway',
    async () => {
      const { page } = tab;
      const error = { error: { message: 'Too many failed attempts; retry in 60 s', type: 'rate_limit_error' } };
      await page.route('**/admin/api/login', (route) =>
        route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify(error) }),
      );
      await page.goto(`${gateway.adminUrl}/?token=any-token`);
      const shown = await page.getByTestId('login-error').innerText();
      expect(shown).toContain('Too many failed logins');
      expect(shown).not.toContain('Could not reach the gateway');
    },
    T,
  );
});
