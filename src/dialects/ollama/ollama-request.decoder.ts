import type { ChatMessage, ChatRequest, TextPart } from '#src/core/chat.types.js';
import { dropUndefined } from '#src/dialects/openai/openai-options.decoder.js';
import { decodeOllamaImages } from './ollama-images.decoder.js';
import { decodeOllamaMessages } from './ollama-messages.decoder.js';
import {
  decodeOllamaFormat,
  decodeOllamaOptions,
  decodeOllamaThink,
  decodeOllamaTools,
  unusedOptions,
} from './ollama-options.decoder.js';
import { ollamaFields as read, type JsonObject } from './ollama-fields.js';

/**
 * What `/api/chat` and `/api/generate` share. Ollama streams unless told otherwise, so an absent
 * `stream` is true (the `ollama` client always sends it). `keep_alive` and runner options have no
 * meaning past an Ollama upstream; they stay in the inbound body.
 */
function commonFields(body: JsonObject) {
  return {
    ...dropUndefined({
      model: read.optionalString(body.model, 'model') || undefined,
      responseFormat: decodeOllamaFormat(body.format),
      reasoning: decodeOllamaThink(body.think),
      ...dropUndefined(decodeOllamaOptions(body.options)),
    }),
    stream: read.optionalBoolean(body.stream, 'stream') ?? true,
  };
}

/** An `/api/chat` body in the canonical form. */
export function decodeOllamaChatBody(body: JsonObject): ChatRequest {
  const { system, messages, warnings } = decodeOllamaMessages(body.messages);
  warnings.push(...unusedOptions(body.options));
  return {
    ...commonFields(body),
    ...dropUndefined({
      system: system.length > 0 ? system : undefined,
      tools: decodeOllamaTools(body.tools),
      warnings: warnings.length > 0 ? warnings : undefined,
    }),
    messages,
  };
}

/**
 * An `/api/generate` body as a one-turn chat: `system` and `prompt` become the system text and
 * the user turn. `raw`, `template` and `context` steer Ollama's own prompt templating, which
 * other upstreams do not have; `suffix` (fill-in-the-middle) is sent as text after the prompt.
 */
export function decodeOllamaGenerateBody(body: JsonObject): ChatRequest {
  const prompt = read.optionalString(body.prompt, 'prompt') ?? '';
  const suffix = read.optionalString(body.suffix, 'suffix');
  const systemText = read.optionalString(body.system, 'system');
  const text = suffix ? `${prompt}\n\n${suffix}` : prompt;
  const content: ChatMessage['content'] = [
    ...(text === '' ? [] : [{ type: 'text' as const, text }]),
    ...decodeOllamaImages(body.images, 'images'),
  ];
  const system: TextPart[] | undefined = systemText ? [{ type: 'text', text: systemText }] : undefined;
  const warnings = [...unusedOptions(body.options), ...templating(body)];
  return {
    ...commonFields(body),
    ...dropUndefined({ system, warnings: warnings.length > 0 ? warnings : undefined }),
    messages: [{ role: 'user', content }],
  };
}

/** Ollama's own prompt templating has no counterpart elsewhere: noted when a client relies on it. */
function templating(body: JsonObject): string[] {
  const notes: string[] = [];
  if (body.raw === true) notes.push("raw: Ollama's raw prompt mode not applied");
  if (typeof body.template === 'string' && body.template !== '') notes.push('template: prompt template not applied');
  if (Array.isArray(body.context) && body.context.length > 0) notes.push('context: earlier context tokens dropped');
  return notes;
}
