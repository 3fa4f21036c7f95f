import type { ChatRequest } from '#src/core/chat.types.js';
import {
  type JsonObject,
  isObject,
  optionalBoolean,
  optionalString,
  requireObject,
} from '#src/dialects/openai/field.guards.js';
import {
  decodeMaxTokens,
  decodeReasoningEffort,
  decodeResponseFormat,
  decodeSampling,
  dropUndefined,
} from '#src/dialects/openai/openai-options.decoder.js';
import { decodeResponsesInput } from './responses-input.decoder.js';
import { decodeResponsesToolChoice, decodeResponsesTools } from './responses-tools.decoder.js';

/** A Responses-API body posted to chat completions (Cursor's agent mode): `input` and no `messages`. */
export function isResponsesBody(body: JsonObject): boolean {
  return 'input' in body && !('messages' in body);
}

/**
 * Decodes a Responses-API body into the canonical request. `endpoint` says where it came: to its
 * own (`responses`, relayed as is to an upstream that speaks it) or (Cursor's) to chat completions,
 * never relayed, where a `previous_response_id` is not asked of anyone. `include`, `store`, `metadata`, `prompt_cache_key` and
 * `client_metadata` concern state or bookkeeping of OpenAI's own; they stay in the inbound body
 * for a relay and are otherwise unused.
 */
export function decodeResponsesBody(body: JsonObject, endpoint: 'responses' | 'chat-completions'): ChatRequest {
  const warnings: string[] = [];
  const { system, messages } = decodeResponsesInput(body.input, warnings);
  const instructions = optionalString(body.instructions, 'instructions');
  const allSystem = instructions ? [{ type: 'text' as const, text: instructions }, ...system] : system;
  const reasoning =
    body.reasoning === undefined || body.reasoning === null ? undefined : requireObject(body.reasoning, 'reasoning');
  const text = isObject(body.text) ? body.text : undefined;
  const tools = decodeResponsesTools(body.tools, warnings);
  const toolChoice = decodeResponsesToolChoice(body.tool_choice);
  const effort = decodeReasoningEffort(reasoning?.effort, 'reasoning.effort', warnings);
  // One flat object built by dropUndefined, not spread into a literal: a spread copy gets a hidden
  // class of its own on every request, which makes every later access to the request a slow lookup.
  return dropUndefined<ChatRequest>({
    model: optionalString(body.model, 'model') || undefined,
    system: allSystem.length > 0 ? allSystem : undefined,
    tools,
    // Only built-in tools were offered: there is nothing left to choose from.
    toolChoice: tools ? toolChoice : undefined,
    parallelToolCalls: optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls'),
    maxTokens: decodeMaxTokens(body.max_output_tokens, 'max_output_tokens'),
    responseFormat: decodeResponseFormat(text?.format, 'text.format', false),
    reasoning: effort,
    // A Responses stream always ends with its usage (`response.completed`), so it is always asked for.
    streamUsage: true,
    warnings: warnings.length > 0 ? warnings : undefined,
    relayOnly: endpoint === 'responses' ? storedState(body.previous_response_id) : undefined,
    ...decodeSampling(body),
    messages,
    stream: optionalBoolean(body.stream, 'stream') ?? false,
  });
}

/**
 * The gateway keeps no responses: a `previous_response_id` can be resolved only by a Responses
 * upstream the body is relayed to. Anywhere else it gets OpenAI's own words for an id it does not
 * know, which clients already handle (by resending the whole conversation).
 */
function storedState(previous: unknown): ChatRequest['relayOnly'] {
  if (previous === undefined || previous === null) return undefined;
  const id = typeof previous === 'string' ? previous : JSON.stringify(previous);
  return { param: 'previous_response_id', message: `Previous response with id '${id}' not found.` };
}
