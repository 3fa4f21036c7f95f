/**
 * The token counts an upstream's own overflow message names, in the wordings of OpenAI and
 * servers copying it (vLLM, LiteLLM), llama.cpp and Anthropic itself.
 */
const PROMPT_TOKENS = [
  /(?:resulted in|you requested|requested) (\d+) tokens/i,
  /request \((\d+) tokens\)/i,
  /prompt is too long: (\d+) tokens/i,
];
const MAXIMUM_TOKENS = [
  /maximum context length is (\d+) tokens/i,
  /limit of (\d+) tokens/i,
  /context size \((\d+) tokens\)/i,
  /> ?(\d+) maximum/i,
];

const ANTHROPIC_WORDING = /^prompt is too long\b/i;

function firstCount(patterns: RegExp[], text: string): number | undefined {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/**
 * A context overflow worded as Anthropic words it, "prompt is too long: N tokens > M maximum"
 * (the counts when the upstream's message names both), the upstream's own text after it. Claude
 * Code compacts the conversation only on this wording, and reads from the counts how much to drop.
 */
export function anthropicOverflowMessage(upstreamText: string): string {
  if (ANTHROPIC_WORDING.test(upstreamText)) return upstreamText;
  const tokens = firstCount(PROMPT_TOKENS, upstreamText);
  const maximum = firstCount(MAXIMUM_TOKENS, upstreamText);
  const head =
    tokens !== undefined && maximum !== undefined
      ? `prompt is too long: ${tokens} tokens > ${maximum} maximum`
      : 'prompt is too long';
  return upstreamText.trim() === '' ? head : `${head} (${upstreamText})`;
}
