import type { Browser } from 'playwright-core';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { openLoggedIn } from './support/admin-pages.js';
import { DEMO_CONFIG } from './support/admin-stack.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';

/**
 * The overview's cache panel shows what the cache did, and its purge reaches the proxy; it offers
 * only the purges the cache's scope can match, and says so when a purge fails.
 */

const T = 30_000;

interface CacheStack {
  browser: Browser;
  gateway: RunningGateway;
  tab: WatchedPage;
}

/** A gateway whose cache has these settings, a browser and a tab, for the tests of one describe block. */
function cacheStack(cache: object): CacheStack {
  const stack = {} as CacheStack;
  beforeAll(async () => {
    stack.browser = await launchChromium();
    stack.gateway = await startGateway({ config: { ...DEMO_CONFIG, providers: { demo: { type: 'mock' } }, cache } });
    stack.tab = await openPage(stack.browser);
  }, T);
  afterAll(async () => {
    await stack.tab?.context.close();
    await stack.browser?.close();
    await stack.gateway?.stop();
  }, T);
  return stack;
}

describe('admin UI response cache', () => {
  const stack = cacheStack({ mode: 'exact' });

  const ask = async (prompt: string) => {
    const res = await fetch(`${stack.gateway.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo-a', messages: [{ role: 'user', content: prompt }], max_tokens: 16 }),
    });
    await res.text();
    return res.headers.get('x-switchyard-cache');
  };

  it(
    'shows the hit rate and purges one model’s answers',
    async () => {
      expect(await ask('cache me')).toBe('miss');
      expect(await ask('cache me')).toBe('hit');
      await openLoggedIn(stack.tab.page, stack.gateway, '/');
      await stack.tab.page.getByTestId('cache-panel').waitFor();
      expect(await stack.tab.page.getByTestId('cache-hit-rate').innerText()).toContain('50');
      await stack.tab.page.getByLabel('What to purge').selectOption('model');
      await stack.tab.page.getByLabel('Model name').fill('demo-a');
      await stack.tab.page.getByRole('button', { name: 'Purge' }).click();
      await stack.tab.page.getByText('Purged: model demo-a').waitFor();
      expect(await ask('cache me')).toBe('miss');
    },
    T,
  );

  it(
    'asks before purging everything, and shows a refused purge as an error',
    async () => {
      await openLoggedIn(stack.tab.page, stack.gateway, '/');
      const { page } = stack.tab;
      await page.getByTestId('cache-panel').waitFor();
      await page.getByLabel('What to purge').selectOption('all');
      await page.getByRole('button', { name: 'Purge', exact: true }).click();
      const confirm = page.getByTestId('purge-all-dialog');
      await confirm.getByRole('button', { name: 'Purge everything' }).click();
      await page.getByText('Purged: everything').waitFor();

      // Blank passes the browser's `required` but not the gateway.
      await page.getByLabel('What to purge').selectOption('model');
      await page.getByLabel('Model name').fill('   ');
      await page.getByRole('button', { name: 'Purge', exact: true }).click();
      await page.getByTestId('cache-panel').getByRole('alert').filter({ hasText: 'Not purged' }).waitFor();
    },
    T,
  );

  it(
    'says "Refresh failed" when a refresh of the cache fails, and keeps its numbers on screen',
    async () => {
      await openLoggedIn(stack.tab.page, stack.gateway, '/');
      const panel = stack.tab.page.getByTestId('cache-panel');
      await panel.waitFor();
      await stack.tab.page.route('**/admin/api/cache', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"message":"store down"}}' }),
      );
      await panel.getByRole('alert').filter({ hasText: 'Refresh failed: store down' }).waitFor({ timeout: 12_000 });
      expect(await panel.getByTestId('cache-hit-rate').count()).toBe(1);
      await stack.tab.page.unroute('**/admin/api/cache');
    },
    T,
  );

  it(
    'under scope key offers a purge per client key, picked by name',
    async () => {
      // The last test here: a key turns client keys on, so the anonymous calls above would be refused.
      const res = await fetch(`${stack.gateway.adminUrl}/admin/api/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.gateway.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'cache-user', team: 'blue' }),
      });
      expect(res.status).toBe(200);
      await openLoggedIn(stack.tab.page, stack.gateway, '/');
      const { page } = stack.tab;
      await page.getByTestId('cache-panel').waitFor();
      const kinds = page.getByLabel('What to purge');
      expect(await kinds.locator('option').allInnerTexts()).toEqual(['everything', 'one model', 'one client key']);
      await kinds.selectOption('key');
      await page.getByLabel('Client key').selectOption({ label: 'cache-user · blue' });
      await page.getByRole('button', { name: 'Purge', exact: true }).click();
      await page.getByText('Purged: key cache-user').waitFor();
    },
    T,
  );
});

describe('admin UI response cache shared by every caller', () => {
  const stack = cacheStack({ mode: 'exact', scope: 'shared' });

  it(
    'offers no purge per key or team, which could match nothing',
    async () => {
      await openLoggedIn(stack.tab.page, stack.gateway, '/');
      await stack.tab.page.getByTestId('cache-panel').waitFor();
      const options = stack.tab.page.getByLabel('What to purge').locator('option');
      expect(await options.allInnerTexts()).toEqual(['everything', 'one model']);
    },
    T,
  );
});

describe('admin UI response cache kept per team', () => {
  const stack = cacheStack({ mode: 'exact', scope: 'team' });

  const issue = async (body: object) => {
    const res = await fetch(`${stack.gateway.adminUrl}/admin/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.gateway.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };

  it(
    'offers a key purge only for keys in no team, whose answers are their own',
    async () => {
      await issue({ name: 'in-team', team: 'blue' });
      await issue({ name: 'solo' });
      await openLoggedIn(stack.tab.page, stack.gateway, '/');
      const { page } = stack.tab;
      await page.getByTestId('cache-panel').waitFor();
      const kinds = page.getByLabel('What to purge');
      expect(await kinds.locator('option').allInnerTexts()).toEqual([
        'everything',
        'one model',
        'one client key',
        'one team',
      ]);
      await kinds.selectOption('key');
      const keys = page.getByLabel('Client key').locator('option');
      await keys.filter({ hasText: 'solo' }).waitFor({ state: 'attached' });
      expect(await keys.allInnerTexts()).toEqual(['choose…', 'solo']);
      await kinds.selectOption('team');
      expect(await page.getByLabel('Team').locator('option').allInnerTexts()).toEqual(['choose…', 'blue']);
    },
    T,
  );
});
