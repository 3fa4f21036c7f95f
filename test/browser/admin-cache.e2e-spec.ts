import type { Browser } from 'playwright-core';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { openLoggedIn } from './support/admin-pages.js';
import { DEMO_CONFIG } from './support/admin-stack.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';

/** The overview's cache panel shows what the cache did, and its purge reaches the proxy. */

const T = 30_000;

describe('admin UI response cache', () => {
  let browser: Browser;
  let gateway: RunningGateway;
  let tab: WatchedPage;

  const ask = async (prompt: string) => {
    const res = await fetch(`${gateway.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo-a', messages: [{ role: 'user', content: prompt }], max_tokens: 16 }),
    });
    await res.text();
    return res.headers.get('x-switchyard-cache');
  };

  beforeAll(async () => {
    browser = await launchChromium();
    const providers = { demo: { type: 'mock' } };
    gateway = await startGateway({ config: { ...DEMO_CONFIG, providers, cache: { mode: 'exact' } } });
    tab = await openPage(browser);
  }, T);
  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await gateway?.stop();
  }, T);

  it(
    'shows the hit rate and purges one model’s answers',
    async () => {
      expect(await ask('cache me')).toBe('miss');
      expect(await ask('cache me')).toBe('hit');
      await openLoggedIn(tab.page, gateway, '/');
      await tab.page.getByTestId('cache-panel').waitFor();
      expect(await tab.page.getByTestId('cache-hit-rate').innerText()).toContain('50');
      await tab.page.getByLabel('What to purge').selectOption('model');
      await tab.page.getByLabel('Model name').fill('demo-a');
      await tab.page.getByRole('button', { name: 'Purge' }).click();
      await tab.page.getByText('Purged: model demo-a').waitFor();
      expect(await ask('cache me')).toBe('miss');
    },
    T,
  );
});
