import type { ChatResponse } from '#src/core/chat.types.js';
import { newId } from '#src/core/ids.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { toOpenAIFinishReason } from '#src/dialects/openai/openai-finish.mapper.js';
import { parseToolArguments, toUnifiedUsage } from './unified-answer.mapper.js';
import type { UnifiedResponse, UnifiedToolCall } from './unified-wire.types.js';

export function toUnifiedResponse(response: ChatResponse, meta: ResponseMeta): UnifiedResponse {
  const text = response.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
  const thinking = response.content.flatMap((p) => (p.type === 'thinking' && p.text !== '' ? [p.text] : [])).join('');
  const toolCalls: UnifiedToolCall[] = response.content.flatMap((p) =>
    p.type === 'tool_call' ? [{ id: p.id, name: p.name, arguments: parseToolArguments(p.arguments) }] : [],
  );
  const out: UnifiedResponse = {
    id: response.id ?? newId('chatcmpl-'),
    object: 'chat.completion.unified',
    content: text,
    _actual_model_used: meta.model,
    model: meta.model,
    provider: meta.provider,
    finish_reason: toOpenAIFinishReason(response.stopReason),
    usage: toUnifiedUsage(response.usage),
    _route: meta.route,
    _attempts: meta.attempts,
  };
  if (toolCalls.length > 0) out.tool_calls = toolCalls;
  if (thinking !== '') out.thinking = thinking;
  return out;
}
