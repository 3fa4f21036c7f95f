import type { ChatMessage, ChatRequest } from '#src/core/chat.types.js';
import { decodeContent, dropped, type Warnings } from './anthropic-content.decoder.js';
import { decodeOutputFormat, decodeReasoning, decodeSystem, decodeUser } from './anthropic-options.decoder.js';
import { decodeToolChoice, decodeTools } from './anthropic-tools.decoder.js';
import {
  fail,
  isObject,
  optionalBoolean,
  optionalNumber,
  optionalString,
  readArray,
  readObject,
  readString,
  type JsonObject,
} from './field.readers.js';

export interface AnthropicDecodeOptions {
  /** `max_tokens` is required on `/v1/messages` but not on `/v1/messages/count_tokens`. */
  requireMaxTokens?: boolean;
}

/** Fields that would let a client pick the upstream endpoint or credentials. */
const FORBIDDEN_FIELDS = ['api_base', 'base_url', 'api_key', 'headers', 'extra_headers'];

const ROLES: ReadonlySet<string> = new Set(['user', 'assistant', 'system']);

/**
 * `system` messages between turns (Claude Code's mid-conversation system beta) keep their place;
 * a role newer than this gateway is left out with a warning rather than refused.
 */
function decodeMessages(value: unknown, warnings: Warnings): ChatMessage[] {
  if (value === undefined) fail('messages', 'Field required');
  const list = readArray(value, 'messages');
  if (list.length === 0) fail('messages', 'List should have at least 1 item');
  const messages: ChatMessage[] = [];
  list.forEach((m, i) => {
    const path = `messages[${i}]`;
    const message = readObject(m, path);
    const role = readString(message.role, `${path}.role`);
    if (!ROLES.has(role)) return dropped(warnings, path, `message with role '${role}'`);
    const content = decodeContent(message.content, `${path}.content`, warnings);
    if (role !== 'system') return messages.push({ role: role as ChatMessage['role'], content });
    const text = content.filter((p) => p.type === 'text');
    if (text.length < content.length) dropped(warnings, `${path}.content`, 'non-text system content');
    messages.push({ role: 'system', content: text });
  });
  return messages;
}

function decodeStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return readArray(value, 'stop_sequences').map((s, i) => readString(s, `stop_sequences[${i}]`));
}

function decodeMaxTokens(body: JsonObject, required: boolean): number | undefined {
  if (required && body.max_tokens === undefined) fail('max_tokens', 'Field required');
  return optionalNumber(body.max_tokens, 'max_tokens', { integer: true, min: 0 });
}

/** Validates an Anthropic Messages body and decodes it into the canonical request. */
export function decodeAnthropicRequest(raw: unknown, options: AnthropicDecodeOptions = {}): ChatRequest {
  const body = readAnthropicBody(raw);
  for (const field of FORBIDDEN_FIELDS) {
    if (field in body) fail(field, 'This field is not allowed: the gateway chooses upstream endpoints and credentials');
  }
  if (body.output_config != null) readObject(body.output_config, 'output_config');
  const warnings: Warnings = [];
  const request: ChatRequest = {
    model: optionalString(body.model, 'model'),
    system: decodeSystem(body.system),
    messages: decodeMessages(body.messages, warnings),
    tools: decodeTools(body.tools, warnings),
    toolChoice: decodeToolChoice(body.tool_choice),
    maxTokens: decodeMaxTokens(body, options.requireMaxTokens ?? true),
    temperature: optionalNumber(body.temperature, 'temperature', { min: 0, max: 1 }),
    topP: optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 }),
    topK: optionalNumber(body.top_k, 'top_k', { integer: true, min: 0 }),
    stop: decodeStop(body.stop_sequences),
    stream: optionalBoolean(body.stream, 'stream') ?? false,
    responseFormat: decodeOutputFormat(body.output_config, body.output_format),
    reasoning: decodeReasoning(body.thinking, body.output_config, warnings),
    user: decodeUser(body.metadata),
    warnings: warnings.length > 0 ? warnings : undefined,
  };
  const choice = request.toolChoice;
  if (choice && choice.type !== 'none' && choice.disableParallel) request.parallelToolCalls = false;
  return dropUndefined(request);
}

/** The body as a JSON object, or a 400 naming it. */
export function readAnthropicBody(body: unknown): JsonObject {
  if (!isObject(body)) fail('body', 'The request body should be a JSON object');
  return body;
}

/** Keeps decoded requests free of `key: undefined` noise, so they compare and log cleanly. */
function dropUndefined(request: ChatRequest): ChatRequest {
  const fields = request as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return request;
}
