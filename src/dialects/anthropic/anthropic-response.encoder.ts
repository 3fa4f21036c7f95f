import type { ChatRequest, ChatResponse, ThinkingPart } from '#src/core/chat.types.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { reportedUsage, toMessageId, toStopReason, toToolInput, toToolUseId } from './anthropic-answer.mapper.js';
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic.wire.js';

function thinkingBlock(part: ThinkingPart): AnthropicContentBlock {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  // Unsigned thinking (from non-Claude models) still needs the field: clients type it as required.
  return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
}

/**
 * A whole answer as an Anthropic `message`, its blocks in the order they came, as a stream of the
 * same answer has them (and as a client replays them). `request` is estimated for
 * `input_tokens` when the upstream did not count it, as in a stream.
 */
export function encodeAnthropicResponse(
  response: ChatResponse,
  request: ChatRequest,
  meta: ResponseMeta,
): AnthropicMessage {
  const content: AnthropicContentBlock[] = [];
  for (const part of response.content) {
    if (part.type === 'thinking') content.push(thinkingBlock(part));
    else if (part.type === 'text') {
      if (part.text !== '') content.push({ type: 'text', text: part.text });
    } else
      content.push({ type: 'tool_use', id: toToolUseId(part.id), name: part.name, input: toToolInput(part.arguments) });
  }
  const hasToolUse = content.some((b) => b.type === 'tool_use');
  const stopReason = toStopReason(response.stopReason, hasToolUse);
  return {
    id: toMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: reportedUsage(response.usage, () => estimateTokens(request)),
  };
}
