import OpenAI from 'openai';
import type { Browser } from 'playwright-core';
import type { RunningGateway } from '../support/gateway-process.js';
import { startGateway } from '../support/gateway-process.js';
import { openLoggedIn } from './support/admin-pages.js';
import { DEMO_CONFIG } from './support/admin-stack.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';

/** A key made in the Keys page works from the OpenAI SDK, its spend shows up, and revoking it ends it. */

const T = 60_000;
/** Priced, so that spend rises with every call. */
const CONFIG = {
  ...DEMO_CONFIG,
  providers: { demo: { type: 'mock' } },
  models: DEMO_CONFIG.models.map((m) => ({ ...m, price: { input_per_mtok: 100, output_per_mtok: 100 } })),
};

describe('admin UI keys', () => {
  let browser: Browser;
  let gateway: RunningGateway;
  let tab: WatchedPage;

  beforeAll(async () => {
    browser = await launchChromium();
    gateway = await startGateway({ config: CONFIG, env: { AUTH_MODE: 'keys' } });
  }, T);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  }, T);

  it(
    'creates a key that the OpenAI SDK can use, shows its spend, and revokes it',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/keys');
      const { page } = tab;
      await page.getByTestId('new-name').fill('browser-made');
      await page.getByTestId('new-models').fill('demo-*');
      await page.getByTestId('new-budget').fill('10');
      await page.getByTestId('new-submit').click();
      const secret = (await page.getByTestId('key-secret').innerText()).trim();
      expect(secret).toMatch(/^sk-sy-[A-Za-z0-9_-]{40,}$/);

      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: secret, maxRetries: 0 });
      const ask = () =>
        client.chat.completions.create({ model: 'demo-a', messages: [{ role: 'user', content: 'hi' }] });
      await ask();
      await ask();

      const row = page.locator('[data-testid="key-row"][data-key-name="browser-made"]');
      await row.getByTestId('key-requests').filter({ hasText: /^2$/ }).waitFor({ timeout: 15_000 });
      expect(await row.getByTestId('key-spend').innerText()).not.toMatch(/^\$0(\.0+)?$/);
      // Today's bar in the spend chart has a segment for the key, named in the legend.
      const chart = page.getByTestId('chart-spend-per-day');
      await chart.getByText('browser-made').waitFor();
      expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
      // The secret is gone once acknowledged, and the list never shows it.
      await page.getByRole('button', { name: 'I have copied it' }).click();
      expect(await page.content()).not.toContain(secret);

      await row.getByRole('button', { name: 'Revoke browser-made' }).click();
      await page.getByTestId('revoke-dialog').getByRole('button', { name: 'Revoke for good' }).click();
      await row.getByText('revoked').waitFor();
      await expect(ask()).rejects.toMatchObject({ status: 401 });
      expect(tab.errors).toEqual([]);
      await tab.context.close();
    },
    T,
  );
});
