import type { ChatMessage, ChatRequest, ImagePart, ToolResultPart } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { foreignFileError } from '#src/core/stored-files.js';
import { systemMessageText } from '#src/providers/shared/message-text.mapper.js';
import { toolResultText } from '#src/providers/shared/tool-result-text.mapper.js';
import type { OllamaMessage, OllamaToolCall } from './ollama.wire.types.js';

/**
 * The canonical conversation as Ollama chat messages, system text first, later system messages in
 * place. `vision`: the model takes images, so tool results keep theirs (see `toOllamaToolMessage`).
 */
export function toOllamaMessages(request: ChatRequest, vision = false): OllamaMessage[] {
  const out: OllamaMessage[] = [];
  const system = (request.system ?? []).map((p) => p.text).join('\n\n');
  if (system !== '') out.push({ role: 'system', content: system });
  const toolNames = toolNamesById(request.messages);
  request.messages.forEach((message, i) => {
    if (message.role === 'user') out.push(...toOllamaUserMessages(message, `messages[${i}]`, toolNames, vision));
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

function toOllamaUserMessages(
  message: ChatMessage,
  param: string,
  toolNames: Map<string, string>,
  vision: boolean,
): OllamaMessage[] {
  const out: OllamaMessage[] = [];
  const text: string[] = [];
  const images: string[] = [];
  message.content.forEach((part, j) => {
    const at = `${param}.content[${j}]`;
    if (part.type === 'tool_result') out.push(toOllamaToolMessage(part, toolNames.get(part.toolCallId), vision));
    else if (part.type === 'text') text.push(part.text);
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

/** What a tool message says in place of an image Ollama cannot be sent (one only at a web URL). */
const IMAGE_URL_LEFT_OUT = '[an image given by URL was left out: Ollama takes only inline images]';
/** What it says in place of an image the model cannot take (it lacks the `vision` capability). */
const IMAGE_LEFT_OUT_NO_VISION = '[an image was left out: this model does not take images]';

/**
 * A tool result as Ollama's tool message: its text, and its images (a screenshot, say) as the raw
 * base64 `images` a tool message carries. An image that cannot be sent, only at a web URL or for a
 * model without vision (Ollama refuses image input for such a model), is left out and the text says
 * so, so the model knows there was one, rather than failing a turn of history.
 */
function toOllamaToolMessage(part: ToolResultPart, name: string | undefined, vision: boolean): OllamaMessage {
  const message: OllamaMessage = {
    role: 'tool',
    content: toolResultText(part),
    tool_call_id: part.toolCallId,
    ...(name ? { tool_name: name } : {}),
  };
  if (typeof part.content === 'string') return message;
  const images: string[] = [];
  const notes: string[] = [];
  for (const inner of part.content) {
    if (inner.type !== 'image') continue;
    const data = inlineImage(inner);
    if (!vision) notes.push(IMAGE_LEFT_OUT_NO_VISION);
    else if (data === undefined) notes.push(IMAGE_URL_LEFT_OUT);
    else images.push(data);
  }
  if (notes.length > 0) message.content = [message.content, ...notes].filter((t) => t !== '').join('\n');
  if (images.length > 0) message.images = images;
  return message;
}

/** Ollama takes images only as raw base64: a data URI is unwrapped, a web URL cannot be sent. */
export function toOllamaImage(part: ImagePart, param: string): string {
  const data = inlineImage(part);
  if (data !== undefined) return data;
  throw GatewayError.invalid(param, `${param}: Ollama accepts only inline base64 images, not image URLs`);
}

/** The image's raw base64, or undefined when it is only at a web URL; a stored file is refused. */
function inlineImage(part: ImagePart): string | undefined {
  if (part.source.kind === 'base64') return part.source.data;
  if (part.source.kind === 'file') throw foreignFileError(part.source);
  const inline = /^data:[^;,]+;base64,(.*)$/s.exec(part.source.url);
  return inline ? inline[1] : undefined;
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
