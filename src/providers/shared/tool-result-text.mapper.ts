import type { TextPart, ToolResultPart } from '#src/core/chat.types.js';

/**
 * A tool result as the plain text that OpenAI `tool` messages and Ollama tool messages carry:
 * array content is flattened to its text parts, one a line, and an error result says so in the text because
 * neither wire has an `is_error` field.
 */
export function toolResultText(part: ToolResultPart): string {
  const text =
    typeof part.content === 'string'
      ? part.content
      : part.content
          .filter((p): p is TextPart => p.type === 'text')
          .map((p) => p.text)
          .join('\n');
  return part.isError ? `Error: ${text}` : text;
}
