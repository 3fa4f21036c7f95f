import OpenAI from 'openai';
import type { Browser } from 'playwright-core';
import type { RunningGateway } from '../support/gateway-process.js';
import { startGateway } from '../support/gateway-process.js';
import { openLoggedIn } from './support/admin-pages.js';
import { DEMO_CONFIG } from './support/admin-stack.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';

/**
 * A key made in the Keys page works from the OpenAI SDK, its spend shows up, and revoking it ends it;
 * an edit changes only what was changed, and a refused one says why inside its dialog.
 */

const T = 60_000;
/** $100 per million tokens in and out, so that spend rises with every call and is easy to work out. */
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

  /** Calls the keys admin API the way a script would, beside the browser. */
  const keysApi = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${gateway.adminUrl}/admin/api/keys${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  interface KeyView {
    id: string;
    name: string;
    limits: { rpm?: number; tpm?: number };
    expiresAt?: string;
  }

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
      const answers = [await ask(), await ask()];
      const tokens = answers.reduce((n, a) => n + (a.usage?.prompt_tokens ?? 0) + (a.usage?.completion_tokens ?? 0), 0);
      const usd = (tokens * 100) / 1_000_000;

      const row = page.locator('[data-testid="key-row"][data-key-name="browser-made"]');
      // Spend is written about a second after each answer; the page refreshes every 15 s.
      await row.getByTestId('key-requests').filter({ hasText: /^2$/ }).waitFor({ timeout: 30_000 });
      // The budget is per month (the form's default), so the spend beside it is this month's.
      expect(await row.getByTestId('key-spend').innerText()).toBe(
        `$${usd.toFixed(usd < 0.01 ? 5 : 2)} this month (UTC)`,
      );
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

  it(
    "shows each key's spend as the gateway sums it, and reads the rows per day for the chart's 30 days only",
    async () => {
      const made = await keysApi<{ key: KeyView; secret: string }>('', {
        name: 'summed',
        budget: { usd: 5, period: 'total' },
      });
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: made.secret, maxRetries: 0 });
      const answer = await client.chat.completions.create({
        model: 'demo-a',
        messages: [{ role: 'user', content: 'hi' }],
      });
      const usd = (((answer.usage?.prompt_tokens ?? 0) + (answer.usage?.completion_tokens ?? 0)) * 100) / 1_000_000;
      // The list carries the key's spend in its period once it is written (about a second after the answer).
      const listed = async () =>
        (await keysApi<{ keys: (KeyView & { spend: { requests: number; usd: number } })[] }>('')).keys.find(
          (k) => k.id === made.key.id,
        )?.spend;
      for (let i = 0; i < 50 && (await listed())?.requests !== 1; i++) await new Promise((r) => setTimeout(r, 200));
      expect(await listed()).toEqual({ requests: 1, tokens: expect.any(Number), usd, unpricedRequests: 0 });

      tab = await openPage(browser);
      const { page } = tab;
      // The rows per day come back empty: the table's figures can come only from the list's sums.
      const asked: URL[] = [];
      await page.route('**/admin/api/keys/spend*', (route) => {
        asked.push(new URL(route.request().url()));
        return route.fulfill({ status: 200, contentType: 'application/json', body: '[]' });
      });
      await openLoggedIn(page, gateway, '/keys');
      const row = page.locator('[data-testid="key-row"][data-key-name="summed"]');
      expect(await row.getByTestId('key-requests').innerText()).toBe('1');
      expect(await row.getByTestId('key-spend').innerText()).toBe(`$${usd.toFixed(usd < 0.01 ? 5 : 2)} in total`);
      await page.getByText('Nothing spent in the last 30 days.').waitFor();
      // However far back a budget counts, the rows read start 30 days back (today included).
      const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.map((u) => u.searchParams.get('from'))).toEqual(asked.map(() => from));
      expect(tab.errors).toEqual([]);
      await tab.context.close();
    },
    T,
  );

  it(
    'saves only the field changed in Edit: the expiry and a limit changed meanwhile stay as they were',
    async () => {
      // An expiry with seconds, seen from a browser five and a half hours ahead of UTC.
      const made = await keysApi<{ key: KeyView }>('', {
        name: 'edited',
        rpm: 10,
        tpm: 1000,
        expires_at: '2031-01-02T03:04:05.000Z',
      });
      const id = made.key.id;
      tab = await openPage(browser, undefined, 'Asia/Kolkata');
      await openLoggedIn(tab.page, gateway, '/keys');
      const { page } = tab;
      const row = page.locator('[data-testid="key-row"][data-key-name="edited"]');
      await row.getByRole('button', { name: 'Edit edited' }).click();
      const dialog = page.getByRole('dialog', { name: 'Edit edited' });
      expect(await dialog.getByLabel('Expires').inputValue()).toBe('2031-01-02T08:34:05');

      // Someone else raises the token limit while the dialog is open.
      await keysApi(`/${id}`, { tpm: 5000 });
      await dialog.getByTestId(`edit-${id}-rpm`).fill('20');
      await dialog.getByTestId(`edit-${id}-submit`).click();
      await dialog.waitFor({ state: 'detached' });

      const after = await keysApi<KeyView>(`/${id}`);
      expect(after.limits).toEqual({ rpm: 20, tpm: 5000 });
      expect(after.expiresAt).toBe('2031-01-02T03:04:05.000Z');
      expect(tab.errors).toEqual([]);
      await tab.context.close();
    },
    T,
  );

  it(
    'shows a refused edit inside the dialog, beside the field the gateway names',
    async () => {
      const made = await keysApi<{ key: KeyView }>('', { name: 'refused' });
      const id = made.key.id;
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/keys');
      const { page } = tab;
      await page
        .locator('[data-testid="key-row"][data-key-name="refused"]')
        .getByRole('button', { name: 'Edit refused' })
        .click();
      const dialog = page.getByRole('dialog', { name: 'Edit refused' });
      // A model pattern longer than the gateway takes (200 characters).
      const models = dialog.getByTestId(`edit-${id}-models`);
      await models.fill(`demo-${'a'.repeat(200)}`);
      await dialog.getByTestId(`edit-${id}-submit`).click();

      await dialog.getByRole('alert').filter({ hasText: 'allowed_models' }).waitFor();
      expect(await models.getAttribute('aria-invalid')).toBe('true');
      const described = await models.getAttribute('aria-describedby');
      expect(await dialog.locator(`[id="${described}"]`).innerText()).toContain('allowed_models');
      expect((await keysApi<{ allowedModels: string[] }>(`/${id}`)).allowedModels).toEqual([]);
      await tab.context.close();
    },
    T,
  );

  it(
    'marks the allowlist entries that match no configured model',
    async () => {
      await keysApi('', { name: 'typo', allowed_models: ['demo-*', 'dmeo-a'] });
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/keys');
      const row = tab.page.locator('[data-testid="key-row"][data-key-name="typo"]');

      expect(await row.getByTestId('key-unmatched').innerText()).toBe('no such model: dmeo-a');
      expect(await tab.page.getByTestId('key-unmatched').count()).toBe(1);
      expect(tab.errors).toEqual([]);
      await tab.context.close();
    },
    T,
  );

  it(
    'says "Refresh failed" when a refresh fails, and keeps the keys on screen',
    async () => {
      await keysApi('', { name: 'still-shown' });
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/keys');
      const { page } = tab;
      const row = page.locator('[data-testid="key-row"][data-key-name="still-shown"]');
      await row.waitFor();
      await page.route('**/admin/api/keys', (route) =>
        route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"message":"store down"}}' }),
      );
      await page.getByRole('alert').filter({ hasText: 'Refresh failed: store down' }).waitFor({ timeout: 30_000 });
      expect(await row.count()).toBe(1);
      await tab.context.close();
    },
    T,
  );

  it(
    'shows the keys when their first load answers only after the time between refreshes',
    async () => {
      await keysApi('', { name: 'slow-shown' });
      tab = await openPage(browser);
      // Time runs as usual, and can be run ahead past the 15 s between refreshes.
      await tab.page.clock.install();
      const keysGet = (url: URL) => url.pathname === '/admin/api/keys';
      let asked = 0;
      let arrived = () => {};
      const first = new Promise<void>((resolve) => (arrived = resolve));
      let answer = () => {};
      const answering = new Promise<void>((resolve) => (answer = resolve));
      // The first load is slow; any refresh asked for meanwhile never answers.
      await tab.page.route(keysGet, async (route) => {
        asked += 1;
        if (asked > 1) return new Promise<void>(() => undefined);
        arrived();
        await answering;
        return route.continue();
      });
      await openLoggedIn(tab.page, gateway, '/keys');
      await first;
      await tab.page.clock.runFor(20_000);
      answer();

      await tab.page.locator('[data-testid="key-row"][data-key-name="slow-shown"]').waitFor();
      expect(await tab.page.getByText('Could not load the keys').count()).toBe(0);
      await tab.page.unrouteAll({ behavior: 'ignoreErrors' });
      await tab.context.close();
    },
    T,
  );
});

