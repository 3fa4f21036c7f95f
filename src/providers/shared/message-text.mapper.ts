import type { ChatMessage, TextPart } from '#src/core/chat.types.js';

/** A mid-conversation system message as the one string that OpenAI and Ollama system messages carry. */
export function systemMessageText(message: ChatMessage): string {
  return message.content
    .filter((p): p is TextPart => p.type === 'text')
    .map((p) => p.text)
    .join('\n\n');
}
