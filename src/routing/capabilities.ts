import type { ChatRequest } from '#src/core/chat.types.js';
import {
  carriesFile,
  storedFiles,
  unreadableFileReason,
  type FileAccount,
  type StoredFileNeed,
} from '#src/core/stored-files.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { ModelConfig } from '#src/config/gateway-config.types.js';

/** What a request needs from the model that answers it. */
export interface RequestNeeds {
  vision: boolean;
  tools: boolean;
  /** Estimated prompt tokens plus the answer budget. */
  tokens: number;
  /**
   * The first stored file the request names of each vendor and API it needs: only that vendor's
   * models can read it, and an OpenAI image only over the Responses API.
   */
  files: StoredFileNeed[];
}

function firstOfEachKind(files: StoredFileNeed[]): StoredFileNeed[] {
  return files.filter((f, i) => files.findIndex((g) => g.vendor === f.vendor && g.wire === f.wire) === i);
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
    files: firstOfEachKind(storedFiles(request)),
  };
}

/** What keeps a model from serving a request: why, and the request field that asks for it. */
export interface Shortfall {
  why: string;
  /** `messages`, `tools`, or the field naming a stored file (`messages[0].content[1].source`). */
  param: string;
}

/**
 * Why `model` cannot serve a request with these needs, or undefined when it can. `accounts` are
 * those of its live deployments that read their vendor's stored files: a stored file is read only
 * by a model with an account there, speaking the API the file needs.
 */
export function shortfall(
  model: ModelConfig,
  needs: RequestNeeds,
  accounts: readonly FileAccount[],
): Shortfall | undefined {
  const unread = needs.files.find((f) => !accounts.some((a) => carriesFile(a, f)));
  if (unread !== undefined) return { why: unreadableFileReason(unread, accounts), param: unread.field };
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
