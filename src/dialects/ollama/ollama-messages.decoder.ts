import type { ChatMessage, ContentPart, TextPart, ToolCallPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { decodeOllamaImages } from './ollama-images.decoder.js';
import { isObject, ollamaFields as read, type JsonObject } from './ollama-fields.js';
import { ToolCallLedger } from './tool-call.ledger.js';

export interface DecodedConversation {
  system: TextPart[];
  messages: ChatMessage[];
  /** What was left out (see `ChatRequest.warnings`). */
  warnings: string[];
}

const ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant', 'tool']);

/**
 * Ollama messages in the canonical form: system messages before the first turn become the system
 * text, later ones stay in place; tool results become `tool_result` parts of a user message
 * (consecutive `tool` messages share one), matched to the call they answer by `tool_call_id`, else
 * by `tool_name`, else the oldest unanswered; one with no call waiting becomes user text. A role
 * Ollama does not have is left out and noted.
 */
export function decodeOllamaMessages(raw: unknown): DecodedConversation {
  const system: TextPart[] = [];
  const messages: ChatMessage[] = [];
  const warnings: string[] = [];
  const ledger = new ToolCallLedger();
  read.array(raw, 'messages').forEach((item, i) => {
    const path = `messages[${i}]`;
    const message = read.object(item, path);
    const role = read.string(message.role, `${path}.role`);
    const text = read.optionalString(message.content, `${path}.content`) ?? '';
    if (!ROLES.has(role)) {
      warnings.push(`${path}: message with role '${role}' dropped`);
    } else if (role === 'system') {
      if (messages.length === 0) system.push(...textPart(text));
      else if (text !== '') messages.push({ role: 'system', content: textPart(text) });
    } else if (role === 'user') {
      messages.push({
        role: 'user',
        content: [...textPart(text), ...decodeOllamaImages(message.images, `${path}.images`)],
      });
    } else if (role === 'assistant') {
      messages.push({ role: 'assistant', content: decodeAssistant(message, text, path, ledger) });
    } else {
      const toolCallId = ledger.answer(message, path);
      if (toolCallId === undefined) {
        messages.push({ role: 'user', content: [{ type: 'text', text: unmatchedResult(message, text) }] });
        return;
      }
      const part = { type: 'tool_result' as const, toolCallId, content: text };
      const previous = messages.at(-1);
      if (previous?.role === 'user' && previous.content.every((p) => p.type === 'tool_result'))
        previous.content.push(part);
      else messages.push({ role: 'user', content: [part] });
    }
  });
  return { system, messages, warnings };
}

/** A tool result with no call waiting for it, as text the model can still read. */
function unmatchedResult(message: JsonObject, text: string): string {
  const name = typeof message.tool_name === 'string' && message.tool_name !== '' ? ` ${message.tool_name}` : '';
  return `Result of tool${name}:\n${text}`;
}

function textPart(text: string): TextPart[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

function decodeAssistant(message: JsonObject, text: string, path: string, ledger: ToolCallLedger): ContentPart[] {
  const thinking = read.optionalString(message.thinking, `${path}.thinking`);
  const parts: ContentPart[] = thinking ? [{ type: 'thinking', text: thinking }] : [];
  parts.push(...textPart(text));
  const calls =
    message.tool_calls === undefined || message.tool_calls === null
      ? []
      : read.array(message.tool_calls, `${path}.tool_calls`);
  const decoded = calls.map((call, j) => decodeToolCall(call, `${path}.tool_calls[${j}]`));
  ledger.offer(decoded);
  parts.push(...decoded);
  return parts;
}

/** Arguments are an object on Ollama's wire; canonical arguments are JSON text. */
function decodeToolCall(raw: unknown, path: string): ToolCallPart {
  const call = read.object(raw, path);
  const fn = read.object(call.function, `${path}.function`);
  const name = read.string(fn.name, `${path}.function.name`);
  const args = fn.arguments ?? {};
  if (typeof args === 'string') return { type: 'tool_call', id: callId(call, path), name, arguments: args };
  if (!isObject(args))
    throw GatewayError.invalid(`${path}.function.arguments`, `${path}.function.arguments: expected an object`);
  return { type: 'tool_call', id: callId(call, path), name, arguments: JSON.stringify(args) };
}

/** Older clients send no id; one derived from the position is stable across the turns that replay it. */
function callId(call: JsonObject, path: string): string {
  const id = read.optionalString(call.id, `${path}.id`);
  return id || `call_${path.replace(/\D+/g, '_').replace(/^_|_$/g, '')}`;
}
