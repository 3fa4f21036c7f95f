import type { ChatRequest, ContentPart } from '#src/core/chat.types.js';

/**
 * Every piece of text a request would send upstream: system prompt, messages, tool calls and tool
 * results, tool definitions. Images and documents are skipped (encoded data, not typed secrets).
 */
export function* requestTexts(request: ChatRequest): Generator<string> {
  for (const part of request.system ?? []) yield part.text;
  for (const message of request.messages) for (const part of message.content) yield* partTexts(part);
  for (const tool of request.tools ?? []) if (tool.description) yield tool.description;
}

function* partTexts(part: ContentPart): Generator<string> {
  switch (part.type) {
    case 'text':
    case 'thinking':
      yield part.text;
      return;
    case 'tool_call':
      yield part.arguments;
      return;
    case 'tool_result':
      if (typeof part.content === 'string') yield part.content;
      else for (const inner of part.content) if (inner.type === 'text') yield inner.text;
      return;
    default:
      return;
  }
}
