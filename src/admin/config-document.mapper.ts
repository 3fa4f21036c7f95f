import { redactor } from '#src/core/redact.js';
import type { GatewayConfig, ProviderConfig } from '#src/config/gateway-config.types.js';
import { isSecretHeaderName } from '#src/observability/header-redaction.js';

export const MASK = '****';

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Keys in the file's snake_case. Only for objects whose keys are schema fields, never names chosen by users. */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), snakeKeys(v)]));
}

/** A header value is shown only when neither its name nor its value looks like a secret. */
function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      isSecretHeaderName(name) || redactor.redact(value) !== value ? MASK : value,
    ]),
  );
}

function providerDocument(p: ProviderConfig): object {
  const { name: _name, apiKey, headers, baseUrl, ...rest } = p;
  return {
    ...(snakeKeys(rest) as object),
    // Shown as is: a base URL with user:password in it is refused when the configuration is read.
    base_url: baseUrl,
    ...(apiKey ? { api_key: MASK } : {}),
    ...(Object.keys(headers).length > 0 ? { headers: maskHeaders(headers) } : {}),
  };
}

/** The effective configuration in the file's shape, with every key and secret-looking header masked. */
export function configDocument(config: GatewayConfig): object {
  return {
    providers: Object.fromEntries(Object.values(config.providers).map((p) => [p.name, providerDocument(p)])),
    models: snakeKeys(config.models),
    routing: snakeKeys(config.routing),
    fallback: snakeKeys(config.fallback),
  };
}

/**
 * The same as YAML; known secrets are cut out once more in case one hides somewhere unexpected.
 * The YAML writer is loaded here, on the first call, so a gateway nobody opens the admin page of
 * never holds it.
 */
export async function configYaml(config: GatewayConfig): Promise<string> {
  const { stringify } = await import('yaml');
  return redactor.redact(stringify(configDocument(config)));
}
