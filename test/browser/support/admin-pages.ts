import type { Page } from 'playwright-core';
import type { RunningGateway } from '../../support/gateway-process.js';

/** Opens a page of the admin UI with `?token=`, the shortest way in; the app removes it from the URL. */
export async function openLoggedIn(page: Page, gateway: RunningGateway, path = '/'): Promise<void> {
  await page.goto(`${gateway.adminUrl}${path}?token=${encodeURIComponent(gateway.adminToken)}`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Follows a nav link the way a user does, then waits for the page's own heading. */
export async function goTo(
  page: Page,
  label: 'Overview' | 'Models' | 'Playground' | 'Logs' | 'Instances' | 'Config',
): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}
