import type { ChatMessage, ContentPart, ToolCallPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { customToolArguments } from './custom-tool.mapper.js';
import { decodeContentList, decodeTextPart } from './openai-content.decoder.js';
import { type JsonObject, requireArray, requireObject, requireString } from './field.guards.js';

/**
 * An assistant turn: its text first, then its tool calls. Arguments stay the exact JSON text the
 * client sent, so a same-format upstream sees the history unchanged.
 */
export function decodeAssistantMessage(msg: JsonObject, path: string): ChatMessage {
  const content: ContentPart[] = [];
  const raw = msg.content;
  if (typeof raw === 'string') {
    if (raw !== '') content.push({ type: 'text', text: raw });
  } else if (raw !== undefined && raw !== null) {
    content.push(...decodeContentList(raw, `${path}.content`, decodeTextPart).filter((p) => p.text !== ''));
  }
  if (msg.tool_calls !== undefined && msg.tool_calls !== null) {
    const calls = requireArray(msg.tool_calls, `${path}.tool_calls`);
    calls.forEach((call, j) => content.push(decodeToolCall(call, `${path}.tool_calls[${j}]`)));
  }
  if (msg.function_call !== undefined && msg.function_call !== null) {
    content.push(decodeLegacyFunctionCall(msg.function_call, `${path}.function_call`));
  }
  return { role: 'assistant', content };
}

/** A function call, or a custom tool's call: that one's raw `input` becomes the arguments `{"input": …}`. */
function decodeToolCall(raw: unknown, path: string): ToolCallPart {
  const call = requireObject(raw, path);
  if (call.type === 'custom') return decodeCustomCall(call, path);
  if (call.type !== undefined && call.type !== 'function') {
    throw GatewayError.invalid(`${path}.type`, `'${path}.type' must be 'function' or 'custom'`);
  }
  const id = requireString(call.id, `${path}.id`);
  const fn = requireObject(call.function, `${path}.function`);
  return {
    type: 'tool_call',
    id,
    name: requireString(fn.name, `${path}.function.name`),
    arguments: requireString(fn.arguments ?? '', `${path}.function.arguments`),
  };
}

function decodeCustomCall(call: JsonObject, path: string): ToolCallPart {
  const id = requireString(call.id, `${path}.id`);
  const custom = requireObject(call.custom, `${path}.custom`);
  const name = requireString(custom.name, `${path}.custom.name`);
  const input = requireString(custom.input ?? '', `${path}.custom.input`);
  return { type: 'tool_call', id, name, arguments: customToolArguments(input) };
}

/** Legacy `function_call` has no id; the function name stands in, matching legacy `function` results. */
function decodeLegacyFunctionCall(raw: unknown, path: string): ToolCallPart {
  const fn = requireObject(raw, path);
  const name = requireString(fn.name, `${path}.name`);
  return { type: 'tool_call', id: name, name, arguments: requireString(fn.arguments ?? '', `${path}.arguments`) };
}
