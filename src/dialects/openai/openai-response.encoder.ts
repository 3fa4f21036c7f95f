import type { ChatResponse, ToolCallPart } from '#src/core/chat.types.js';
import { newId } from '#src/core/ids.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { customToolInput } from './custom-tool.mapper.js';
import { toOpenAIFinishReason, toOpenAIUsage } from './openai-finish.mapper.js';
import type { OpenAIChatCompletion, OpenAIToolCall } from './openai-wire.types.js';

/** Upstream ids are kept only when they already look like OpenAI's, so clients see one id style. */
export function completionId(upstreamId: string | undefined): string {
  return upstreamId?.startsWith('chatcmpl-') ? upstreamId : newId('chatcmpl-');
}

/**
 * Encodes a collected answer as a Chat Completions response; `nowMs` is the clock reading. A call
 * of one of `customTools` (the client's custom tools) is answered in the custom shape, with the raw input.
 */
export function toOpenAIResponse(
  response: ChatResponse,
  meta: ResponseMeta,
  nowMs: number,
  customTools: ReadonlySet<string> = new Set(),
): OpenAIChatCompletion {
  const text = response.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
  const thinking = response.content.flatMap((p) => (p.type === 'thinking' && p.text !== '' ? [p.text] : [])).join('');
  const toolCalls: OpenAIToolCall[] = response.content.flatMap((p) =>
    p.type === 'tool_call' ? [toToolCall(p, customTools)] : [],
  );
  const message: OpenAIChatCompletion['choices'][0]['message'] = {
    role: 'assistant',
    // OpenAI answers null content when the turn is only tool calls.
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (thinking !== '') message.reasoning_content = thinking;
  return {
    id: completionId(response.id),
    object: 'chat.completion',
    created: Math.floor(nowMs / 1000),
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(response.stopReason) }],
    usage: toOpenAIUsage(response.usage),
  };
}

function toToolCall(call: ToolCallPart, customTools: ReadonlySet<string>): OpenAIToolCall {
  if (customTools.has(call.name)) {
    return { id: call.id, type: 'custom', custom: { name: call.name, input: customToolInput(call.arguments) } };
  }
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}
