import { clampTokens } from './openai-request.mapper.js';

export interface OpenAIPassthroughOptions {
  stream: boolean;
  maxOutputTokens?: number;
  /** Sent as `prompt_cache_key` when the client set none (the session id, for the upstream's prompt cache). */
  promptCacheKey?: string;
}

/**
 * The client's own Chat Completions body, sent on with only what the gateway must change: the
 * model name, the stream flag, usage reporting while streaming, the token ceiling, and a prompt
 * cache key when the client sent none but belongs to a session. Every
 * other field, including ones this gateway does not know, reaches the upstream untouched.
 */
export function toOpenAIPassthroughBody(
  source: Record<string, unknown>,
  upstreamModel: string,
  options: OpenAIPassthroughOptions,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...source, model: upstreamModel, stream: options.stream };
  if (options.stream) {
    body.stream_options = { ...asRecord(source.stream_options), include_usage: true };
  } else {
    // OpenAI rejects stream_options on a non-streaming call.
    delete body.stream_options;
  }
  if (options.promptCacheKey !== undefined && source.prompt_cache_key === undefined) {
    body.prompt_cache_key = options.promptCacheKey;
  }
  for (const key of ['max_tokens', 'max_completion_tokens']) {
    const value = source[key];
    if (typeof value === 'number') body[key] = clampTokens(value, options.maxOutputTokens);
  }
  return body;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
