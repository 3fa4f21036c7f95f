import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const ARTIFACTS = resolve(process.cwd(), 'test-artifacts/screenshots');
const DOCS = resolve(process.cwd(), 'docs/screenshots');

/**
 * Saves a full-page PNG under test-artifacts/ (every run). With UPDATE_SCREENSHOTS=1 it also
 * refreshes the copy in docs/screenshots/, which the README links, so ordinary runs leave the
 * committed pictures alone.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(path, join(DOCS, `${name}.png`));
  }
  return path;
}
