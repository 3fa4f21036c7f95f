import type { ChatRequest, ChatResponse, SourceShape } from '#src/core/chat.types.js';
import { JsonText } from '#src/core/json-text.js';

/** The upstream's own JSON, to send unchanged, when both it and the client's request are in `shape`. */
export function originalAnswer(response: ChatResponse, request: ChatRequest, shape: SourceShape): JsonText | undefined {
  const original = response.original;
  if (original?.shape !== shape || request.source.shape !== shape) return undefined;
  return new JsonText(original.json);
}
