import type { IncomingHttpHeaders } from 'node:http';

const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'];

/** The inbound headers an Anthropic upstream should see when a Messages body is relayed to it. */
export function anthropicForwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value) && value.length > 0) out[name] = value.join(',');
  }
  return out;
}
