import type { UpstreamDialect } from '#src/providers/shared/upstream-client.js';
import { fromAnthropicError, parseAnthropicErrorText } from './anthropic.error.mapper.js';
import { toAnthropicHeaders } from './anthropic.headers.js';
import { namesAnthropicStored } from './anthropic-stored-objects.js';

/**
 * How the Messages API is spoken over the shared client: the key as `x-api-key` with the API
 * version and betas (a relayed client's own included), and errors read by their `error.type` and
 * by what the request named (Anthropic's errors name no field).
 */
export const ANTHROPIC_UPSTREAM: UpstreamDialect = {
  headers: (config, _accept, forward) => toAnthropicHeaders(config, forward),
  classify: (status, body, headers, provider, sent) =>
    fromAnthropicError(status, parseAnthropicErrorText(body), headers, provider, sent),
  namesStored: namesAnthropicStored,
};
