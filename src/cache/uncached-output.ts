import type { InboundBody } from '#src/providers/relay.types.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Tool types the canonical form reads in a Responses body; any other is hosted, run by the upstream. */
const RESPONSES_OWN_TOOLS = new Set(['function', 'custom', 'namespace']);

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
        list(body.tools).some((t) => isRecord(t) && t.type !== undefined && t.type !== 'custom') ||
        list(body.mcp_servers).length > 0 ||
        list(body.messages).some((m) => isRecord(m) && list(m.content).some(asksCitations))
      );
    case 'ollama':
      return body.logprobs === true;
  }
}

/** A block (or a tool result holding one) with citations turned on: the answer's text comes with them. */
function asksCitations(block: unknown): boolean {
  if (!isRecord(block)) return false;
  if (isRecord(block.citations) && block.citations.enabled === true) return true;
  return list(block.content).some(asksCitations);
}
