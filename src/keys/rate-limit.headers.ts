import type { DialectKind } from '#src/core/chat.types.js';
import type { LimitReading, LimitReadings } from './rate-limit.types.js';

/** A Go duration, as OpenAI writes its resets: `850ms`, `12s`, `6m0s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes === 0 ? `${seconds}s` : `${minutes}m${seconds % 60}s`;
}

function openAI(readings: LimitReadings): Record<string, string> {
  const headers: Record<string, string> = {};
  const put = (what: 'requests' | 'tokens', r: LimitReading | undefined) => {
    if (r === undefined) return;
    headers[`x-ratelimit-limit-${what}`] = String(r.limit);
    headers[`x-ratelimit-remaining-${what}`] = String(r.remaining);
    headers[`x-ratelimit-reset-${what}`] = goDuration(r.resetMs);
  };
  put('requests', readings.requests);
  put('tokens', readings.tokens);
  return headers;
}

function anthropic(readings: LimitReadings, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  const put = (what: 'requests' | 'tokens', r: LimitReading | undefined) => {
    if (r === undefined) return;
    headers[`anthropic-ratelimit-${what}-limit`] = String(r.limit);
    headers[`anthropic-ratelimit-${what}-remaining`] = String(r.remaining);
    headers[`anthropic-ratelimit-${what}-reset`] = new Date(nowMs + r.resetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  put('requests', readings.requests);
  put('tokens', readings.tokens);
  return headers;
}

/** The key's rate-limit state in the headers the client's vendor uses (OpenAI's for every non-Anthropic dialect). */
export function rateLimitHeaders(dialect: DialectKind, readings: LimitReadings, nowMs: number): Record<string, string> {
  return dialect === 'anthropic' ? anthropic(readings, nowMs) : openAI(readings);
}
