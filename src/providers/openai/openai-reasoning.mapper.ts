/**
 * The thinking text of a Chat Completions message or delta: `reasoning_content` (DeepSeek, vLLM) or
 * `reasoning` (OpenRouter, Ollama's OpenAI-compatible endpoint). An empty `reasoning_content` beside
 * a filled `reasoning` is a server sending both names, so the first non-empty one is read.
 */
export function reasoningTextOf(part: { reasoning_content?: string | null; reasoning?: string | null }): string {
  return part.reasoning_content || part.reasoning || '';
}
