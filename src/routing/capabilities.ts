import type { ChatRequest, StoredFileSource } from '#src/core/chat.types.js';
import { foreignFileReason, storedFiles } from '#src/core/stored-files.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { ModelConfig, ProviderKind } from '#src/config/gateway-config.types.js';

/** What a request needs from the model that answers it. */
export interface RequestNeeds {
  vision: boolean;
  tools: boolean;
  /** Estimated prompt tokens plus the answer budget. */
  tokens: number;
  /** The first stored file the request names of each vendor: only that vendor's models can read it. */
  files: StoredFileSource[];
}

function firstOfEachVendor(files: StoredFileSource[]): StoredFileSource[] {
  return files.filter((f, i) => files.findIndex((g) => g.vendor === f.vendor) === i);
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
    files: firstOfEachVendor(storedFiles(request)),
  };
}

/** What keeps a model from serving a request: why, and the request field that asks for it. */
export interface Shortfall {
  why: string;
  /** `messages`, `tools`, or the field naming a stored file (`messages[0].content[1].source`). */
  param: string;
}

/**
 * Why `model` cannot serve a request with these needs, or undefined when it can. `kinds` are the
 * vendors whose stored files it reads: a stored file is read only by a model with an account there.
 */
export function shortfall(
  model: ModelConfig,
  needs: RequestNeeds,
  kinds: readonly ProviderKind[],
): Shortfall | undefined {
  const foreign = needs.files.find((f) => !kinds.includes(f.vendor));
  if (foreign !== undefined) return { why: foreignFileReason(foreign), param: foreign.field };
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
