import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { RunningGateway } from '../support/gateway-process.js';
import { goTo, openLoggedIn } from './support/admin-pages.js';
import { askDefaultRoute, DEMO_CONFIG, startAdminStack } from './support/admin-stack.js';
import { launchChromium, openPage, PHONE, type WatchedPage } from './support/chromium.js';
import { readWidths } from './support/page-probes.js';
import { saveScreenshot } from './support/screenshots.js';

/** Every page of the admin UI renders real data without a console error, at desktop and phone widths. */

const T = 30_000;
const readDownload = (path: string) => readFile(path, 'utf8');

interface PageCase {
  label: 'Overview' | 'Models' | 'Playground' | 'Logs' | 'Instances' | 'Config';
  shot: string;
  /** Something only that page shows once its data has arrived. */
  ready: (page: Page) => Promise<void>;
}

/**
 * Semantic routes for the Config page, left at their defaults (no threshold, no content_gate, no
 * background) except one route's own threshold. Both lead to the default route's models, so no other test sees a change.
 */
const PAGES_CONFIG = {
  ...DEMO_CONFIG,
  routing: {
    ...DEMO_CONFIG.routing,
    semantic: {
      encoder: 'local',
      routes: [
        {
          name: 'code',
          models: ['demo-a', 'demo-b'],
          utterances: ['refactor this function', 'why does this throw a TypeError', 'write a sorting function'],
        },
        {
          name: 'writing',
          models: ['demo-a', 'demo-b'],
          threshold: 0.2,
          utterances: ['draft a polite reply to this email', 'make this paragraph shorter'],
        },
      ],
    },
  },
};

const PAGES: PageCase[] = [
  { label: 'Overview', shot: 'overview', ready: (p) => p.getByTestId('chart-requests-and-errors').waitFor() },
  { label: 'Models', shot: 'models', ready: (p) => p.getByTestId('model-demo-b').waitFor() },
  {
    label: 'Playground',
    shot: 'playground',
    ready: (p) => p.getByRole('option', { name: 'demo-a' }).waitFor({ state: 'attached' }),
  },
  { label: 'Logs', shot: 'logs', ready: (p) => p.getByTestId('request-row').first().waitFor() },
  { label: 'Instances', shot: 'instances', ready: (p) => p.getByRole('table', { name: 'Instances' }).waitFor() },
  { label: 'Config', shot: 'config', ready: (p) => p.getByTestId('config-yaml').waitFor() },
];

