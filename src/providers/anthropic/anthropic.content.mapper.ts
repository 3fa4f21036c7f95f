import type {
  CacheControl,
  ChatMessage,
  ContentPart,
  DocumentPart,
  ImagePart,
  MediaSource,
  TextPart,
  ToolResultPart,
} from '#src/core/chat.types.js';
import { foreignFileError } from '#src/core/stored-files.js';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMediaSource,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic.wire.types.js';

/**
 * Anthropic accepts tool ids matching `^[a-zA-Z0-9_-]+$` only. Foreign ids (`functions.Bash:0`)
 * are rewritten by a pure function, so a `tool_use.id` and the `tool_result.tool_use_id` that
 * answers it always come out identical.
 */
export function toAnthropicToolId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean === '' ? 'toolu_empty' : clean;
}

/** Parses tool-call arguments; `""` and anything that is not a JSON object become `{}`. */
export function toToolInput(args: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function withCache<T extends object>(block: T, cache: CacheControl | undefined): T {
  return cache ? { ...block, cache_control: { ...cache } as AnthropicCacheControl } : block;
}

/** A file another vendor stores never reaches Claude: routing passes such requests to that vendor's models. */
function toSource(source: MediaSource): AnthropicMediaSource {
  if (source.kind === 'base64') return { type: 'base64', media_type: source.mediaType, data: source.data };
  if (source.kind === 'url') return { type: 'url', url: source.url };
  if (source.vendor !== 'anthropic') throw foreignFileError(source);
  return { type: 'file', file_id: source.fileId };
}

export function toTextBlock(part: TextPart): AnthropicTextBlock {
  return withCache({ type: 'text', text: part.text }, part.cacheControl);
}

function toMediaBlock(part: ImagePart | DocumentPart): AnthropicImageBlock | AnthropicDocumentBlock {
  if (part.type === 'image') return withCache({ type: 'image', source: toSource(part.source) }, part.cacheControl);
  const doc: AnthropicDocumentBlock = { type: 'document', source: toSource(part.source) };
  if (part.title !== undefined) doc.title = part.title;
  return withCache(doc, part.cacheControl);
}

function toToolResultBlock(part: ToolResultPart): AnthropicToolResultBlock {
  const content =
    typeof part.content === 'string'
      ? part.content
      : part.content.map((p) => (p.type === 'text' ? toTextBlock(p) : toMediaBlock(p)));
  const block: AnthropicToolResultBlock = {
    type: 'tool_result',
    tool_use_id: toAnthropicToolId(part.toolCallId),
    content,
  };
  if (part.isError) block.is_error = true;
  return withCache(block, part.cacheControl);
}

/** One canonical part as zero or one Anthropic block. */
export function toAnthropicBlock(part: ContentPart): AnthropicContentBlock | undefined {
  switch (part.type) {
    case 'text':
      // The API rejects empty text blocks.
      return part.text === '' ? undefined : toTextBlock(part);
    case 'image':
    case 'document':
      return toMediaBlock(part);
    case 'tool_call':
      return { type: 'tool_use', id: toAnthropicToolId(part.id), name: part.name, input: toToolInput(part.arguments) };
    case 'tool_result':
      return toToolResultBlock(part);
    case 'thinking':
      if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      // Unsigned thinking came from another vendor; Anthropic refuses to replay it ("Invalid
      // signature in thinking block", for every later turn). The decoder reads an empty one as none.
      return part.signature === undefined
        ? undefined
        : { type: 'thinking', thinking: part.text, signature: part.signature };
  }
}

/**
 * Canonical turns as Anthropic turns. Consecutive same-role messages become one turn (the API
 * needs alternation), and in user turns `tool_result` blocks go first, because the results must
 * immediately follow the assistant turn that made the calls. Turns left empty are dropped, and
 * system messages are left to the system prompt (see `toAnthropicRequest`).
 */
export function toAnthropicMessages(messages: ChatMessage[]): AnthropicMessageParam[] {
  const turns: AnthropicMessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const blocks = message.content.map(toAnthropicBlock).filter((b): b is AnthropicContentBlock => b !== undefined);
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    if (last?.role === message.role) last.content.push(...blocks);
    else turns.push({ role: message.role, content: blocks });
  }
  for (const turn of turns) {
    if (turn.role === 'user') turn.content = resultsFirst(turn.content);
  }
  return turns;
}

function resultsFirst(blocks: AnthropicContentBlock[]): AnthropicContentBlock[] {
  const results = blocks.filter((b) => b.type === 'tool_result');
  return results.length === 0 ? blocks : [...results, ...blocks.filter((b) => b.type !== 'tool_result')];
}
