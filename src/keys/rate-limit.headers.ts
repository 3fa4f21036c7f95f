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

/** The three header names of one limit in one vendor's spelling. */
interface LimitNames {
  limit: string;
  remaining: string;
  reset: string;
}

interface VendorNames {
  requests: LimitNames;
  tokens: LimitNames;
}

const OPENAI: VendorNames = {
  requests: {
    limit: 'x-ratelimit-limit-requests',
    remaining: 'x-ratelimit-remaining-requests',
    reset: 'x-ratelimit-reset-requests',
  },
  tokens: {
    limit: 'x-ratelimit-limit-tokens',
    remaining: 'x-ratelimit-remaining-tokens',
    reset: 'x-ratelimit-reset-tokens',
  },
};

const ANTHROPIC: VendorNames = {
  requests: {
    limit: 'anthropic-ratelimit-requests-limit',
    remaining: 'anthropic-ratelimit-requests-remaining',
    reset: 'anthropic-ratelimit-requests-reset',
  },
  tokens: {
    limit: 'anthropic-ratelimit-tokens-limit',
    remaining: 'anthropic-ratelimit-tokens-remaining',
    reset: 'anthropic-ratelimit-tokens-reset',
  },
};

/** Anthropic's headers for the Anthropic dialect, OpenAI's for every other. */
const namesFor = (dialect: DialectKind): VendorNames => (dialect === 'anthropic' ? ANTHROPIC : OPENAI);

/** A reset as the vendor writes it: OpenAI a Go duration from now, Anthropic the instant. */
const resetText = (dialect: DialectKind, resetMs: number, nowMs: number): string =>
  dialect === 'anthropic' ? anthropicTime(nowMs + resetMs) : goDuration(resetMs);

/**
 * The one place a limit's headers are written. The names are literal (not built per request) and
 * go straight to the answer, one by one: these headers go out with every answer of a limited key,
 * so they are on the hot path.
 */
function writeLimit(answer: HeaderSink, names: LimitNames, limit: string, remaining: number, reset: string): void {
  answer.header(names.limit, limit);
  answer.header(names.remaining, String(remaining));
  answer.header(names.reset, reset);
}

/** Writes the key's rate-limit state in the headers the client's vendor uses (OpenAI's for every non-Anthropic dialect). */
export function writeRateLimitHeaders(
  answer: HeaderSink,
  dialect: DialectKind,
  { requests, tokens }: LimitReadings,
  nowMs: number,
): void {
  const names = namesFor(dialect);
  if (requests !== undefined) {
    const reset = resetText(dialect, requests.resetMs, nowMs);
    writeLimit(answer, names.requests, String(requests.limit), requests.remaining, reset);
  }
  if (tokens !== undefined) {
    const reset = resetText(dialect, tokens.resetMs, nowMs);
    writeLimit(answer, names.tokens, String(tokens.limit), tokens.remaining, reset);
  }
}

/**
 * The parts of a key's rate-limit headers that hold for a whole minute (its limits as text), made
 * once a minute per key rather than once a request.
 */
export interface LimitHeaderParts {
  requestsLimit?: string;
  tokensLimit?: string;
}

/** What an admitted request left of its key's per-minute limits; undefined for a limit the key lacks. */
export interface MinuteCounts {
  readonly requestsLeft?: number;
  readonly tokensLeft?: number;
}

/**
 * `writeRateLimitHeaders` for an admitted request, from its remaining counts and the minute's
 * pre-built parts: both limits reset together, at the minute's end, `resetMs` from `nowMs`.
 */
export function writeMinuteHeaders(
  answer: HeaderSink,
  dialect: DialectKind,
  parts: LimitHeaderParts,
  left: MinuteCounts,
  resetMs: number,
  nowMs: number,
): void {
  const names = namesFor(dialect);
  const reset = resetText(dialect, resetMs, nowMs);
  if (parts.requestsLimit !== undefined && left.requestsLeft !== undefined) {
    writeLimit(answer, names.requests, parts.requestsLimit, left.requestsLeft, reset);
  }
  if (parts.tokensLimit !== undefined && left.tokensLeft !== undefined) {
    writeLimit(answer, names.tokens, parts.tokensLimit, left.tokensLeft, reset);
  }
}
