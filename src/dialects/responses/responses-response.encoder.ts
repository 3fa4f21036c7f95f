import type { ChatResponse, ThinkingPart } from '#src/core/chat.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { responseHead, responseObject } from './responses-object.mapper.js';
import { finalStatus, messageItem, reasoningItem, toolCallItem, toResponsesUsage } from './responses-output.mapper.js';
import { offeredTools } from './responses-offered-tools.mapper.js';
import type { OutputItem, ResponseObject } from './responses-wire.types.js';
import { sealThinking, wantsEncryptedReasoning } from '#src/core/thinking-envelope.js';

/**
 * Encodes a collected answer as a Responses `response` object: each content part becomes one
 * output item, in order (thinking → reasoning, text → message, tool call → function call).
 * Redacted or signature-only thinking has nothing to show and is left out, unless the client asked
 * for `reasoning.encrypted_content`: then signed thinking travels sealed in its reasoning item.
 * `body` is the client's own Responses body: the tools it offered and the settings echoed back.
 */
export function toResponsesResponse(
  response: ChatResponse,
  body: Record<string, unknown>,
  meta: ResponseMeta,
  nowMs: number,
): ResponseObject {
  const offered = offeredTools(body);
  const end = finalStatus(response.stopReason);
  // At the token ceiling only the last message or tool call was cut short: the ones before it are whole.
  const sealed = (part: ThinkingPart) => (wantsEncryptedReasoning(body) ? sealThinking(part) : undefined);
  const shown = response.content.filter(
    (part) => part.type === 'tool_call' || part.text !== '' || (part.type === 'thinking' && sealed(part) !== undefined),
  );
  const cut = end.status === 'completed' ? undefined : shown.findLast((part) => part.type !== 'thinking');
  const statusOf = (part: (typeof shown)[number]) => (part === cut ? 'incomplete' : 'completed');
  const output: OutputItem[] = shown.map((part): OutputItem => {
    if (part.type === 'text') return messageItem(part.text, statusOf(part));
    if (part.type === 'thinking') return reasoningItem(part.text, true, undefined, sealed(part));
    return toolCallItem(part, offered.get(part.name), statusOf(part));
  });
  return responseObject(responseHead(response.id, meta.model, nowMs), body, {
    ...end,
    output,
    usage: toResponsesUsage(response.usage),
  });
}
