import type { ProviderConfig } from '#src/config/gateway-config.types.js';

/** The API version sent when the client named none (clients' own values are forwarded verbatim). */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

function pick(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * Upstream headers: the operator's static headers, then auth, version and content type. A beta
 * list the operator configured and one the client sent are both kept, comma-joined, because
 * each names features the request may rely on.
 */
export function toAnthropicHeaders(config: ProviderConfig, forward: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.headers)) headers[key.toLowerCase()] = value;
  if (config.apiKey) headers['x-api-key'] = config.apiKey;
  headers['anthropic-version'] =
    pick(forward, 'anthropic-version') ?? headers['anthropic-version'] ?? DEFAULT_ANTHROPIC_VERSION;
  const betas = new Set(
    `${headers['anthropic-beta'] ?? ''},${pick(forward, 'anthropic-beta') ?? ''}`
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
  );
  if (betas.size > 0) headers['anthropic-beta'] = [...betas].join(',');
  else delete headers['anthropic-beta'];
  headers['content-type'] = 'application/json';
  return headers;
}
