import type { ChatRequest, TextPart } from '#src/core/chat.types.js';
import { type JsonObject, optionalBoolean, optionalString } from '#src/dialects/openai/field.guards.js';
import { decodeContentList, decodeTextPart } from '#src/dialects/openai/openai-content.decoder.js';
import { decodeMessages } from '#src/dialects/openai/openai-messages.decoder.js';
import {
  decodeMaxTokens,
  decodeSampling,
  decodeStop,
  dropUndefined,
} from '#src/dialects/openai/openai-options.decoder.js';
import { decodeToolChoice, decodeTools } from '#src/dialects/openai/openai-tools.decoder.js';
import { decodeRoutingRules } from './routing-rules.decoder.js';
import { decodeCacheField } from './cache-field.decoder.js';

/**
 * Decodes the seed's `/api/chat` body: OpenAI-shaped messages and tools, plus an optional
 * top-level `system` (placed before system messages), request `routing_rules` and `cache` directives.
 */
export function decodeUnifiedBody(body: JsonObject): ChatRequest {
  const { system, messages, warnings } = decodeMessages(body.messages);
  const allSystem = [...decodeSystem(body.system), ...system];
  // One flat object built by dropUndefined, not spread into a literal: a spread copy gets a hidden
  // class of its own on every request, which makes every later access to the request a slow lookup.
  return dropUndefined<ChatRequest>({
    model: optionalString(body.model, 'model') || undefined,
    system: allSystem.length > 0 ? allSystem : undefined,
    tools: decodeTools(body.tools, warnings),
    toolChoice: decodeToolChoice(body.tool_choice, warnings),
    maxTokens: decodeMaxTokens(body.max_tokens, 'max_tokens'),
    stop: decodeStop(body.stop),
    routingRules: decodeRoutingRules(body.routing_rules),
    cache: decodeCacheField(body.cache),
    warnings: warnings.length > 0 ? warnings : undefined,
    ...decodeSampling(body),
    messages,
    stream: optionalBoolean(body.stream, 'stream') ?? false,
  });
}

function decodeSystem(raw: unknown): TextPart[] {
  if (raw === undefined || raw === null || raw === '') return [];
  if (typeof raw === 'string') return [{ type: 'text', text: raw }];
  return decodeContentList(raw, 'system', decodeTextPart);
}
