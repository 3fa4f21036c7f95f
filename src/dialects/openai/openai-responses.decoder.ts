import type { ChatRequest } from '#src/core/chat.types.js';
import { type JsonObject, isObject, optionalBoolean, optionalString, requireObject } from './field.guards.js';
import {
  decodeMaxTokens,
  decodeReasoningEffort,
  decodeResponseFormat,
  decodeSampling,
  dropUndefined,
} from './openai-options.decoder.js';
import { decodeResponsesInput } from './openai-responses-input.decoder.js';
import { decodeResponsesToolChoice, decodeResponsesTools } from './openai-responses-tools.decoder.js';

/** A Responses-API body posted to chat completions (Cursor's agent mode): `input` and no `messages`. */
export function isResponsesBody(body: JsonObject): boolean {
  return 'input' in body && !('messages' in body);
}

/**
 * Decodes a Responses-API body into the canonical request. Its shape is `openai-responses`, so no
 * upstream is sent the body as-is; the answer still goes back in Chat Completions shape.
 * `include` and `store` ask for server-side state this gateway does not keep; they are ignored.
 */
export function decodeResponsesBody(body: JsonObject): ChatRequest {
  const { system, messages } = decodeResponsesInput(body.input);
  const instructions = optionalString(body.instructions, 'instructions');
  const allSystem = instructions ? [{ type: 'text' as const, text: instructions }, ...system] : system;
  const reasoning =
    body.reasoning === undefined || body.reasoning === null ? undefined : requireObject(body.reasoning, 'reasoning');
  const text = isObject(body.text) ? body.text : undefined;
  const tools = decodeResponsesTools(body.tools);
  const toolChoice = decodeResponsesToolChoice(body.tool_choice);
  return {
    ...dropUndefined({
      model: optionalString(body.model, 'model') || undefined,
      system: allSystem.length > 0 ? allSystem : undefined,
      tools,
      // Only built-in tools were offered: there is nothing left to choose from.
      toolChoice: tools ? toolChoice : undefined,
      parallelToolCalls: optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls'),
      maxTokens: decodeMaxTokens(body.max_output_tokens, 'max_output_tokens'),
      responseFormat: decodeResponseFormat(text?.format, 'text.format', false),
      reasoning: decodeReasoningEffort(reasoning?.effort, 'reasoning.effort'),
      // A Responses body has no stream_options; its clients (Cursor) stream with usage, so the chunk is always sent.
      streamUsage: true,
      ...decodeSampling(body),
    }),
    messages,
    stream: optionalBoolean(body.stream, 'stream') ?? false,
    source: { shape: 'openai-responses', body, forwardHeaders: {} },
  };
}
