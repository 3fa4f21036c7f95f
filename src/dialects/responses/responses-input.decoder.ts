import type { ChatMessage, ContentPart, ThinkingPart, ToolCallPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import {
  type JsonObject,
  optionalString,
  requireObject,
  requireOneOf,
  requireString,
} from '#src/dialects/openai/field.guards.js';
import { type DecodedConversation, appendToolResult } from '#src/dialects/openai/openai-messages.decoder.js';
import { decodeResponsesContent, decodeToolOutput } from './responses-content.decoder.js';
import { namespacedToolName } from './responses-tools.decoder.js';
import { isThinkingEnvelope, openThinking } from '#src/core/thinking-envelope.js';

const ROLES = ['system', 'developer', 'user', 'assistant'] as const;

/**
 * Decodes Responses-API `input`: a string, or items (messages, function calls, their outputs,
 * custom tool calls). A call joins the assistant turn before it; outputs merge like tool messages.
 * System and developer messages before the first turn become system text, later ones `system`
 * messages in place.
 * A reasoning item carrying the gateway's own envelope (see `core/thinking-envelope.ts`) becomes the
 * signed thinking that starts an assistant turn; the message and calls after it join that turn.
 * Other items (reasoning of other vendors, item references, built-in tool calls) have no canonical
 * form: they are dropped and named in `warnings`.
 */
export function decodeResponsesInput(raw: unknown, warnings: string[], path = 'input'): DecodedConversation {
  const out: DecodedConversation = { system: [], messages: [], warnings };
  if (typeof raw === 'string') {
    out.messages.push({ role: 'user', content: [{ type: 'text', text: raw }] });
    return out;
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    throw GatewayError.invalid(path, `'${path}' must be a string or a non-empty array of items`);
  }
  raw.forEach((item, i) => decodeItem(requireObject(item, `${path}[${i}]`), `${path}[${i}]`, out, warnings));
  return out;
}

function decodeItem(item: JsonObject, path: string, out: DecodedConversation, warnings: string[]): void {
  const type = item.type ?? 'message';
  if (type === 'message') return decodeMessageItem(item, path, out, warnings);
  if (type === 'function_call') return appendCall(out.messages, functionCall(item, path));
  if (type === 'custom_tool_call') return appendCall(out.messages, customToolCall(item, path));
  if (type === 'reasoning' && isThinkingEnvelope(item.encrypted_content)) {
    return appendThinking(out.messages, openThinking(item.encrypted_content, `${path}.encrypted_content`));
  }
  if (type === 'function_call_output' || type === 'custom_tool_call_output') {
    const callId = requireString(item.call_id, `${path}.call_id`);
    return appendToolResult(out.messages, {
      type: 'tool_result',
      toolCallId: callId,
      content: decodeToolOutput(item.output, `${path}.output`, warnings),
    });
  }
  warnings.push(`${path}: item type '${String(type)}' dropped`);
}

function decodeMessageItem(item: JsonObject, path: string, out: DecodedConversation, warnings: string[]): void {
  const role = requireOneOf(item.role, ROLES, `${path}.role`);
  const content = decodeResponsesContent(item.content, `${path}.content`, warnings);
  if (role === 'system' || role === 'developer') {
    const text = content.flatMap((p) => (p.type === 'text' && p.text !== '' ? [p] : []));
    // Instructions before the first turn are the system prompt; later ones keep their place.
    if (out.messages.length === 0) out.system.push(...text);
    else if (text.length > 0) out.messages.push({ role: 'system', content: text });
    return;
  }
  const parts = role === 'assistant' ? content.filter((p) => p.type !== 'text' || p.text !== '') : content;
  if (parts.length === 0) return;
  const last = out.messages.at(-1);
  if (role === 'assistant' && last !== undefined && opensWithThinkingOnly(last)) last.content.push(...parts);
  else out.messages.push({ role, content: parts });
}

function functionCall(item: JsonObject, path: string): ToolCallPart {
  const name = requireString(item.name, `${path}.name`);
  const namespace = optionalString(item.namespace, `${path}.namespace`);
  return {
    type: 'tool_call',
    id: requireString(item.call_id, `${path}.call_id`),
    name: namespace === undefined ? name : namespacedToolName(namespace, name),
    arguments: requireString(item.arguments ?? '', `${path}.arguments`),
  };
}

/** Custom tools are offered as functions taking one string, `input`; their past calls read the same way. */
function customToolCall(item: JsonObject, path: string): ToolCallPart {
  const input = requireString(item.input ?? '', `${path}.input`);
  return {
    type: 'tool_call',
    id: requireString(item.call_id, `${path}.call_id`),
    name: requireString(item.name, `${path}.name`),
    arguments: JSON.stringify({ input }),
  };
}

/** Thinking starts an assistant turn, unless that turn so far holds only thinking. */
function appendThinking(messages: ChatMessage[], part: ThinkingPart): void {
  const last = messages.at(-1);
  if (last !== undefined && opensWithThinkingOnly(last)) last.content.push(part);
  else messages.push({ role: 'assistant', content: [part] });
}

function opensWithThinkingOnly(message: ChatMessage): boolean {
  return (
    message.role === 'assistant' && message.content.length > 0 && message.content.every((p) => p.type === 'thinking')
  );
}

function appendCall(messages: ChatMessage[], call: ContentPart): void {
  const last = messages.at(-1);
  if (last?.role === 'assistant') last.content.push(call);
  else messages.push({ role: 'assistant', content: [call] });
}
