/**
 * Splits text into chunks of `wordsPerChunk` words. Whitespace stays attached to the word before
 * it, so the chunks concatenate back to exactly the original text.
 */
export function chunkWords(text: string, wordsPerChunk: number): string[] {
  const words = text.split(/(?<=\s)(?=\S)/).filter((w) => w !== '');
  const size = Math.max(1, Math.floor(wordsPerChunk));
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += size) chunks.push(words.slice(i, i + size).join(''));
  return chunks;
}

/** Splits tool arguments into two or more fragments, as real upstreams stream them. */
export function splitArguments(json: string): string[] {
  if (json.length < 2) return [json];
  const mid = Math.ceil(json.length / 2);
  return [json.slice(0, mid), json.slice(mid)];
}
