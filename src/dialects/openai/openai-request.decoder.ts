import type { ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { type JsonObject, optionalBoolean, optionalNumber, optionalString, requireObject } from './field.guards.js';
import { decodeMessages } from './openai-messages.decoder.js';
import {
  decodeMaxTokens,
  decodeReasoningEffort,
  decodeResponseFormat,
  decodeSampling,
  decodeStop,
  dropUndefined,
} from './openai-options.decoder.js';
import { decodeToolChoice, decodeTools } from './openai-tools.decoder.js';

/**
 * Validates and decodes a Chat Completions body. Unknown top-level fields are not errors: they stay
 * in the inbound body, which a same-format upstream is built from.
 */
export function decodeChatCompletionsBody(body: JsonObject): ChatRequest {
  rejectMultipleChoices(body.n);
  const { system, messages, warnings } = decodeMessages(body.messages);
  const reasoning = decodeReasoningEffort(body.reasoning_effort, 'reasoning_effort', warnings);
  const tools = decodeTools(body.tools, warnings);
  const toolChoice = decodeToolChoice(body.tool_choice, warnings);
  // One flat object built by dropUndefined, not spread into a literal: a spread copy gets a hidden
  // class of its own on every request, which makes every later access to the request a slow lookup.
  const request: ChatRequest = dropUndefined({
    model: optionalString(body.model, 'model') || undefined,
    system: system.length > 0 ? system : undefined,
    tools,
    toolChoice,
    parallelToolCalls: optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls'),
    maxTokens:
      decodeMaxTokens(body.max_completion_tokens, 'max_completion_tokens') ??
      decodeMaxTokens(body.max_tokens, 'max_tokens'),
    stop: decodeStop(body.stop),
    responseFormat: decodeResponseFormat(body.response_format, 'response_format', true),
    reasoning,
    streamUsage: decodeStreamUsage(body.stream_options) || undefined,
    warnings: warnings.length > 0 ? warnings : undefined,
    ...decodeSampling(body),
    messages,
    stream: optionalBoolean(body.stream, 'stream') ?? false,
  });
  return request;
}

function rejectMultipleChoices(raw: unknown): void {
  const n = optionalNumber(raw, 'n', { integer: true, min: 1 });
  if (n !== undefined && n > 1) throw GatewayError.invalid('n', 'only n=1 is supported');
}

/** Whether a streaming client asked for the trailing usage chunk. */
function decodeStreamUsage(raw: unknown): boolean {
  if (raw === undefined || raw === null) return false;
  const options = requireObject(raw, 'stream_options');
  return optionalBoolean(options.include_usage, 'stream_options.include_usage') ?? false;
}
