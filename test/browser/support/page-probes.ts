import type { Page } from 'playwright-core';

/**
 * Expressions evaluated inside the page. They are strings because the test build has no DOM
 * typings; each reads everything it reports in one go, so the values describe the same instant.
 */

const ANSWER = `({
  text: document.querySelector('[data-testid="playground-answer"]')?.textContent ?? '',
  streaming: document.querySelector('[data-testid="streaming-indicator"]') !== null,
})`;

export interface AnswerState {
  text: string;
  streaming: boolean;
}

export function readAnswer(page: Page): Promise<AnswerState> {
  return page.evaluate<AnswerState>(ANSWER);
}

/**
 * Waits until the answer holds more than `length` characters while the stream is still open, and
 * returns what was seen at that very moment. Polled with `page.evaluate` rather than
 * `waitForFunction`, whose in-page `eval` the admin UI's Content-Security-Policy rightly refuses.
 */
export async function waitForStreamingTextLongerThan(
  page: Page,
  length: number,
  timeoutMs = 10_000,
): Promise<AnswerState> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const seen = await readAnswer(page);
    if (seen.streaming && seen.text.length > length) return seen;
    if (Date.now() > giveUpAt)
      throw new Error(`the answer never streamed past ${length} characters: ${JSON.stringify(seen)}`);
    // A short pause between reads leaves the page's own work room on a busy machine.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Widths {
  viewport: number;
  document: number;
  body: number;
}

export function readWidths(page: Page): Promise<Widths> {
  return page.evaluate<Widths>(
    '({ viewport: window.innerWidth, document: document.documentElement.scrollWidth, body: document.body.scrollWidth })',
  );
}
