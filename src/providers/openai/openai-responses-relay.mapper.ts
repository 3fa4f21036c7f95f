import { isThinkingEnvelope } from '#src/core/thinking-envelope.js';
import { clampTokens } from './openai-request.mapper.js';

/**
 * A Responses client's own body, for an upstream that speaks the Responses API too: only the model
 * name changes (and a token ceiling the operator set), reasoning items that carry the gateway's own
 * sealed thinking (from an answer another upstream gave) are left out, and so, with `store: false`,
 * are reasoning items without `encrypted_content`. Every other field, items and built-in tools this
 * gateway has never heard of included, reaches the upstream untouched.
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
  if (Array.isArray(source.input)) {
    const input = source.input.filter((item) => !carriesGatewayThinking(item));
    body.input = source.store === false ? input.filter(isReplayable) : input;
  }
  return body;
}

/** Thinking of another vendor, sealed by the gateway: an OpenAI upstream cannot read it. */
function carriesGatewayThinking(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { type, encrypted_content } = item as Record<string, unknown>;
  return type === 'reasoning' && isThinkingEnvelope(encrypted_content);
}

/**
 * Without stored items, an upstream can take back a reasoning item only by its `encrypted_content`:
 * one without it (as the gateway writes for an answer another upstream gave, after a failover or a
 * weight change) would have the whole request refused.
 */
function isReplayable(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return true;
  const { type, encrypted_content } = item as Record<string, unknown>;
  return type !== 'reasoning' || (typeof encrypted_content === 'string' && encrypted_content !== '');
}
