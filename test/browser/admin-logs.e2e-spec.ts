import type { Browser } from 'playwright-core';
import { loggedRequests, MOCK_CONFIG } from '../admin/admin-client.js';
import type { RunningGateway } from '../support/gateway-process.js';
import { openLoggedIn } from './support/admin-pages.js';
import { startAdminStack } from './support/admin-stack.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';

/** Paging through the request log on the Logs page while traffic goes on. */

const T = 30_000;
/** The Logs page's page size (use-request-log.hook.ts). */
const PAGE_SIZE = 50;

async function ask(url: string, prompt: string): Promise<void> {
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: prompt }] }),
  });
  await res.body?.cancel();
  if (res.status !== 200) throw new Error(`POST /api/chat answered ${res.status}`);
}

describe('the Logs page', () => {
  let browser: Browser;
  let gateway: RunningGateway;
  let tab: WatchedPage;

  beforeAll(async () => {
    browser = await launchChromium();
    gateway = await startAdminStack(MOCK_CONFIG);
    for (let i = 0; i <= PAGE_SIZE; i++) await ask(gateway.url, `request ${i}`);
    await loggedRequests(gateway, PAGE_SIZE + 1);
  }, 2 * T);
  afterEach(async () => {
    await tab?.page.unrouteAll();
  });
  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await gateway?.stop();
  }, T);

  it(
    'stops offering "Load more" once the oldest rows are shown, counting none of the requests that arrived meanwhile',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/logs');
      const rows = tab.page.getByTestId('request-row');
      await rows.nth(PAGE_SIZE - 1).waitFor();
      const loadMore = tab.page.getByRole('button', { name: 'Load more' });

      await ask(gateway.url, 'arrived while the page was open');
      await loggedRequests(gateway, PAGE_SIZE + 2);
      await loadMore.click();
      // The older page and what it says about further pages arrive in one render.
      await rows.nth(PAGE_SIZE).waitFor();

      expect(await rows.count()).toBe(PAGE_SIZE + 1);
      expect(await loadMore.count()).toBe(0);
      // The total is the first page's: the request that arrived shows after a Refresh, not before.
      expect(await tab.page.getByTestId('requests-count').textContent()).toBe(
        `Showing ${PAGE_SIZE + 1} of ${PAGE_SIZE + 1}`,
      );
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'offers no "Load more" once every match is shown, though the last page came back full',
    async () => {
      // As many more as make exactly two full pages of what the log holds now.
      const logged = (await loggedRequests(gateway, PAGE_SIZE + 2)).items.length;
      for (let i = logged; i < 2 * PAGE_SIZE; i++) await ask(gateway.url, `more ${i}`);
      await loggedRequests(gateway, 2 * PAGE_SIZE);
      const count = tab.page.getByTestId('requests-count');
      const loadMore = tab.page.getByRole('button', { name: 'Load more' });
      await tab.page.getByRole('button', { name: 'Refresh' }).click();
      await count.filter({ hasText: `Showing ${PAGE_SIZE} of ${2 * PAGE_SIZE}` }).waitFor();
      await loadMore.click();
      await count.filter({ hasText: `Showing ${2 * PAGE_SIZE} of ${2 * PAGE_SIZE}` }).waitFor();

      expect(await loadMore.count()).toBe(0);
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'offers no "Load more" from the previous filters when the first page for new ones fails',
    async () => {
      const count = tab.page.getByTestId('requests-count');
      const loadMore = tab.page.getByRole('button', { name: 'Load more' });
      await tab.page.getByRole('button', { name: 'Refresh' }).click();
      await count.filter({ hasText: `Showing ${PAGE_SIZE} of ${2 * PAGE_SIZE}` }).waitFor();
      await loadMore.waitFor();
      const searches = (url: URL) => url.pathname === '/admin/api/requests' && url.searchParams.has('q');
      await tab.page.route(searches, (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"message":"store down"}}' }),
      );
      await tab.page.getByRole('searchbox').fill('anything');
      await tab.page.getByRole('button', { name: 'Apply' }).click();
      await tab.page.getByRole('alert').filter({ hasText: 'Could not load the request log: store down' }).waitFor();

      expect(await loadMore.count()).toBe(0);
    },
    T,
  );

  it(
    'keeps offering "Load more" after a later page fails, and loads it when tried again',
    async () => {
      const count = tab.page.getByTestId('requests-count');
      const loadMore = tab.page.getByRole('button', { name: 'Load more' });
      await tab.page.getByRole('searchbox').fill('');
      await tab.page.getByRole('button', { name: 'Apply' }).click();
      await count.filter({ hasText: `Showing ${PAGE_SIZE} of ${2 * PAGE_SIZE}` }).waitFor();
      const laterPages = (url: URL) => url.pathname === '/admin/api/requests' && url.searchParams.has('cursor');
      await tab.page.route(laterPages, (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"message":"store down"}}' }),
      );
      await loadMore.click();
      await tab.page.getByRole('alert').filter({ hasText: 'Could not load the request log: store down' }).waitFor();
      expect(await loadMore.count()).toBe(1);

      await tab.page.unroute(laterPages);
      await loadMore.click();
      await count.filter({ hasText: `Showing ${2 * PAGE_SIZE} of ${2 * PAGE_SIZE}` }).waitFor();
      expect(await loadMore.count()).toBe(0);
    },
    T,
  );
});
