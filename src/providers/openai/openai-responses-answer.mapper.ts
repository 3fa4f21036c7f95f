import type { ChatEvent, StartEvent, StopReason, Usage } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { newId } from '#src/core/ids.js';
import { classifyStreamError, isRecord } from '#src/providers/shared/upstream-error.mapper.js';
import { usageOf } from './openai-usage.mapper.js';
import type { OpenAIDecodeOptions } from './openai-response.mapper.js';
import { fromOpenAIToolName } from './openai-tool-name.mapper.js';
import type {
  ResponsesAnswerBody,
  ResponsesOutputItemBody,
  ResponsesUsageBody,
} from './openai-responses.wire.types.js';

/** A whole (non-streaming) Responses answer as the canonical event sequence. */
export function fromResponsesAnswer(json: unknown, options: OpenAIDecodeOptions): ChatEvent[] {
  if (!isRecord(json)) throw invalidAnswer(options.provider);
  const body = json as ResponsesAnswerBody;
  failIfFailed(body, options.provider);
  if (!Array.isArray(body.output)) throw invalidAnswer(options.provider);
  const usage = body.usage ? fromResponsesUsage(body.usage) : undefined;
  const start: StartEvent = { type: 'start', id: body.id, model: body.model };
  if (usage) start.usage = usage;
  const events: ChatEvent[] = [start];
  let tools = 0;
  for (const item of body.output) {
    if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      events.push(...toolCallEvents(item, tools++, options));
    } else events.push(...contentEvents(item));
  }
  if (usage) events.push({ type: 'usage', usage });
  events.push({ type: 'stop', reason: fromResponsesStatus(body, tools > 0) });
  return events;
}

/** A `failed` response, or one carrying an error, is thrown as a classified upstream error. */
export function failIfFailed(body: ResponsesAnswerBody, provider: string): void {
  if (body.status === 'failed' || (body.error !== undefined && body.error !== null)) {
    throw classifyStreamError(body.error ?? { message: 'The upstream response failed' }, provider);
  }
}

function contentEvents(item: ResponsesOutputItemBody): ChatEvent[] {
  if (item.type === 'reasoning') {
    const text = [...(item.summary ?? []), ...(item.content ?? [])].map((p) => p.text ?? '').join('');
    return text === '' ? [] : [{ type: 'thinking_delta', text }];
  }
  if (item.type !== 'message') return [];
  const text = (item.content ?? []).map((p) => p.text ?? p.refusal ?? '').join('');
  return text === '' ? [] : [{ type: 'text_delta', text }];
}

function toolCallEvents(item: ResponsesOutputItemBody, index: number, options: OpenAIDecodeOptions): ChatEvent[] {
  const name = fromOpenAIToolName(item.name ?? '', options.toolNames);
  const args = item.type === 'custom_tool_call' ? JSON.stringify({ input: item.input ?? '' }) : (item.arguments ?? '');
  const events: ChatEvent[] = [{ type: 'tool_call_start', index, id: item.call_id || newId('call_'), name }];
  if (args !== '') events.push({ type: 'tool_call_delta', index, argumentsDelta: args });
  return events;
}

/** `input_tokens` counts cached tokens too, as canonical `inputTokens` does; malformed counts read as not reported. */
export function fromResponsesUsage(usage: ResponsesUsageBody): Usage {
  return usageOf(
    usage.input_tokens,
    usage.output_tokens,
    usage.input_tokens_details?.cached_tokens,
    usage.output_tokens_details?.reasoning_tokens,
  );
}

export function fromResponsesStatus(body: ResponsesAnswerBody, sawToolCalls: boolean): StopReason {
  if (body.status === 'incomplete') {
    return body.incomplete_details?.reason === 'content_filter' ? 'refusal' : 'max_tokens';
  }
  return sawToolCalls ? 'tool_use' : 'end_turn';
}

function invalidAnswer(provider: string): GatewayError {
  return new GatewayError('invalid_upstream_response', 'The upstream answered with no usable response', { provider });
}
