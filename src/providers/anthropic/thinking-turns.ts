type Block = { type?: unknown };
type Message = { role?: unknown; content?: unknown };

const isBlock = (value: unknown): value is Block => typeof value === 'object' && value !== null;

const OPENS_WITH_THINKING = new Set(['thinking', 'redacted_thinking']);
const CALLS_A_TOOL = new Set(['tool_use', 'server_tool_use']);

const NO_BLOCKS: readonly unknown[] = [];
const blocksOf = (message: Message): readonly unknown[] =>
  Array.isArray(message.content) ? (message.content as unknown[]) : NO_BLOCKS;

/**
 * A user message that answers tool calls: the assistant's turn goes on through it, even with words
 * of the user's beside the results (Claude Code adds its reminders there).
 */
const answersTools = (message: Message): boolean =>
  message.role === 'user' && blocksOf(message).some((block) => isBlock(block) && block.type === 'tool_result');

/**
 * Whether the assistant turn under way (every message since the user's last own words: a tool loop
 * is one turn) called a tool without opening with a thinking block. With thinking enabled,
 * Anthropic refuses such a request (400: the final assistant message must start with a thinking
 * block), and the thinking cannot be made up: it came from a model of another vendor, from one
 * that was not thinking, or from a client that does not keep it. Thinking then stays off for the
 * rest of that turn and comes back with the user's next words. Reads the wire messages loosely, so
 * a client's own body can be checked too.
 */
export function toolTurnLacksThinking(messages: readonly Message[]): boolean {
  let start = messages.length;
  while (start > 0 && (messages[start - 1].role === 'assistant' || answersTools(messages[start - 1]))) start--;
  const turn = messages.slice(start).filter((m) => m.role === 'assistant');
  if (turn.length === 0) return false;
  const calledTool = turn.some((m) =>
    blocksOf(m).some((block) => isBlock(block) && CALLS_A_TOOL.has(block.type as string)),
  );
  const first = blocksOf(turn[0])[0];
  return calledTool && !(isBlock(first) && OPENS_WITH_THINKING.has(first.type as string));
}
