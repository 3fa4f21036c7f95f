import { clampTokens } from './openai-request.mapper.js';

/**
 * A Responses client's own body, for an upstream that speaks the Responses API too: only the model
 * name changes (and a token ceiling the operator set). Every other field, items and built-in tools
 * this gateway has never heard of included, reaches the upstream untouched.
 */
export function toResponsesRelayBody(
  source: Record<string, unknown>,
  upstreamModel: string,
  options: { maxOutputTokens?: number },
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...source, model: upstreamModel };
  if (typeof source.max_output_tokens === 'number') {
    body.max_output_tokens = clampTokens(source.max_output_tokens, options.maxOutputTokens);
  }
  return body;
}
