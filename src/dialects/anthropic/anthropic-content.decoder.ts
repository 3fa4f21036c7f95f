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
 * Blocks produced by Anthropic's server tools (web search, code execution, MCP…). They have no
 * canonical form; a same-format upstream still sees them because it builds from the original body.
 */
const SERVER_BLOCKS = new Set(['server_tool_use', 'mcp_tool_use', 'mcp_tool_result', 'container_upload']);

function isServerBlock(type: string): boolean {
  return SERVER_BLOCKS.has(type) || (type !== 'tool_result' && type.endsWith('_tool_result'));
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

function decodeResultBlock(value: unknown, path: string): ResultBlock {
  const block = readObject(value, path);
  const type = readString(block.type, `${path}.type`);
  if (type === 'text') return decodeText(block, path);
  if (type === 'image') return decodeImage(block, path);
  if (type === 'document') return decodeDocument(block, path);
  return fail(`${path}.type`, `Unsupported tool_result content block type '${type}'`);
}

function decodeToolResult(block: JsonObject, path: string): ToolResultPart {
  const raw = block.content;
  const content =
    raw === undefined || raw === null
      ? ''
      : typeof raw === 'string'
        ? raw
        : readArray(raw, `${path}.content`).map((b, i) => decodeResultBlock(b, `${path}.content[${i}]`));
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

function decodeThinking(block: JsonObject, path: string): ThinkingPart {
  const part: ThinkingPart = { type: 'thinking', text: readString(block.thinking, `${path}.thinking`) };
  const signature = optionalString(block.signature, `${path}.signature`);
  if (signature !== undefined) part.signature = signature;
  return part;
}

/** One message content block; `undefined` for server-tool blocks that have no canonical form. */
export function decodeBlock(value: unknown, path: string): ContentPart | undefined {
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
      return decodeToolResult(block, path);
    case 'thinking':
      return decodeThinking(block, path);
    case 'redacted_thinking':
      return { type: 'thinking', text: '', redactedData: readString(block.data, `${path}.data`) };
  }
  if (isServerBlock(type)) return undefined;
  return fail(`${path}.type`, `Unsupported content block type '${type}'`);
}

export function decodeContent(value: unknown, path: string): ContentPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (value === undefined) fail(path, 'Field required');
  const parts: ContentPart[] = [];
  readArray(value, path).forEach((block, i) => {
    const part = decodeBlock(block, `${path}[${i}]`);
    if (part) parts.push(part);
  });
  return parts;
}
