import type { ChatRequest } from '#src/core/chat.types.js';

/** Rules and semantic routes look at no more than this many UTF-16 code units (16 KiB of ASCII). */
export const ROUTING_TEXT_LIMIT = 16 * 1024;

/**
 * The text routing decisions are made on: the text parts of the last user message, joined by
 * newlines and cut to `ROUTING_TEXT_LIMIT`. Earlier turns and system text are left out so a long
 * conversation costs the same to route as a short one.
 */
export function routingText(request: ChatRequest): string {
  const last = findLastUserMessage(request);
  if (!last) return '';
  const text = last.content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
  return truncateText(text, ROUTING_TEXT_LIMIT);
}

/** Cuts to at most `limit` code units without leaving half of a surrogate pair at the end. */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
  return text.slice(0, cut);
}

/**
 * The last user message that says something: a turn carrying only tool results continues the
 * conversation the earlier text started, so it routes by that text, not by nothing.
 */
function findLastUserMessage(request: ChatRequest): ChatRequest['messages'][number] | undefined {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message.role === 'user' && message.content.some((p) => p.type === 'text' && p.text.trim() !== '')) {
      return message;
    }
  }
  return undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
