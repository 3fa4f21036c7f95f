import type { GatewayError } from '#src/core/gateway-error.js';
import { classifyStatus } from '#src/providers/shared/classify-status.js';

/**
 * Classifies an `{"error":"…"}` line inside a 200 stream. There is no status to go on, so the
 * text decides; anything unrecognised is a server-side failure.
 */
export function classifyOllamaStreamError(message: string, provider: string): GatewayError {
  return classifyStatus(statusFromText(message), message, {}, provider);
}

function statusFromText(message: string): number {
  if (/not found/i.test(message)) return 404;
  if (/rate limit|too many requests/i.test(message)) return 429;
  if (/context|too long|exceeds/i.test(message)) return 400;
  return 500;
}
