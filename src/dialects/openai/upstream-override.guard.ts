import { GatewayError } from '#src/core/gateway-error.js';
import type { JsonObject } from './field.guards.js';

/**
 * Fields some SDKs and proxies accept to redirect a call. Clients never choose an upstream URL, key
 * or header set: the operator's configuration does, so a body naming one is refused outright.
 */
const UPSTREAM_OVERRIDES = ['api_base', 'base_url', 'api_key', 'headers', 'extra_headers'] as const;

export function rejectUpstreamOverrides(body: JsonObject): void {
  for (const field of UPSTREAM_OVERRIDES) {
    if (field in body) {
      throw GatewayError.invalid(
        field,
        `'${field}' is not accepted: upstream URLs, keys and headers are set by the gateway`,
      );
    }
  }
}
