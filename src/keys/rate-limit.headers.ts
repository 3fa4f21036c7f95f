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

/**
 * The header names are literal (not built per request) and go straight to the answer, one by one:
 * these headers go out with every answer of a limited key, so they are on the hot path.
 */
function openAI(answer: HeaderSink, { requests, tokens }: LimitReadings): void {
  if (requests !== undefined) {
    answer.header('x-ratelimit-limit-requests', String(requests.limit));
    answer.header('x-ratelimit-remaining-requests', String(requests.remaining));
    answer.header('x-ratelimit-reset-requests', goDuration(requests.resetMs));
  }
  if (tokens !== undefined) {
    answer.header('x-ratelimit-limit-tokens', String(tokens.limit));
    answer.header('x-ratelimit-remaining-tokens', String(tokens.remaining));
    answer.header('x-ratelimit-reset-tokens', goDuration(tokens.resetMs));
  }
}

function anthropic(answer: HeaderSink, { requests, tokens }: LimitReadings, nowMs: number): void {
  if (requests !== undefined) {
    answer.header('anthropic-ratelimit-requests-limit', String(requests.limit));
    answer.header('anthropic-ratelimit-requests-remaining', String(requests.remaining));
    answer.header('anthropic-ratelimit-requests-reset', anthropicTime(nowMs + requests.resetMs));
  }
  if (tokens !== undefined) {
    answer.header('anthropic-ratelimit-tokens-limit', String(tokens.limit));
    answer.header('anthropic-ratelimit-tokens-remaining', String(tokens.remaining));
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
