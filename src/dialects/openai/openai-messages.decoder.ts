import type { ChatMessage, ContentPart, TextPart, ToolResultPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { decodeContentList, decodeContentPart, decodeTextPart } from './openai-content.decoder.js';
import { decodeAssistantMessage } from './openai-assistant.decoder.js';
import { type JsonObject, optionalString, requireObject, requireString } from './field.guards.js';

export interface DecodedConversation {
  system: TextPart[];
  messages: ChatMessage[];
  /** What was left out (see `ChatRequest.warnings`). */
  warnings: string[];
}

const ROLES: ReadonlySet<string> = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

/**
 * Decodes Chat Completions `messages`. System and developer messages before the first turn become
 * system text; later ones stay in place as `system` messages; `tool` (and legacy `function`) messages become `tool_result` parts, and a run of
 * them is one user message, results in their original order.
 */
export function decodeMessages(raw: unknown, path = 'messages'): DecodedConversation {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw GatewayError.invalid(path, `'${path}' must be a non-empty array of messages`);
  }
  const out: DecodedConversation = { system: [], messages: [], warnings: [] };
  raw.forEach((item, i) => decodeMessage(requireObject(item, `${path}[${i}]`), `${path}[${i}]`, out));
  return out;
}

function decodeMessage(msg: JsonObject, path: string, out: DecodedConversation): void {
  const role = requireString(msg.role, `${path}.role`);
  if (!ROLES.has(role)) {
    out.warnings.push(`${path}: message with role '${role}' dropped`);
    return;
  }
  switch (role) {
    case 'system':
    case 'developer': {
      const text = decodeSystemContent(msg.content, `${path}.content`);
      if (out.messages.length === 0) out.system.push(...text);
      else if (text.length > 0) out.messages.push({ role: 'system', content: text });
      return;
    }
    case 'user':
      out.messages.push(
        withName({ role: 'user', content: decodeUserContent(msg.content, `${path}.content`, out.warnings) }, msg, path),
      );
      return;
    case 'assistant': {
      const message = decodeAssistantMessage(msg, path);
      if (message.content.length > 0) out.messages.push(withName(message, msg, path));
      return;
    }
    case 'tool':
      appendToolResult(
        out.messages,
        decodeToolResult(msg, requireString(msg.tool_call_id, `${path}.tool_call_id`), path, out.warnings),
      );
      return;
    case 'function':
      // Legacy function results carry the function name where tool results carry the call id.
      appendToolResult(
        out.messages,
        decodeToolResult(msg, requireString(msg.name, `${path}.name`), path, out.warnings),
      );
      return;
  }
}

function decodeSystemContent(raw: unknown, path: string): TextPart[] {
  const parts =
    typeof raw === 'string' ? [{ type: 'text' as const, text: raw }] : decodeContentList(raw, path, decodeTextPart);
  return parts.filter((p) => p.text !== '');
}

function decodeUserContent(raw: unknown, path: string, warnings: string[]): ContentPart[] {
  if (typeof raw === 'string') return [{ type: 'text', text: raw }];
  return decodeContentList(raw, path, (part, at) => decodeContentPart(part, at, warnings));
}

function decodeToolResult(msg: JsonObject, toolCallId: string, path: string, warnings: string[]): ToolResultPart {
  const raw = msg.content ?? '';
  const content =
    typeof raw === 'string'
      ? raw
      : decodeContentList(raw, `${path}.content`, (part, at) => decodeContentPart(part, at, warnings));
  return { type: 'tool_result', toolCallId, content };
}

/** Consecutive results share one user message, so an upstream sees one turn answering all calls. */
export function appendToolResult(messages: ChatMessage[], result: ToolResultPart): void {
  const last = messages.at(-1);
  if (last?.role === 'user' && last.content.length > 0 && last.content.every((p) => p.type === 'tool_result')) {
    last.content.push(result);
  } else {
    messages.push({ role: 'user', content: [result] });
  }
}

function withName(message: ChatMessage, msg: JsonObject, path: string): ChatMessage {
  const name = optionalString(msg.name, `${path}.name`);
  return name === undefined ? message : { ...message, name };
}
