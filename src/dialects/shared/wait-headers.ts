import { retryAfterMillis, retryAfterSeconds } from '#src/core/gateway-error.js';

/**
 * How long a client should wait before it sends the request again, for the OpenAI-shaped and
 * Anthropic dialects. Their official SDKs (both Stainless-generated) read `retry-after-ms` before
 * `retry-after`, so the exact wait goes along with the whole-second one other clients read: an
 * upstream's 200 ms would otherwise become a full second, rounded up so nobody retries too soon.
 */
export function waitHeaders(retryAfterMs: number | undefined): Record<string, string> {
  if (retryAfterMs === undefined) return {};
  return { 'retry-after': retryAfterSeconds(retryAfterMs), 'retry-after-ms': retryAfterMillis(retryAfterMs) };
}
