import type { Browser, Response } from 'playwright-core';
import type { RunningGateway } from '../support/gateway-process.js';
import { openLoggedIn } from './support/admin-pages.js';
import { askDefaultRoute, startAdminStack } from './support/admin-stack.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';

/** Weights edited in the Models page steer the proxy's very next requests; refusals are shown where they apply. */

const T = 30_000;

describe('admin UI weights', () => {
  let browser: Browser;
  let gateway: RunningGateway;
  let tab: WatchedPage;

  const weightBox = (key: string) => tab.page.getByTestId(`weight-${key}`);
  /** Clicks Save and reports what the toolbar then says, success and refusal side by side. */
  const save = async () => {
    await tab.page.getByRole('button', { name: /^Save/ }).click();
    const notice = tab.page.getByTestId('weights-notice');
    const error = tab.page.getByTestId('weights-error');
    await notice.or(error).waitFor();
    const text = async (l: typeof notice) => ((await l.count()) ? await l.innerText() : null);
    return { notice: await text(notice), error: await text(error) };
  };
  /** Sent together: the mock streams slowly, and the weighted pick happens as each request arrives. */
  const modelsAsked = (count: number) =>
    Promise.all(Array.from({ length: count }, (_, i) => askDefaultRoute(gateway.url, `after the change ${i}`)));

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
    await openLoggedIn(tab.page, gateway, '/models');
    await weightBox('demo-b').waitFor();
  }, T);
  afterEach(async () => {
    await fetch(`${gateway.adminUrl}/admin/api/weights`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${gateway.adminToken}` },
    });
    await tab?.context.close();
  }, T);

  it(
    'sends every next request of the default route to demo-a once demo-b is weighted 0',
    async () => {
      expect(new Set(await modelsAsked(4))).toEqual(new Set(['demo-a', 'demo-b']));

      await weightBox('demo-b').fill('0');
      expect(await save()).toEqual({ notice: 'Saved 1 change.', error: null });
      expect(await weightBox('demo-b').inputValue()).toBe('0');

      expect(await modelsAsked(6)).toEqual(Array(6).fill('demo-a'));
      const history = tab.page.getByTestId('weight-history');
      await history.getByText('demo-b').waitFor();
      expect(await history.locator('tbody tr').first().innerText()).toMatch(
        /admin ui \(127\.0\.0\.1\)\s+demo-b\s+1 → 0/,
      );
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'shows a refusal beside the field the API names, and changes nothing',
    async () => {
      await weightBox('demo-a').fill('0');
      await weightBox('demo-b').fill('0');
      const outcome = await save();
      expect(outcome.notice).toBeNull();
      const named = outcome.error?.match(/\(field: (demo-[ab])\)/)?.[1];
      expect(named).toBeDefined();
      const inline = tab.page.getByTestId(`weight-error-${named}`);
      expect(await inline.isVisible()).toBe(true);
      expect((await inline.innerText()).length).toBeGreaterThan(0);

      expect(new Set(await modelsAsked(4))).toEqual(new Set(['demo-a', 'demo-b']));
      // The browser reports the 400 answer itself; the app adds nothing to the console.
      expect(tab.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    },
    T,
  );

  it(
    'puts the file’s weights back with Reset to file',
    async () => {
      await weightBox('demo-b').fill('0');
      expect(await save()).toEqual({ notice: 'Saved 1 change.', error: null });
      await tab.page.getByRole('button', { name: 'Reset to file' }).click();
      await tab.page.getByText("Weights reset to the file's values.").waitFor();
      expect(await weightBox('demo-b').inputValue()).toBe('1');
      expect(new Set(await modelsAsked(4))).toEqual(new Set(['demo-a', 'demo-b']));
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'shows a weight changed elsewhere without a reload',
    async () => {
      const res = await fetch(`${gateway.adminUrl}/admin/api/weights`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ weights: { 'demo-b': 3 } }),
      });
      expect(res.status).toBe(200);
      // The page refreshes every 5 s, as the breakers' state needs: two refreshes are waited for at most.
      const box = weightBox('demo-b');
      const until = Date.now() + 12_000;
      while ((await box.inputValue()) !== '3' && Date.now() < until) await tab.page.waitForTimeout(250);
      expect(await box.inputValue()).toBe('3');
    },
    T,
  );
  it(
    'keeps a saved weight on screen when a refresh started before the save answers after it',
    async () => {
      // Holds the first refresh's answer (the weights before the save) until the save is done.
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let heldAnswer: (answer: Response) => void = () => {};
      const held = new Promise<Response>((resolve) => (heldAnswer = resolve));
      let holding = true;
      let readBefore = () => {};
      const fetchedBefore = new Promise<void>((resolve) => (readBefore = resolve));
      const weightsGet = (url: URL) => url.pathname === '/admin/api/weights';
      await tab.page.route(weightsGet, async (route) => {
        if (route.request().method() !== 'GET' || !holding) return route.continue();
        holding = false;
        const before = await route.fetch();
        readBefore();
        const answered = tab.page.waitForResponse((r) => r.request() === route.request());
        await released;
        await route.fulfill({ response: before });
        heldAnswer(await answered);
      });
      // The page refreshes every 5 s: wait until the first refresh has read the weights from before the save.
      await fetchedBefore;

      await weightBox('demo-b').fill('2');
      expect(await save()).toEqual({ notice: 'Saved 1 change.', error: null });
      expect(await weightBox('demo-b').inputValue()).toBe('2');

      release();
      await (await held).finished();
      // Let the page take the late answer in before looking.
      await tab.page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
      expect(await weightBox('demo-b').inputValue()).toBe('2');
      await tab.page.unrouteAll();
      expect(tab.errors).toEqual([]);
    },
    T,
  );
});