describe('admin UI pages', () => {
  let browser: Browser;
  let gateway: RunningGateway;
  let tab: WatchedPage;

  beforeAll(async () => {
    browser = await launchChromium();
    gateway = await startAdminStack(PAGES_CONFIG);
    // Some traffic, so the charts, the usage table and the request log have something to show.
    await Promise.all(Array.from({ length: 6 }, (_, i) => askDefaultRoute(gateway.url, `warm-up ${i}`)));
  }, T);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  }, T);
  afterEach(() => tab?.context.close(), T);

  it(
    'shows every page with its data, without a console error, and saves a screenshot of each',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway);
      for (const c of PAGES) {
        await goTo(tab.page, c.label);
        await c.ready(tab.page);
        await saveScreenshot(tab.page, c.shot);
      }
      expect(tab.errors).toEqual([]);
    },
    2 * T,
  );

  it(
    'warns that the gateway is in demo mode, on every page',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/config');
      expect(await tab.page.getByTestId('demo-banner').innerText()).toBe(
        'Demo mode: only the built-in demo model answers. Set a provider key to reach real models.',
      );
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'shows the semantic routing settings on the Config page, each default said as such',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/config');
      const gate = tab.page.getByTestId('semantic-content-gate');
      await gate.waitFor();
      expect(await gate.innerText()).toBe('on (default)');
      expect(await tab.page.getByTestId('semantic-background').innerText()).toBe('on (default)');
      expect(await tab.page.getByTestId('semantic-classifier').innerText()).toMatch(
        /^on \(default\): routes are ranked by a classifier/,
      );
      const settings = await tab.page.getByTestId('semantic-settings').innerText();
      expect(settings).toContain('local');
      expect(settings).toContain('calibrated by each route from its utterances (default');
      const rows = tab.page.getByRole('table', { name: 'Semantic routes' }).getByRole('row');
      expect(await rows.filter({ hasText: 'code' }).getByRole('cell').nth(2).innerText()).toBe('calibrated');
      expect(await rows.filter({ hasText: 'writing' }).getByRole('cell').nth(2).innerText()).toBe('0.2');
      const yaml = await tab.page.getByTestId('config-yaml').innerText();
      expect(yaml).toContain('content_gate: true');
      expect(yaml).toContain('background: true');
      expect(yaml).toContain('classifier: true');
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'explains a semantic decision in the Playground and the request log: score, calibrated threshold, runner-up, and which check turned a route away',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/playground');
      /** The semantic line of the explanation once it reads `expected`; the wait fails the test if it never does. */
      const explained = async (message: string, expected: RegExp) => {
        await tab.page.getByRole('option', { name: 'demo-a', exact: true }).waitFor({ state: 'attached' });
        await tab.page.getByTestId('playground-model').selectOption('auto');
        await tab.page.getByLabel('Message').fill(message);
        await tab.page.getByRole('button', { name: 'Explain only' }).click();
        const line = tab.page.getByTestId('explain-semantic').filter({ hasText: expected });
        await line.waitFor({ timeout: 10_000 });
        return line.innerText();
      };
      const taken = await explained('why does this function throw a TypeError', /\(taken\)/);
      expect(taken).toMatch(
        /^route classifier's first choice code · content-word score [\d.-]+ vs calibrated threshold [\d.-]+ \(taken\) · runner-up writing [\d.-]+$/,
      );
      // Above the code route's threshold, but more like the built-in everyday requests than like its examples.
      const away = await explained('write a birthday card for my mother', /not taken/);
      expect(away).toMatch(
        /\(more like everyday requests \(similarity [\d.-]+\) than like the examples of code \([\d.-]+\), by more than 0\.08, not taken\)/,
      );
      // Routes of two or three examples are too small for the classifier to learn the everyday requests as a class.
      expect(away).not.toContain('route classifier scores');
      expect(await tab.page.getByTestId('explain-summary').innerText()).toMatch(/^Would use demo-[ab] · default/);

      // A request routed the same way shows the same line in its request log detail.
      await askDefaultRoute(gateway.url, 'write a birthday card for my mother');
      await goTo(tab.page, 'Logs');
      await tab.page.getByRole('search', { name: 'Request filters' }).getByRole('button', { name: 'Apply' }).click();
      const row = tab.page.getByTestId('request-row').first();
      await row.waitFor();
      await row.getByRole('button', { name: /^Details of / }).click();
      const logged = tab.page.getByTestId('request-detail').getByTestId('detail-semantic');
      await logged.waitFor();
      expect(await logged.innerText()).toMatch(/^route classifier's first choice code · /);
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'lists each configured model with its provider, deployments and a closed breaker',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/models');
      for (const name of ['demo-a', 'demo-b']) {
        const card = tab.page.getByTestId(`model-${name}`);
        await card.waitFor();
        expect(await card.getByRole('heading', { name }).count()).toBe(1);
        expect(await card.innerText()).toContain('demo');
        expect(await tab.page.getByTestId(`breaker-${name}/0`).innerText()).toBe('closed');
      }
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'exports the request log as CSV and as JSON, fetched with the token',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/logs');
      await tab.page.getByTestId('request-row').first().waitFor();
      for (const format of ['CSV', 'JSON']) {
        const [download] = await Promise.all([
          tab.page.waitForEvent('download'),
          tab.page.getByRole('button', { name: `Export ${format}` }).click(),
        ]);
        expect(download.suggestedFilename().toLowerCase()).toMatch(new RegExp(`\\.${format.toLowerCase()}$`));
        const text = await readDownload(await download.path());
        expect(text).toContain('demo-');
        if (format === 'JSON') expect(() => JSON.parse(text)).not.toThrow();
        else expect(text.trim().split('\n').length).toBeGreaterThan(1);
      }
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  it(
    'fits the Overview into a phone-width screen, with the navigation folded behind a Menu button',
    async () => {
      tab = await openPage(browser, PHONE);
      await openLoggedIn(tab.page, gateway);
      await tab.page.getByTestId('chart-requests-and-errors').waitFor();
      const widths = await readWidths(tab.page);
      expect(widths.document).toBeLessThanOrEqual(widths.viewport);
      expect(widths.body).toBeLessThanOrEqual(widths.viewport);

      const logsLink = tab.page.getByRole('link', { name: 'Logs', exact: true });
      expect(await logsLink.isVisible()).toBe(false);
      await tab.page.getByRole('button', { name: 'Menu' }).click();
      await logsLink.click();
      await tab.page.getByRole('heading', { level: 1, name: 'Logs' }).waitFor();
      await tab.page.getByRole('button', { name: 'Menu' }).click();
      await tab.page.getByRole('link', { name: 'Overview', exact: true }).click();
      await tab.page.getByTestId('chart-requests-and-errors').waitFor();
      await saveScreenshot(tab.page, 'overview-phone');
      expect(tab.errors).toEqual([]);
    },
    T,
  );

  // Last: it empties the log the other tests read.
  it(
    'clears the request log only after a confirmation',
    async () => {
      tab = await openPage(browser);
      await openLoggedIn(tab.page, gateway, '/logs');
      const rows = tab.page.getByTestId('request-row');
      await rows.first().waitFor();
      const before = await rows.count();

      await tab.page.getByRole('button', { name: 'Clear', exact: true }).click();
      const dialog = tab.page.getByRole('dialog', { name: 'Clear the request log?' });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await rows.count()).toBe(before);

      await tab.page.getByRole('button', { name: 'Clear', exact: true }).click();
      await dialog.getByRole('button', { name: 'Delete every logged request' }).click();
      await tab.page.getByText('No requests match.').waitFor();
      expect(await rows.count()).toBe(0);
      expect(tab.errors).toEqual([]);
    },
    T,
  );
});
