import { DEFAULT_MAX_TOKENS, MIN_THINKING_BUDGET, clampMaxTokens } from './anthropic.request.mapper.js';
import type { AnthropicEncodeOptions } from './anthropic.request.mapper.js';
import { toolTurnLacksThinking } from './thinking-turns.js';

type Block = { type?: unknown; signature?: unknown };

/** Thinking Claude did not sign: another vendor's, stored by the client with an empty signature. */
function isUnsignedThinking(block: unknown): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const { type, signature } = block as Block;
  return type === 'thinking' && (typeof signature !== 'string' || signature === '');
}

function holdsUnsignedThinking(message: unknown): message is { content: unknown[] } {
  const content = (message as { content?: unknown } | null)?.content;
  return Array.isArray(content) && content.some(isUnsignedThinking);
}

/**
 * The client's messages without thinking Claude would refuse to replay ("Invalid signature in
 * thinking block", on every later turn of the session). A message left empty goes too: the API
 * joins the same-role turns around it. Without such blocks the client's own array is handed back.
 */
function withoutUnsignedThinking(messages: unknown): unknown {
  if (!Array.isArray(messages) || !messages.some(holdsUnsignedThinking)) return messages;
  return messages.flatMap((message: unknown) => {
    if (!holdsUnsignedThinking(message)) return [message];
    const content = message.content.filter((block) => !isUnsignedThinking(block));
    return content.length === 0 ? [] : [{ ...message, content }];
  });
}

/**
 * Thinking off for this request (see `toolTurnLacksThinking`), with the context edits that clear
 * thinking, which the API takes only while thinking is on. Only thinking the client turned on
 * (`enabled`) is turned off: adaptive thinking may skip a step's thinking anyway.
 */
function withoutThinking(body: Record<string, unknown>): void {
  if ((body.thinking as Block | undefined)?.type !== 'enabled') return;
  delete body.thinking;
  const management = body.context_management as { edits?: unknown } | undefined;
  if (!Array.isArray(management?.edits)) return;
  const edits = management.edits.filter((edit) => !String((edit as Block | null)?.type).startsWith('clear_thinking'));
  if (edits.length === management.edits.length) return;
  // Context management is a list of edits: with none left, it goes.
  if (edits.length > 0) body.context_management = { ...management, edits };
  else delete body.context_management;
}

/**
 * The upstream body for a client that already speaks Anthropic: its own body, with only the
 * model, the stream flag and the `max_tokens` ceiling changed, so fields the gateway does not
 * model (cache_control, server tools, metadata, betas' extra fields) reach the upstream intact.
 * Thinking blocks Claude did not sign are the one thing taken out of the messages.
 */
export function toAnthropicPassthroughBody(
  source: Record<string, unknown>,
  stream: boolean,
  options: AnthropicEncodeOptions,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...source, model: options.model, stream };
  const messages = withoutUnsignedThinking(source.messages);
  if (messages !== source.messages) {
    body.messages = messages;
    // Taking the unsigned thinking out may leave the tool loop under way without thinking to open it.
    const turns = (list: unknown) => toolTurnLacksThinking(list as { role?: unknown }[]);
    if (turns(messages) && !turns(source.messages)) withoutThinking(body);
  }
  const asked = typeof body.max_tokens === 'number' ? body.max_tokens : DEFAULT_MAX_TOKENS;
  const maxTokens = clampMaxTokens(asked, options.maxOutputTokens);
  body.max_tokens = maxTokens;
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  // A clamp can push max_tokens under the thinking budget, which the API rejects; a budget cut
  // under the smallest one it accepts leaves no room for thinking at all.
  if (
    thinking?.type === 'enabled' &&
    typeof thinking.budget_tokens === 'number' &&
    thinking.budget_tokens >= maxTokens
  ) {
    if (maxTokens - 1 < MIN_THINKING_BUDGET) withoutThinking(body);
    else body.thinking = { ...thinking, budget_tokens: maxTokens - 1 };
  }
  return body;
}
