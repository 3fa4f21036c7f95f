import type { Browser, Page } from 'playwright-core';
import { loggedRequests } from '../admin/admin-client.js';
import type { RunningGateway } from '../support/gateway-process.js';
import { goTo, openLoggedIn } from './support/admin-pages.js';
import { DEMO_CONFIG, startAdminStack } from './support/admin-stack.js';
import { richRoutes } from '../factories/rich-routes.js';
import { launchChromium, openPage, type WatchedPage } from './support/chromium.js';
import { readAnswer, waitForStreamingTextLongerThan } from './support/page-probes.js';
import { saveScreenshot } from './support/screenshots.js';

/** The playground streams an answer as it is produced, and what it sent is then found in the Logs page. */

const T = 30_000;

async function fillPlayground(page: Page, model: string, message: string, stream: boolean): Promise<void> {
  // The model list has loaded once the configured models are among the options.
  await page.getByRole('option', { name: 'demo-a', exact: true }).waitFor({ state: 'attached' });
  await page.getByTestId('playground-model').selectOption(model);
  await page.getByLabel('Message').fill(message);
  await page.getByLabel('Stream').setChecked(stream);
}

/**
 * For the describe block it is called in: a browser tab logged in on the playground of a gateway
 * started with `config`, opened before its tests and closed after them.
 */
function onPlayground(config?: object): Pick<WatchedPage, 'page' | 'errors'> & { gateway: () => RunningGateway } {
  let browser: Browser | undefined;
  let gateway: RunningGateway | undefined;
  let tab: WatchedPage | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    gateway = await startAdminStack(config);
    tab = await openPage(browser);
    await openLoggedIn(tab.page, gateway, '/playground');
  }, T);
  afterAll(async () => {
    await tab?.context.close();
    await browser?.close();
    await gateway?.stop();
  }, T);
  const opened = (): WatchedPage => {
    if (tab === undefined) throw new Error('the playground tab is not open');
    return tab;
  };
  return {
    gateway: () => {
      if (gateway === undefined) throw new Error('the gateway is not running');
      return gateway;
    },
    get page() {
      return opened().page;
    },
    get errors() {
      return opened().errors;
    },
  };
}

describe('admin UI playground', () => {
  const tab = onPlayground();

  it(
    'shows a streamed answer growing while it is still streaming, then the route, attempts and tokens',
    async () => {
      const { page } = tab;
      await fillPlayground(page, 'demo-a', 'Tell me something about railway switchyards', true);
      await page.getByRole('button', { name: 'Send', exact: true }).click();

      const first = await waitForStreamingTextLongerThan(page, 0);
      const second = await waitForStreamingTextLongerThan(page, first.text.length);
      expect(first.streaming && second.streaming).toBe(true);
      expect(second.text.startsWith(first.text)).toBe(true);
      expect(second.text.length).toBeGreaterThan(first.text.length);

      await page.getByTestId('streaming-indicator').waitFor({ state: 'detached' });
      const done = await readAnswer(page);
      expect(done.text.startsWith(second.text)).toBe(true);
      expect(await page.getByTestId('playground-model-used').innerText()).toContain('demo-a');
      expect(await page.getByTestId('playground-route').innerText()).toMatch(/explicit/);
      expect(await page.getByTestId('playground-tokens').innerText()).toMatch(/^\d+ in \/ \d+ out$/);
      expect(await page.getByRole('table', { name: 'Attempts' }).innerText()).toContain('demo-a');
      await saveScreenshot(page, 'playground-answer');
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'explains a routing decision without calling the model',
    async () => {
      const { page } = tab;
      await fillPlayground(page, 'auto', 'Which model would answer this?', false);
      await page.getByRole('button', { name: 'Explain only' }).click();
      const candidates = page.getByRole('table', { name: 'Candidates' });
      await candidates.waitFor();
      expect(await candidates.innerText()).toMatch(/demo-a/);
      expect(await page.getByTestId('explain-summary').innerText()).toMatch(/Would use demo-[ab]/);
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'finds the streamed request in the Logs page, with its attempts in the detail view',
    async () => {
      const { page } = tab;
      await goTo(page, 'Logs');
      const filters = page.getByRole('search', { name: 'Request filters' });
      await filters.getByLabel('Model').fill('demo-a');
      await filters.getByRole('button', { name: 'Apply' }).click();
      const row = page.getByTestId('request-row').filter({ hasText: 'stream' }).filter({ hasText: 'demo-a' });
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      expect(await row.innerText()).toMatch(/200/);

      await row.getByRole('button', { name: /^Details of / }).click();
      const detail = page.getByTestId('request-detail');
      await detail.getByRole('table', { name: 'Attempts' }).waitFor();
      expect(await detail.getByRole('table', { name: 'Attempts' }).innerText()).toContain('demo-a');
      await saveScreenshot(page, 'logs-detail');
      await detail.getByRole('button', { name: 'Close' }).click();
      await detail.waitFor({ state: 'detached' });
      expect(tab.errors).toEqual([]);
    },
    T,
  );
});

/** Semantic routes large enough (20 examples each) for the route classifier to learn the everyday requests as a class. */
const RICH_CONFIG = {
  ...DEMO_CONFIG,
  routing: {
    ...DEMO_CONFIG.routing,
    semantic: { encoder: 'local', routes: richRoutes({ code: 'demo-a', translation: 'demo-b' }) },
  },
};

describe('admin UI playground, with the background learnt by the route classifier', () => {
  const tab = onPlayground(RICH_CONFIG);

  it(
    'says it was the route classifier that turned a prompt away as an everyday request',
    async () => {
      const { page } = tab;
      await fillPlayground(page, 'auto', 'can you explain why my dog barks at night', false);
      await page.getByRole('button', { name: 'Explain only' }).click();
      const line = page.getByTestId('explain-semantic');
      await line.waitFor();
      expect(await line.innerText()).toMatch(
        /^route classifier's first choice code · .*\(the route classifier scores it as an everyday request \([\d.-]+\) above code \([\d.-]+\), by more than 0\.3, not taken\)/,
      );
      expect(await line.innerText()).not.toContain('more like everyday requests');
      expect(await page.getByTestId('explain-summary').innerText()).toMatch(/^Would use demo-[ab] · default/);
      expect(tab.errors).toEqual([]);
    },
    T,
  );
});

/** An answer that streams for a minute: a word a second. */
const SLOW_CONFIG = {
  ...DEMO_CONFIG,
  providers: { demo: { type: 'mock', chunk_delay_ms: 1000, words_per_chunk: 1, reply: 'word '.repeat(60).trim() } },
};

describe('admin UI playground, leaving mid-stream', () => {
  const tab = onPlayground(SLOW_CONFIG);

  it(
    'ends the streamed request when the user leaves the Playground, logged as closed by the client',
    async () => {
      const { page } = tab;
      await fillPlayground(page, 'demo-a', 'Tell me a long story', true);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await waitForStreamingTextLongerThan(page, 0);
      await goTo(page, 'Logs');

      // Long before the answer would have ended, the gateway logs it as given up by its client.
      const page499 = await loggedRequests(tab.gateway(), 1, '&status=499');
      expect(page499.items[0]).toMatchObject({ model: 'demo-a', stream: true, status: 499 });
      expect(tab.errors).toEqual([]);
    },
    T,
  );
});
