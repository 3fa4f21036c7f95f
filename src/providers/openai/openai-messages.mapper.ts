import type {
  ChatMessage,
  ChatRequest,
  DocumentPart,
  ImagePart,
  TextPart,
  ToolResultPart,
} from '#src/core/chat.types.js';
import { toOpenAIUserPart } from './openai-content.mapper.js';
import { toOpenAIToolName } from './openai-tool-name.mapper.js';
import { systemMessageText } from '#src/providers/shared/message-text.mapper.js';
import { toolResultText } from '#src/providers/shared/tool-result-text.mapper.js';
import type { OpenAIMessage, OpenAIToolCall, OpenAIUserContent } from './openai.wire.types.js';

/** The canonical conversation as Chat Completions messages, system text first, later system messages in place. */
export function toOpenAIMessages(request: ChatRequest): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  const system = (request.system ?? []).map((p) => p.text).join('\n\n');
  if (system !== '') out.push({ role: 'system', content: system });
  request.messages.forEach((message, i) => {
    if (message.role === 'user') out.push(...toOpenAIUserMessages(message, `messages[${i}]`));
    else if (message.role === 'system') out.push(...toSystemMessages(message));
    else out.push(toOpenAIAssistantMessage(message));
  });
  return out;
}

/**
 * Tool results become one `tool` message each and come first: OpenAI requires them right after
 * the assistant message that made the calls, before any new user text. A `tool` message carries
 * text only, so a result's images and documents (a screenshot, a file read) follow in the user
 * message, each result's under a line naming its call, ahead of the user's own parts.
 */
function toOpenAIUserMessages(message: ChatMessage, param: string): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  const attached: OpenAIUserContent[] = [];
  const parts: OpenAIUserContent[] = [];
  message.content.forEach((part, j) => {
    if (part.type === 'tool_result') {
      out.push({ role: 'tool', tool_call_id: part.toolCallId, content: toolResultText(part) });
      attached.push(...toolResultMedia(part, `${param}.content[${j}]`));
    } else if (isUserPart(part)) {
      parts.push(toOpenAIUserPart(part, `${param}.content[${j}]`));
    }
  });
  parts.unshift(...attached);
  if (parts.length === 0) return out;
  const content = parts.length === 1 && parts[0].type === 'text' ? parts[0].text : parts;
  out.push(message.name === undefined ? { role: 'user', content } : { role: 'user', content, name: message.name });
  return out;
}

/**
 * A tool result's images and documents as user content, under a line naming the call; none for a
 * text result. A plain-text document goes as its text (OpenAI's `file_data` takes PDFs); a document
 * only at a URL is left out, as it was before documents were carried: Chat Completions has no field
 * for it, and the tool message already carries the result's text. The request's warnings are
 * settled before the upstream is chosen, so the omission is not named there.
 */
function toolResultMedia(part: ToolResultPart, param: string): OpenAIUserContent[] {
  if (typeof part.content === 'string') return [];
  const media: OpenAIUserContent[] = [];
  part.content.forEach((p, k) => {
    if (p.type === 'image') media.push(toOpenAIUserPart(p, `${param}.content[${k}]`));
    else if (p.type === 'document') {
      const text = plainText(p);
      if (text !== undefined) media.push({ type: 'text', text });
      else if (isSendable(p)) media.push(toOpenAIUserPart(p, `${param}.content[${k}]`));
    }
  });
  if (media.length === 0) return [];
  return [{ type: 'text', text: `Attached to the result of tool call ${part.toolCallId}:` }, ...media];
}

/** Inline data or a stored file: only a document at a plain URL has no field to go in. */
function isSendable(part: DocumentPart): boolean {
  return part.source.kind !== 'url' || part.source.url.startsWith('data:');
}

/** A `text/plain` document's decoded text; undefined for any other document. */
function plainText(part: DocumentPart): string | undefined {
  const source = part.source;
  if (source.kind === 'base64') {
    return isPlainText(source.mediaType) ? Buffer.from(source.data, 'base64').toString('utf8') : undefined;
  }
  if (source.kind !== 'url') return undefined;
  const match = /^data:([^,]*),(.*)$/s.exec(source.url);
  if (!match) return undefined;
  const [type, ...params] = match[1].split(';');
  if (!isPlainText(type)) return undefined;
  const base64 = params.some((p) => p.trim().toLowerCase() === 'base64');
  if (base64) return Buffer.from(match[2], 'base64').toString('utf8');
  try {
    return decodeURIComponent(match[2]);
  } catch {
    return match[2];
  }
}

/** Any text document (plain, markdown, CSV...): Chat Completions takes files as PDFs only. */
function isPlainText(mediaType: string): boolean {
  return mediaType.split(';')[0].trim().toLowerCase().startsWith('text/');
}

function isUserPart(part: ChatMessage['content'][number]): part is TextPart | ImagePart | DocumentPart {
  return part.type === 'text' || part.type === 'image' || part.type === 'document';
}

/** Thinking is dropped: Chat Completions has no field OpenAI itself accepts for it. */
function toOpenAIAssistantMessage(message: ChatMessage): OpenAIMessage {
  let text = '';
  const toolCalls: OpenAIToolCall[] = [];
  for (const part of message.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'tool_call') {
      toolCalls.push({
        id: part.id,
        type: 'function',
        function: { name: toOpenAIToolName(part.name), arguments: part.arguments || '{}' },
      });
    }
  }
  const content = text === '' && toolCalls.length > 0 ? null : text;
  const out: OpenAIMessage = { role: 'assistant', content };
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  if (message.name !== undefined) out.name = message.name;
  return out;
}

function toSystemMessages(message: ChatMessage): OpenAIMessage[] {
  const text = systemMessageText(message);
  return text === '' ? [] : [{ role: 'system', content: text }];
}
