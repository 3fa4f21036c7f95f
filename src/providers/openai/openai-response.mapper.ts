import { reasoningTextOf } from './openai-reasoning.mapper.js';
import type { ChatEvent, StartEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { newId } from '#src/core/ids.js';
import { fromOpenAIToolName, type ToolNameMap } from './openai-tool-name.mapper.js';
import { fromOpenAIFinishReason, fromOpenAIUsage } from './openai-usage.mapper.js';
import type { OpenAIChatResponse } from './openai.wire.types.js';
import { classifyStreamError, isRecord } from '#src/providers/shared/upstream-error.mapper.js';

export interface OpenAIDecodeOptions {
  /** Provider name, for error attribution. */
  provider: string;
  /** Shortened tool names to map back; empty when the request was passed through. */
  toolNames: ToolNameMap;
}

/** A whole (non-streaming) Chat Completions answer as the canonical event sequence. */
export function fromOpenAIResponse(json: unknown, options: OpenAIDecodeOptions): ChatEvent[] {
  if (!isRecord(json)) throw invalidAnswer(options.provider);
  const body = json as OpenAIChatResponse;
  if (body.error !== undefined && body.error !== null) throw classifyStreamError(body, options.provider);
  const choice = body.choices?.[0];
  if (!choice?.message) throw invalidAnswer(options.provider);
  const usage = body.usage ? fromOpenAIUsage(body.usage) : undefined;
  const start: StartEvent = { type: 'start', id: body.id, model: body.model };
  if (usage) start.usage = usage;
  const events: ChatEvent[] = [start];
  const message = choice.message;
  const reasoning = reasoningTextOf(message);
  if (reasoning) events.push({ type: 'thinking_delta', text: reasoning });
  if (message.content) events.push({ type: 'text_delta', text: message.content });
  if (message.refusal) events.push({ type: 'text_delta', text: message.refusal });
  const calls = message.tool_calls ?? [];
  calls.forEach((call, index) => {
    const name = fromOpenAIToolName(call.function?.name ?? '', options.toolNames);
    events.push({ type: 'tool_call_start', index, id: call.id || newId('call_'), name });
    const args = call.function?.arguments ?? '';
    if (args !== '') events.push({ type: 'tool_call_delta', index, argumentsDelta: args });
  });
  if (usage) events.push({ type: 'usage', usage });
  const reason = message.refusal && !message.content ? 'content_filter' : choice.finish_reason;
  events.push({ type: 'stop', reason: fromOpenAIFinishReason(reason, calls.length > 0) });
  return events;
}

function invalidAnswer(provider: string): GatewayError {
  return new GatewayError('invalid_upstream_response', 'The upstream answered with no usable completion', {
    provider,
  });
}
