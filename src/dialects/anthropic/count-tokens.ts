import { estimateTokens } from '#src/core/token-estimate.js';
import { decodeAnthropicRequest } from './anthropic-request.decoder.js';

export interface CountTokensResult {
  input_tokens: number;
}

/**
 * `POST /v1/messages/count_tokens`, answered locally. Only a malformed body fails (400): Claude
 * Code's `/context` and auto-compaction stop working when this endpoint errors.
 */
export function countTokens(body: unknown): CountTokensResult {
  const request = decodeAnthropicRequest(body, { requireMaxTokens: false });
  return { input_tokens: estimateTokens(request) };
}
