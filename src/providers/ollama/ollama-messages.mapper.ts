import type { ChatMessage, ChatRequest, ImagePart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { foreignFileError } from '#src/core/stored-files.js';
import { systemMessageText } from '#src/providers/shared/message-text.mapper.js';
import { toolResultText } from '#src/providers/shared/tool-result-text.mapper.js';
import type { OllamaMessage, OllamaToolCall } from './ollama.wire.types.js';

/** The canonical conversation as Ollama chat messages, system text first, later system messages in place. */
export function toOllamaMessages(request: ChatRequest): OllamaMessage[] {
  const out: OllamaMessage[] = [];
  const system = (request.system ?? []).map((p) => p.text).join('\n\n');
  if (system !== '') out.push({ role: 'system', content: system });
  const toolNames = toolNamesById(request.messages);
  request.messages.forEach((message, i) => {
    if (message.role === 'user') out.push(...toOllamaUserMessages(message, `messages[${i}]`, toolNames));
    else if (message.role === 'system') {
      const text = systemMessageText(message);
      if (text !== '') out.push({ role: 'system', content: text });
    } else out.push(toOllamaAssistantMessage(message));
  });
  return out;
}

/** Ollama identifies a tool result by the tool's name, found from the call that asked for it. */
function toolNamesById(messages: ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    for (const part of message.content) if (part.type === 'tool_call') names.set(part.id, part.name);
  }
  return names;
}

function toOllamaUserMessages(message: ChatMessage, param: string, toolNames: Map<string, string>): OllamaMessage[] {
  const out: OllamaMessage[] = [];
  const text: string[] = [];
  const images: string[] = [];
  message.content.forEach((part, j) => {
    const at = `${param}.content[${j}]`;
    if (part.type === 'tool_result') {
      const result = toolResultText(part);
      const name = toolNames.get(part.toolCallId);
      out.push({ role: 'tool', content: result, tool_call_id: part.toolCallId, ...(name ? { tool_name: name } : {}) });
    } else if (part.type === 'text') text.push(part.text);
    else if (part.type === 'image') images.push(toOllamaImage(part, at));
    else if (part.type === 'document') {
      throw GatewayError.invalid(at, `${at}: Ollama does not accept documents; send their text instead`);
    }
  });
  if (text.length === 0 && images.length === 0) return out;
  const user: OllamaMessage = { role: 'user', content: text.join('\n') };
  if (images.length > 0) user.images = images;
  out.push(user);
  return out;
}

/** Ollama takes images only as raw base64: a data URI is unwrapped, a web URL cannot be sent. */
export function toOllamaImage(part: ImagePart, param: string): string {
  if (part.source.kind === 'base64') return part.source.data;
  if (part.source.kind === 'file') throw foreignFileError(part.source);
  const inline = /^data:[^;,]+;base64,(.*)$/s.exec(part.source.url);
  if (inline) return inline[1];
  throw GatewayError.invalid(param, `${param}: Ollama accepts only inline base64 images, not image URLs`);
}

function toOllamaAssistantMessage(message: ChatMessage): OllamaMessage {
  const out: OllamaMessage = { role: 'assistant', content: '' };
  const calls: OllamaToolCall[] = [];
  for (const part of message.content) {
    if (part.type === 'text') out.content += part.text;
    else if (part.type === 'thinking' && part.text !== '') out.thinking = (out.thinking ?? '') + part.text;
    else if (part.type === 'tool_call') {
      calls.push({ id: part.id, function: { name: part.name, arguments: parseArguments(part.arguments) } });
    }
  }
  if (calls.length > 0) out.tool_calls = calls;
  return out;
}

/**
 * Canonical arguments are JSON text; Ollama wants the object. Text that is not a JSON object (an
 * empty string, or a call cut off by max_tokens earlier in the conversation) becomes `{}` rather
 * than failing the whole request over history.
 */
export function parseArguments(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
