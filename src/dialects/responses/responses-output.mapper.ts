import type { StopReason, ToolCallPart, Usage } from '#src/core/chat.types.js';
import { newId } from '#src/core/ids.js';
import { customToolInput, type OfferedTool } from './responses-offered-tools.mapper.js';
import type {
  CustomToolCallItem,
  FunctionCallItem,
  ItemStatus,
  MessageItem,
  ReasoningItem,
  ResponseObject,
  ResponsesUsage,
} from './responses-wire.types.js';

export function messageItem(text: string, status: ItemStatus, id = newId('msg_')): MessageItem {
  return {
    id,
    type: 'message',
    role: 'assistant',
    status,
    content: status === 'in_progress' ? [] : [outputText(text)],
  };
}

export function outputText(text: string): MessageItem['content'][number] {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/**
 * Thinking is shown to Responses clients as a reasoning summary: the text they display. Signed
 * thinking also travels sealed in `encrypted_content` when the client asked for it.
 */
export function reasoningItem(text: string, done: boolean, id = newId('rs_'), encrypted?: string): ReasoningItem {
  const item: ReasoningItem = {
    id,
    type: 'reasoning',
    summary: done && text !== '' ? [{ type: 'summary_text', text }] : [],
  };
  if (encrypted !== undefined) item.encrypted_content = encrypted;
  return item;
}

/**
 * A canonical tool call as the item the client expects for the tool it offered: a function call
 * (with its namespace restored), or a custom tool call carrying the raw input.
 */
export function toolCallItem(
  call: Omit<ToolCallPart, 'type'>,
  offered: OfferedTool | undefined,
  status: ItemStatus,
  id = newId('fc_'),
): FunctionCallItem | CustomToolCallItem {
  const name = offered?.name ?? call.name;
  const namespace = offered?.namespace === undefined ? {} : { namespace: offered.namespace };
  if (offered?.kind === 'custom') {
    const input = status === 'in_progress' ? '' : customToolInput(call.arguments);
    return { id, type: 'custom_tool_call', status, call_id: call.id, name, input, ...namespace };
  }
  return { id, type: 'function_call', status, call_id: call.id, name, arguments: call.arguments, ...namespace };
}

export function toResponsesUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** A cut-off or refused answer is `incomplete`, with OpenAI's reason; every other end is `completed`. */
export function finalStatus(reason: StopReason): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (reason === 'max_tokens' || reason === 'context_window') {
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  }
  if (reason === 'refusal') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}
