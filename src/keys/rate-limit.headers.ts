import type { DialectKind } from '#src/core/chat.types.js';
import type { LimitReadings } from './rate-limit.types.js';

/** A Go duration, as OpenAI writes its resets: `850ms`, `12s`, `6m0s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes === 0 ? `${seconds}s` : `${minutes}m${seconds % 60}s`;
}

/** RFC 3339 to the second, as Anthropic writes its resets. */
const anthropicTime = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/**
 * The header names are literal (not built per request) and each dialect's set is written in one
 * object: these headers go out with every answer of a limited key, so they are on the hot path.
 */
function openAI({ requests, tokens }: LimitReadings): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requests !== undefined) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(requests.remaining);
    headers['x-ratelimit-reset-requests'] = goDuration(requests.resetMs);
  }
  if (tokens !== undefined) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(tokens.remaining);
    headers['x-ratelimit-reset-tokens'] = goDuration(tokens.resetMs);
  }
  return headers;
}

function anthropic({ requests, tokens }: LimitReadings, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requests !== undefined) {
    headers['anthropic-ratelimit-requests-limit'] = String(requests.limit);
    headers['anthropic-ratelimit-requests-remaining'] = String(requests.remaining);
    headers['anthropic-ratelimit-requests-reset'] = anthropicTime(nowMs + requests.resetMs);
  }
  if (tokens !== undefined) {
    headers['anthropic-ratelimit-tokens-limit'] = String(tokens.limit);
    headers['anthropic-ratelimit-tokens-remaining'] = String(tokens.remaining);
    headers['anthropic-ratelimit-tokens-reset'] = anthropicTime(nowMs + tokens.resetMs);
  }
  return headers;
}

/** The key's rate-limit state in the headers the client's vendor uses (OpenAI's for every non-Anthropic dialect). */
export function rateLimitHeaders(dialect: DialectKind, readings: LimitReadings, nowMs: number): Record<string, string> {
  return dialect === 'anthropic' ? anthropic(readings, nowMs) : openAI(readings);
}
