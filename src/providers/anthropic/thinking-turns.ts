const isBlock = (value: unknown): value is { type?: unknown } => typeof value === 'object' && value !== null;

const OPENS_WITH_THINKING = new Set(['thinking', 'redacted_thinking']);
const CALLS_A_TOOL = new Set(['tool_use', 'server_tool_use']);

/**
 * Whether the conversation's last assistant turn called a tool without opening with a thinking
 * block. With thinking enabled, Anthropic refuses such a request (400: a final assistant message
 * must start with a thinking block), and the turn's thinking cannot be made up: it came from a
 * model of another vendor, from one that was not thinking, or from a client that does not keep
 * it. Thinking then stays off for this request (the answer to the tool's result) and comes back
 * with the next turn. Reads the wire messages loosely, so a client's own body can be checked too.
 */
export function toolTurnLacksThinking(messages: readonly { role?: unknown; content?: unknown }[]): boolean {
  for (let i = messages.length - 1; i >= 0; i--) {
    const { role, content } = messages[i];
    if (role !== 'assistant') continue;
    if (!Array.isArray(content)) return false;
    const calledTool = content.some((block) => isBlock(block) && CALLS_A_TOOL.has(block.type as string));
    const first: unknown = content[0];
    return calledTool && !(isBlock(first) && OPENS_WITH_THINKING.has(first.type as string));
  }
  return false;
}
