import type { ChatMessage, ChatRequest, ContentPart, DocumentPart, ToolDefinition } from './chat.types.js';

/**
 * A fast, deterministic prompt-size estimate for when no tokenizer is at hand (count_tokens,
 * stream starts without upstream usage). It aims at the right order of magnitude: Latin text
 * costs about one token per four characters, CJK about one per character, and media a flat price.
 */
export const IMAGE_TOKENS = 1000;
export const PDF_TOKENS = 1500;
const MESSAGE_OVERHEAD = 4;
const TOOL_OVERHEAD = 10;
const REQUEST_OVERHEAD = 3;
/** Characters per token of Latin text, the ratio of every estimate here for text that is not dense. */
const CHARS_PER_TOKEN = 4;

/** Ideographs, kana, hangul and full-width forms: roughly one token each. */
function isDense(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xffef)
  );
}

/**
 * Tokens of text known only by its length (an answer counted as it streamed), at the Latin ratio:
 * dense text (CJK) costs more, so this is a floor for it.
 */
export function estimateCharTokens(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

export function estimateTextTokens(text: string): number {
  let dense = 0;
  let sparse = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      // A character outside the BMP (emoji, rare ideographs) is one unit, about a token.
      dense += 1;
      i += 1;
    } else if (isDense(code)) dense += 1;
    else sparse += 1;
  }
  return dense + estimateCharTokens(sparse);
}

function documentTokens(part: DocumentPart): number {
  const title = part.title ? estimateTextTokens(part.title) : 0;
  if (part.source.kind === 'base64' && part.source.mediaType === 'text/plain') {
    return title + estimateTextTokens(Buffer.from(part.source.data, 'base64').toString('utf8'));
  }
  return title + PDF_TOKENS;
}

function partTokens(part: ContentPart): number {
  switch (part.type) {
    case 'text':
      return estimateTextTokens(part.text);
    case 'image':
      return IMAGE_TOKENS;
    case 'document':
      return documentTokens(part);
    case 'tool_call':
      return estimateTextTokens(part.name) + estimateTextTokens(part.arguments) + MESSAGE_OVERHEAD;
    case 'tool_result': {
      const inner = typeof part.content === 'string' ? estimateTextTokens(part.content) : sum(part.content, partTokens);
      return inner + MESSAGE_OVERHEAD;
    }
    case 'thinking':
      return estimateTextTokens(part.text) + (part.redactedData ? Math.ceil(part.redactedData.length / 8) : 0);
  }
}

function toolTokens(tool: ToolDefinition): number {
  const description = tool.description ? estimateTextTokens(tool.description) : 0;
  return (
    TOOL_OVERHEAD + estimateTextTokens(tool.name) + description + estimateTextTokens(JSON.stringify(tool.parameters))
  );
}

/**
 * Indexed loops and named callbacks rather than `for…of` over `items ?? []` and an arrow per call:
 * every admitted request of a key with a token limit or a budget is estimated, so an iterator, an
 * empty array and a closure per call would be garbage on the hot path.
 */
function sum<T>(items: readonly T[] | undefined, cost: (item: T) => number): number {
  if (items == null) return 0;
  let total = 0;
  for (let i = 0; i < items.length; i++) total += cost(items[i]);
  return total;
}

function messageTokens(message: ChatMessage): number {
  return MESSAGE_OVERHEAD + sum(message.content, partTokens);
}

/** Estimated prompt tokens of a request: system, messages and tool definitions. */
export function estimateTokens(request: ChatRequest): number {
  const system = sum(request.system, partTokens);
  const messages = sum(request.messages, messageTokens);
  return REQUEST_OVERHEAD + system + messages + sum(request.tools, toolTokens);
}
