import { DEFAULT_MAX_TOKENS, clampMaxTokens } from './anthropic.request.mapper.js';
import type { AnthropicEncodeOptions } from './anthropic.request.mapper.js';

/**
 * The upstream body for a client that already speaks Anthropic: its own body, with only the
 * model, the stream flag and the `max_tokens` ceiling changed, so fields the gateway does not
 * model (cache_control, server tools, metadata, betas' extra fields) reach the upstream intact.
 */
export function toAnthropicPassthroughBody(
  source: Record<string, unknown>,
  stream: boolean,
  options: AnthropicEncodeOptions,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...source, model: options.model, stream };
  const asked = typeof body.max_tokens === 'number' ? body.max_tokens : DEFAULT_MAX_TOKENS;
  const maxTokens = clampMaxTokens(asked, options.maxOutputTokens);
  body.max_tokens = maxTokens;
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  // A clamp can push max_tokens under the thinking budget, which the API rejects.
  if (
    thinking?.type === 'enabled' &&
    typeof thinking.budget_tokens === 'number' &&
    thinking.budget_tokens >= maxTokens
  ) {
    body.thinking = { ...thinking, budget_tokens: maxTokens - 1 };
  }
  return body;
}