describe('admin UI keys, spend per day', () => {
  let browser: Browser;
  let gateway: RunningGateway;

  beforeAll(async () => {
    browser = await launchChromium();
    gateway = await startGateway({ config: CONFIG, env: { AUTH_MODE: 'keys' } });
  }, T);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  }, T);

  const adminPost = async <T>(path: string, body: unknown = {}): Promise<T> => {
    const res = await fetch(`${gateway.adminUrl}/admin/api/keys${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  /** A key that has spent something today. */
  const spendingKey = async (name: string): Promise<string> => {
    const made = await adminPost<{ key: { id: string }; secret: string }>('', { name });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: made.secret, maxRetries: 0 });
    await client.chat.completions.create({ model: 'demo-a', messages: [{ role: 'user', content: 'hi' }] });
    return made.key.id;
  };

  it(
    'gives every key its own segment, whatever its name: a dotted name, "day", a revoked key and its namesake',
    async () => {
      await spendingKey('team.ci');
      await spendingKey('day');
      const replaced = await spendingKey('ci');
      await adminPost(`/${replaced}/revoke`);
      await spendingKey('ci');

      const tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/keys');
      const chart = tab.page.getByTestId('chart-spend-per-day');
      // Spend is recorded a moment after each answer; the page refreshes every 15 s.
      const legendItems = chart.locator('.recharts-legend-item-text');
      await legendItems.nth(3).waitFor({ timeout: 30_000 });
      const legend = await legendItems.allInnerTexts();
      expect(legend.sort()).toEqual(['ci', 'ci (revoked)', 'day', 'team.ci']);
      // All spent today: one bar, four segments, and the day under it is today's (UTC) date.
      expect(await chart.locator('.recharts-bar-rectangle').count()).toBe(4);
      const today = new Date().toISOString().slice(0, 10);
      expect(await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents()).toContain(today);
      const byKey = await tab.page
        .getByRole('table', { name: 'Spend per day' })
        .locator('tbody tr')
        .first()
        .locator('td')
        .nth(1)
        .innerText();
      expect(byKey).toMatch(/^ci: \$[\d.]+, ci \(revoked\): \$[\d.]+, day: \$[\d.]+, team\.ci: \$[\d.]+$/);
      expect(tab.errors).toEqual([]);
      await tab.context.close();
    },
    T,
  );
});
