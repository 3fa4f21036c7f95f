import type { ChatRequest } from '#src/core/chat.types.js';
import { toOpenAIPassthroughBody } from './openai-passthrough.mapper.js';
import { toOpenAIRequest } from './openai-request.mapper.js';
import { toolNameMapFor, type ToolNameMap } from './openai-tool-name.mapper.js';

export interface OpenAIUpstreamBody {
  body: Record<string, unknown>;
  /** Names shortened on the way out, to restore on the way back. */
  toolNames: ToolNameMap;
}

/**
 * The upstream body for a request: the client's own body when it is relayed (it already spoke
 * Chat Completions; lossless), else the canonical request encoded.
 */
export function toOpenAIBody(
  request: ChatRequest,
  upstreamModel: string,
  options: { maxOutputTokens?: number; relay: boolean },
): OpenAIUpstreamBody {
  if (options.relay) {
    const body = toOpenAIPassthroughBody(request.source.body, upstreamModel, {
      stream: request.stream,
      maxOutputTokens: options.maxOutputTokens,
    });
    return { body, toolNames: new Map() };
  }
  const body = toOpenAIRequest(request, upstreamModel, {
    maxOutputTokens: options.maxOutputTokens,
  }) as unknown as Record<string, unknown>;
  return { body, toolNames: toolNameMapFor(request) };
}
