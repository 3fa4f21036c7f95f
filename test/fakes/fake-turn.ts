/**
 * The fakes' shared "model": a deterministic answer derived from what a vendor request says, so a
 * test can predict the reply whichever vendor format carried the conversation.
 */

/** What each vendor extracts from its own request format. */
export interface ConversationFacts {
  /** Text of the last user turn (tool results excluded). */
  lastUserText: string;
  /** Images in the whole request, counted in the vendor's own image format. */
  imageCount: number;
  /** Set when the last message carries a tool result: its text. */
  toolResult?: string;
  /** The first tool offered, if any. */
  firstToolName?: string;
}

export type FakeTurn =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; name: string; arguments: Record<string, unknown>; fragments: string[] };

/** The arguments every fake tool call carries, and the fragments they stream in. */
export const FAKE_TOOL_ARGUMENTS = { city: 'Oslo' };
export const FAKE_TOOL_FRAGMENTS = ['{"city"', ':"Os', 'lo"}'];

/** Decides a fake's next turn from what the request says; `planTurn` unless a test sets its own. */
export type TurnPlanner = (facts: ConversationFacts) => FakeTurn;

export function planTurn(facts: ConversationFacts): FakeTurn {
  if (facts.toolResult === undefined && facts.firstToolName !== undefined) {
    return { kind: 'tool', name: facts.firstToolName, arguments: FAKE_TOOL_ARGUMENTS, fragments: FAKE_TOOL_FRAGMENTS };
  }
  return { kind: 'text', text: replyText(facts) };
}

/** A tool call whose JSON arguments stream in two pieces. */
export function toolTurn(name: string, args: Record<string, unknown>): FakeTurn {
  const json = JSON.stringify(args);
  const cut = Math.ceil(json.length / 2);
  return { kind: 'tool', name, arguments: args, fragments: [json.slice(0, cut), json.slice(cut)] };
}

/** `echo: <text>` or `tool said: <result>`, with ` [images: N]` when images arrived. */
export function replyText(facts: ConversationFacts): string {
  const base = facts.toolResult !== undefined ? `tool said: ${facts.toolResult}` : `echo: ${facts.lastUserText}`;
  return facts.imageCount > 0 ? `${base} [images: ${facts.imageCount}]` : base;
}

/** Splits a reply into two or three stream pieces that concatenate back to it. */
export function splitText(text: string): string[] {
  const words = text.split(/(?<= )/);
  if (words.length < 2) return [text];
  const third = Math.max(1, Math.ceil(words.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += third) pieces.push(words.slice(i, i + third).join(''));
  return pieces;
}

/** A plausible token count: about four characters a token, never zero. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(text.length / 4));
}
