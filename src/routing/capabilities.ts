import type { ChatRequest } from '#src/core/chat.types.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { ModelConfig } from '#src/config/gateway-config.types.js';

/** What a request needs from the model that answers it. */
export interface RequestNeeds {
  vision: boolean;
  tools: boolean;
  /** Estimated prompt tokens plus the answer budget. */
  tokens: number;
}

export function requestNeeds(request: ChatRequest): RequestNeeds {
  const vision = request.messages.some((m) =>
    m.content.some(
      (p) =>
        p.type === 'image' ||
        (p.type === 'tool_result' && Array.isArray(p.content) && p.content.some((c) => c.type === 'image')),
    ),
  );
  return {
    vision,
    tools: (request.tools?.length ?? 0) > 0,
    tokens: estimateTokens(request) + (request.maxTokens ?? 0),
  };
}

/** What keeps a model from serving a request: why, and the request field that asks for it. */
export interface Shortfall {
  why: string;
  param: 'messages' | 'tools';
}

/** Why `model` cannot serve a request with these needs, or undefined when it can. */
export function shortfall(model: ModelConfig, needs: RequestNeeds): Shortfall | undefined {
  if (needs.vision && !model.capabilities.includes('vision'))
    return { why: 'has images, the model lacks vision', param: 'messages' };
  if (needs.tools && !model.capabilities.includes('tools'))
    return { why: 'has tools, the model lacks tools', param: 'tools' };
  if (model.contextWindow !== undefined && needs.tokens > model.contextWindow) {
    return {
      why: `needs about ${needs.tokens} tokens, the model's window is ${model.contextWindow}`,
      param: 'messages',
    };
  }
  return undefined;
}
