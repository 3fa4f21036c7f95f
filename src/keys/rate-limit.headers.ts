import type { DialectKind } from '#src/core/chat.types.js';
import type { HeaderSink, LimitReadings } from './rate-limit.types.js';

/** Whole-second durations written so far, by seconds: resets take at most a few thousand values. */
const SECOND_DURATIONS: string[] = [];
const REMEMBERED_SECONDS = 3_600;

/** A Go duration, as OpenAI writes its resets: `850ms`, `12s`, `6m0s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds >= REMEMBERED_SECONDS) return secondsDuration(seconds);
  return (SECOND_DURATIONS[seconds] ??= secondsDuration(seconds));
}

function secondsDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes === 0 ? `${seconds}s` : `${minutes}m${seconds % 60}s`;
}

/** The last reset instant written, with its text: a window's resets all fall on its one end. */
let lastReset = { ms: NaN, text: '' };

/** RFC 3339 to the second, as Anthropic writes its resets. */
function anthropicTime(ms: number): string {
  if (ms !== lastReset.ms) lastReset = { ms, text: new Date(ms).toISOString().slice(0, 19) + 'Z' };
  return lastReset.text;
}

/** The largest whole number V8 keeps unboxed (a small integer): its text is quick to make. */
const SMALL_WHOLE = 2 ** 30 - 1;
const LOW_DIGITS = 1e9;
const LOW_ZEROS = '000000000';

/**
 * A count as decimal text, like `String(n)`. A large whole number (a limit set far out of reach,
 * 10^12 tokens) is written as two halves of at most nine digits each: turning a double into text
 * costs several times what a small integer does, and these go out with every answer.
 */
export function countText(n: number): string {
  if (n <= SMALL_WHOLE || !Number.isSafeInteger(n)) return String(n);
  const high = Math.floor(n / LOW_DIGITS);
  const low = String(n - high * LOW_DIGITS);
  return `${high}${LOW_ZEROS.slice(low.length)}${low}`;
}

/**
 * The header names are literal (not built per request) and go straight to the answer, one by one:
 * these headers go out with every answer of a limited key, so they are on the hot path.
 */
function openAI(answer: HeaderSink, { requests, tokens }: LimitReadings): void {
  if (requests !== undefined) {
    answer.header('x-ratelimit-limit-requests', countText(requests.limit));
    answer.header('x-ratelimit-remaining-requests', countText(requests.remaining));
    answer.header('x-ratelimit-reset-requests', goDuration(requests.resetMs));
  }
  if (tokens !== undefined) {
    answer.header('x-ratelimit-limit-tokens', countText(tokens.limit));
    answer.header('x-ratelimit-remaining-tokens', countText(tokens.remaining));
    answer.header('x-ratelimit-reset-tokens', goDuration(tokens.resetMs));
  }
}

function anthropic(answer: HeaderSink, { requests, tokens }: LimitReadings, nowMs: number): void {
  if (requests !== undefined) {
    answer.header('anthropic-ratelimit-requests-limit', countText(requests.limit));
    answer.header('anthropic-ratelimit-requests-remaining', countText(requests.remaining));
    answer.header('anthropic-ratelimit-requests-reset', anthropicTime(nowMs + requests.resetMs));
  }
  if (tokens !== undefined) {
    answer.header('anthropic-ratelimit-tokens-limit', countText(tokens.limit));
    answer.header('anthropic-ratelimit-tokens-remaining', countText(tokens.remaining));
    answer.header('anthropic-ratelimit-tokens-reset', anthropicTime(nowMs + tokens.resetMs));
  }
}

/** Writes the key's rate-limit state in the headers the client's vendor uses (OpenAI's for every non-Anthropic dialect). */
export function writeRateLimitHeaders(
  answer: HeaderSink,
  dialect: DialectKind,
  readings: LimitReadings,
  nowMs: number,
): void {
  if (dialect === 'anthropic') anthropic(answer, readings, nowMs);
  else openAI(answer, readings);
}
