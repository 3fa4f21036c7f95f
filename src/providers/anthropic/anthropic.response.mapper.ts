import type { ChatEvent, StopReason, Usage } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { tokenCount } from '#src/providers/shared/token-count.js';
import type { AnthropicMessage, AnthropicResponseBlock, AnthropicUsage } from './anthropic.wire.types.js';

const STOP_REASONS: Record<string, StopReason> = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  tool_use: 'tool_use',
  refusal: 'refusal',
  pause_turn: 'pause_turn',
  model_context_window_exceeded: 'context_window',
};

export function fromAnthropicStopReason(reason: string | null | undefined): StopReason {
  return (reason && STOP_REASONS[reason]) || 'end_turn';
}

/**
 * Anthropic's `input_tokens` excludes cache reads and writes; canonical `inputTokens` counts
 * every prompt token, so the three are added.
 */
export function fromAnthropicUsage(usage: AnthropicUsage | undefined): Usage {
  const read = tokenCount(usage?.cache_read_input_tokens);
  const write = tokenCount(usage?.cache_creation_input_tokens);
  const out: Usage = {
    inputTokens: (tokenCount(usage?.input_tokens) ?? 0) + (read ?? 0) + (write ?? 0),
    outputTokens: tokenCount(usage?.output_tokens) ?? 0,
  };
  if (read !== undefined) out.cacheReadTokens = read;
  if (write !== undefined) out.cacheWriteTokens = write;
  return out;
}

/** Events for one finished content block; server-side tool blocks and unknown types have none. */
function blockEvents(block: AnthropicResponseBlock, toolIndex: () => number): ChatEvent[] {
  switch (block.type) {
    case 'text': {
      const text = (block as { text?: unknown }).text;
      return typeof text === 'string' && text !== '' ? [{ type: 'text_delta', text }] : [];
    }
    case 'tool_use': {
      const b = block as { id: string; name: string; input?: unknown };
      const index = toolIndex();
      return [
        { type: 'tool_call_start', index, id: b.id, name: b.name },
        { type: 'tool_call_delta', index, argumentsDelta: JSON.stringify(b.input ?? {}) },
      ];
    }
    case 'thinking': {
      const b = block as { thinking?: string; signature?: string };
      const events: ChatEvent[] = [{ type: 'thinking_delta', text: b.thinking ?? '' }];
      if (b.signature) events.push({ type: 'thinking_signature', signature: b.signature });
      return events;
    }
    case 'redacted_thinking':
      return [{ type: 'redacted_thinking', data: (block as { data: string }).data }];
    default:
      return [];
  }
}

function isMessage(value: unknown): value is AnthropicMessage {
  const v = value as Partial<AnthropicMessage> | null;
  return typeof v === 'object' && v !== null && v.type === 'message' && Array.isArray(v.content);
}

/** A non-streaming Messages answer as the canonical event stream: start, blocks, usage, stop. */
export function fromAnthropicMessage(payload: unknown): ChatEvent[] {
  if (!isMessage(payload)) {
    throw new GatewayError('invalid_upstream_response', 'The upstream answered with something that is not a message');
  }
  const usage = fromAnthropicUsage(payload.usage);
  let tools = 0;
  const events: ChatEvent[] = [{ type: 'start', id: payload.id, model: payload.model, usage }];
  for (const block of payload.content) events.push(...blockEvents(block, () => tools++));
  events.push({ type: 'usage', usage });
  const stop: ChatEvent = { type: 'stop', reason: fromAnthropicStopReason(payload.stop_reason) };
  if (payload.stop_sequence) stop.stopSequence = payload.stop_sequence;
  events.push(stop);
  return events;
}
