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
      // Nor the previous filters' rows, as if they matched the new ones.
      expect(await tab.page.getByTestId('request-row').count()).toBe(0);
      expect(await count.textContent()).toBe('Showing 0 of 0');
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

  it(
    'shows a failed request in the bad colour even when its status is 2xx',
    async () => {
      // The gateway logs a stream cut after its 200 went out as a 200 with an error kind.
      const firstPages = (url: URL) => url.pathname === '/admin/api/requests' && !url.searchParams.has('cursor');
      await tab.page.route(firstPages, async (route) => {
        const res = await route.fetch();
        const page = (await res.json()) as { items: Array<Record<string, unknown>> };
        Object.assign(page.items[0], {
          status: 200,
          error_kind: 'timeout',
          error: 'the upstream went quiet mid-stream',
        });
        await route.fulfill({ response: res, json: page });
      });
      await tab.page.getByRole('button', { name: 'Refresh' }).click();
      const failed = tab.page.getByTestId('request-row').filter({ hasText: 'timeout' });
      await failed.waitFor();
      expect(await failed.locator('.badge').getAttribute('class')).toContain('badge-bad');
      const ok = tab.page.getByTestId('request-row').nth(1);
      expect(await ok.locator('.badge').getAttribute('class')).toContain('badge-good');
    },
    T,
  );

  it(
    'names the zone of the times it shows, the browser’s own',
    async () => {
      const away = await openPage(browser, undefined, 'Asia/Kolkata');
      await openLoggedIn(away.page, gateway, '/logs');
      const time = away.page
        .getByTestId('request-row')
        .first()
        .getByRole('button', { name: /^Details of / });
      await time.waitFor();
      expect(await time.innerText()).toMatch(/ GMT\+5:30$/);
      expect(away.errors).toEqual([]);
      await away.context.close();
    },
    T,
  );

  it(
    'says when an export holds fewer rows than match',
    async () => {
      // One export holds at most 10,000 rows; asking this one for 1 makes the same cut with the log at hand.
      const exports = (url: URL) => url.pathname === '/admin/api/requests/export';
      await tab.page.route(exports, (route) => route.continue({ url: `${route.request().url()}&limit=1` }));
      const note = tab.page.getByTestId('export-partial');
      const [download] = await Promise.all([
        tab.page.waitForEvent('download'),
        tab.page.getByRole('button', { name: 'Export JSON' }).click(),
      ]);
      await download.path();
      await note.waitFor();
      expect(await note.innerText()).toMatch(/^The file holds the newest 1 of \d+ matching requests\.$/);
      // The note speaks of that file: once other filters are applied, it is gone, and going back
      // to the filters the file was made under does not bring it back.
      await tab.page.getByLabel('Status').fill('ok');
      await tab.page.getByRole('button', { name: 'Apply' }).click();
      await note.waitFor({ state: 'detached' });
      await tab.page.getByRole('button', { name: 'Clear filters' }).click();
      await tab.page
        .getByTestId('request-row')
        .nth(PAGE_SIZE - 1)
        .waitFor();
      expect(await tab.page.getByLabel('Status').inputValue()).toBe('');
      expect(await note.count()).toBe(0);
    },
    T,
  );

  /**
   * The Logs page opened on a tab whose clock runs as usual and can be run ahead, with the first
   * system-log refresh after the page's own load never answered: `held` once it is out, `again` once
   * a later one is asked for, `abandoned` once the unanswered one is called off by the page.
   */
  async function logsWithOneHungRefresh() {
    const away = await openPage(browser);
    await away.page.clock.install();
    const logsGet = (url: URL) => url.pathname === '/admin/api/logs';
    let asked = 0;
    let unanswered = () => {};
    const held = new Promise<void>((resolve) => (unanswered = resolve));
    let askedAgain = () => {};
    const again = new Promise<void>((resolve) => (askedAgain = resolve));
    await away.page.route(logsGet, async (route) => {
      asked += 1;
      if (asked > 2) askedAgain();
      if (asked !== 2) return route.continue();
      unanswered();
      return new Promise<void>(() => undefined);
    });
    let calledOff = () => {};
    const abandoned = new Promise<void>((resolve) => (calledOff = resolve));
    away.page.on('requestfailed', (request) => {
      if (logsGet(new URL(request.url())) && request.failure()?.errorText === 'net::ERR_ABORTED') calledOff();
    });
    await openLoggedIn(away.page, gateway, '/logs');
    await away.page.clock.runFor(3_000);
    await held;
    const close = async () => {
      await away.page.unrouteAll({ behavior: 'ignoreErrors' });
      await away.context.close();
    };
    return { page: away.page, again, abandoned, close };
  }

  it(
    'goes on refreshing the system log after one refresh never answers',
    async () => {
      const logs = await logsWithOneHungRefresh();
      // Well past the bound on a load and the 3 s between refreshes: more refreshes are asked for,
      // and the unanswered one is called off, so it does not hold one of the few connections a
      // browser opens to the gateway.
      await logs.page.clock.runFor(35_000);
      await logs.again;
      await logs.abandoned;
      await logs.close();
    },
    T,
  );
  it(
    'calls off a refresh still out when the page is left for another',
    async () => {
      const logs = await logsWithOneHungRefresh();
      // Within the app, well before the bound on a load: the Logs page goes, and its refresh with it.
      await logs.page.getByRole('link', { name: 'Overview', exact: true }).click();
      await logs.abandoned;
      await logs.close();
    },
    T,
  );
  it(
    'says a request that carried a secret has no body logged for that reason, not for LOG_BODIES',
    async () => {
      // What the log holds for a request routed for privacy: its body was dropped, whatever LOG_BODIES says.
      const details = (url: URL) => /^\/admin\/api\/requests\/\d+$/.test(url.pathname);
      await tab.page.route(details, async (route) => {
        const res = await route.fetch();
        const detail = (await res.json()) as Record<string, unknown>;
        await route.fulfill({ response: res, json: { ...detail, route_reason: 'privacy', request_body: null } });
      });
      await tab.page
        .getByRole('button', { name: /^Details of / })
        .first()
        .click();
      const dialog = tab.page.getByTestId('request-detail');
      await dialog.getByRole('heading', { name: 'Request body' }).waitFor();
      const body = dialog.getByRole('heading', { name: 'Request body' }).locator('xpath=following-sibling::p[1]');
      expect(await body.innerText()).toBe(
        'Not logged: the request carried a secret, so its body is never kept, even with LOG_BODIES=true.',
      );
      await dialog.getByRole('button', { name: 'Close' }).click();
    },
    T,
  );
});
