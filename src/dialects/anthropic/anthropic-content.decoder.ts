import type {
  ContentPart,
  DocumentPart,
  ImagePart,
  TextPart,
  ThinkingPart,
  ToolCallPart,
  ToolResultPart,
} from '#src/core/chat.types.js';
import { decodeDocument, decodeImage } from './anthropic-media.decoder.js';
import {
  fail,
  optionalBoolean,
  optionalCacheControl,
  optionalString,
  readArray,
  readObject,
  readString,
  type JsonObject,
} from './field.readers.js';

/**
 * Notes on what a decoder left out (see `ChatRequest.warnings`). Blocks the canonical form has no
 * place for (server-tool blocks such as web search results, and any type newer than this gateway)
 * are left out rather than refused: a same-format upstream still sees them, because it is sent
 * the client's own body.
 */
export type Warnings = string[];

export function dropped(warnings: Warnings, path: string, what: string): undefined {
  warnings.push(`${path}: ${what} dropped`);
  return undefined;
}

export function decodeText(block: JsonObject, path: string): TextPart {
  const part: TextPart = { type: 'text', text: readString(block.text, `${path}.text`) };
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  if (cacheControl) part.cacheControl = cacheControl;
  return part;
}

function decodeToolUse(block: JsonObject, path: string): ToolCallPart {
  const input = readObject(block.input, `${path}.input`);
  return {
    type: 'tool_call',
    id: readString(block.id, `${path}.id`),
    name: readString(block.name, `${path}.name`),
    arguments: JSON.stringify(input),
  };
}

type ResultBlock = TextPart | ImagePart | DocumentPart;

function decodeResultBlock(value: unknown, path: string, warnings: Warnings): ResultBlock | ResultBlock[] | undefined {
  const block = readObject(value, path);
  const type = readString(block.type, `${path}.type`);
  if (type === 'text') return decodeText(block, path);
  if (type === 'image') return decodeImage(block, path);
  if (type === 'document') return decodeDocument(block, path);
  return dropped(warnings, path, `block type '${type}'`);
}

function decodeResultContent(raw: unknown, path: string, warnings: Warnings): ToolResultPart['content'] {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw;
  const blocks: ResultBlock[] = [];
  readArray(raw, path).forEach((b, i) => {
    const block = decodeResultBlock(b, `${path}[${i}]`, warnings);
    if (Array.isArray(block)) blocks.push(...block);
    else if (block) blocks.push(block);
  });
  return blocks;
}

function decodeToolResult(block: JsonObject, path: string, warnings: Warnings): ToolResultPart {
  const content = decodeResultContent(block.content, `${path}.content`, warnings);
  const part: ToolResultPart = {
    type: 'tool_result',
    toolCallId: readString(block.tool_use_id, `${path}.tool_use_id`),
    content,
  };
  const isError = optionalBoolean(block.is_error, `${path}.is_error`);
  if (isError !== undefined) part.isError = isError;
  const cacheControl = optionalCacheControl(block.cache_control, `${path}.cache_control`);
  if (cacheControl) part.cacheControl = cacheControl;
  return part;
}

/**
 * An empty signature is no signature: it is what this gateway (like other gateways) writes for
 * another vendor's thinking, which clients store and send back. Taken for a real one, it would
 * be replayed to Claude, which refuses the whole request over it.
 */
function decodeThinking(block: JsonObject, path: string): ThinkingPart {
  const part: ThinkingPart = { type: 'thinking', text: readString(block.thinking, `${path}.thinking`) };
  const signature = optionalString(block.signature, `${path}.signature`);
  if (signature !== undefined && signature !== '') part.signature = signature;
  return part;
}

/**
 * One message content block: a part, several (a custom content document's blocks), or
 * `undefined` (and a warning) for a type with no canonical form.
 */
export function decodeBlock(value: unknown, path: string, warnings: Warnings): ContentPart | ContentPart[] | undefined {
  const block = readObject(value, path);
  const type = readString(block.type, `${path}.type`);
  switch (type) {
    case 'text':
      return decodeText(block, path);
    case 'image':
      return decodeImage(block, path);
    case 'document':
      return decodeDocument(block, path);
    case 'tool_use':
      return decodeToolUse(block, path);
    case 'tool_result':
      return decodeToolResult(block, path, warnings);
    case 'thinking':
      return decodeThinking(block, path);
    case 'redacted_thinking':
      return { type: 'thinking', text: '', redactedData: readString(block.data, `${path}.data`) };
  }
  return dropped(warnings, path, `block type '${type}'`);
}

export function decodeContent(value: unknown, path: string, warnings: Warnings): ContentPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (value === undefined) fail(path, 'Field required');
  const parts: ContentPart[] = [];
  readArray(value, path).forEach((block, i) => {
    const part = decodeBlock(block, `${path}[${i}]`, warnings);
    if (Array.isArray(part)) parts.push(...part);
    else if (part) parts.push(part);
  });
  return parts;
}
