import { isRecord } from '#src/core/is-record.js';
import type { InboundBody } from '#src/providers/relay.types.js';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Tool types the canonical form reads in a Responses body; any other is hosted, run by the upstream. */
const RESPONSES_OWN_TOOLS = new Set(['function', 'custom', 'namespace']);

/**
 * Anthropic tool types the client runs (`bash_*`, `text_editor_*`, `computer_*`, `memory_*`; versioned,
 * so matched by prefix): they answer with plain tool_use blocks, which replay fine. Every other typed
 * tool (`web_search_*`, `code_execution_*`, `mcp_toolset`, and any the gateway does not know yet) is
 * run by the upstream itself, answering with its own result blocks the canonical form has no form for.
 * A tool without a type, or of type `custom`, is the client's own.
 */
const ANTHROPIC_CLIENT_TOOLS = ['bash_', 'text_editor_', 'computer_', 'memory_'];
const isAnthropicServerTool = (t: unknown): boolean =>
  isRecord(t) &&
  typeof t.type === 'string' &&
  t.type !== 'custom' &&
  !ANTHROPIC_CLIENT_TOOLS.some((p) => (t.type as string).startsWith(p));

/**
 * Whether the client's body asks for output the canonical events have no form for, so a replay
 * would silently lack it: token logprobs, Responses `include` extras (encrypted reasoning, search
 * sources, …), the items and blocks of tools the upstream runs itself (web search, code execution,
 * MCP), Chat Completions search annotations or audio, Anthropic citations. Such an answer is
 * passed on as it came and never stored.
 */
export function asksUncachedOutput(inbound: InboundBody | undefined): boolean {
  if (inbound === undefined) return false;
  const body = inbound.body;
  switch (inbound.shape) {
    case 'openai':
    case 'unified':
      return (
        body.logprobs === true ||
        (body.web_search_options !== undefined && body.web_search_options !== null) ||
        (body.audio !== undefined && body.audio !== null) ||
        list(body.modalities).includes('audio')
      );
    case 'responses':
    case 'openai-responses':
      return (
        (typeof body.top_logprobs === 'number' && body.top_logprobs > 0) ||
        list(body.include).length > 0 ||
        list(body.tools).some((t) => isRecord(t) && !RESPONSES_OWN_TOOLS.has(String(t.type)))
      );
    case 'anthropic':
      return (
        list(body.tools).some(isAnthropicServerTool) ||
        list(body.mcp_servers).length > 0 ||
        asksCitations(body.messages)
      );
    case 'ollama':
      return body.logprobs === true;
  }
}

/** Block types that take `citations: {enabled}`; a tool result may hold them too. */
const citable = (block: Record<string, unknown>): boolean =>
  (block.type === 'document' || block.type === 'search_result') &&
  isRecord(block.citations) &&
  block.citations.enabled === true;

/**
 * Whether a message (or a tool result in one) holds a document or search result with citations
 * turned on: the answer's text comes with them. Called on every cacheable Anthropic request, whose
 * bodies can hold hundreds of messages, so it reads each block's type once and allocates nothing.
 */
function asksCitations(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  for (const message of messages) {
    if (!isRecord(message) || !Array.isArray(message.content)) continue;
    for (const block of message.content) {
      if (!isRecord(block)) continue;
      if (citable(block)) return true;
      if (block.type === 'tool_result' && Array.isArray(block.content)) {
        for (const inner of block.content) if (isRecord(inner) && citable(inner)) return true;
      }
    }
  }
  return false;
}
