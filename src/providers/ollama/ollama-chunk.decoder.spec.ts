import { OllamaChunkDecoder } from './ollama-chunk.decoder.js';
import type { OllamaChatChunk } from './ollama.wire.types.js';

describe('OllamaChunkDecoder usage', () => {
  it('reads counts that are not finite non-negative numbers as not reported', () => {
    const decoder = new OllamaChunkDecoder('local');
    const last = { model: 'm', done: true, prompt_eval_count: 'many', eval_count: -1 } as unknown as OllamaChatChunk;
    const events = decoder.push(last);
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 0, outputTokens: 0 } });
  });

  it('keeps well-formed counts', () => {
    const decoder = new OllamaChunkDecoder('local');
    const events = decoder.push({ model: 'm', done: true, prompt_eval_count: 8, eval_count: 3 } as OllamaChatChunk);
    expect(events).toContainEqual({ type: 'usage', usage: { inputTokens: 8, outputTokens: 3 } });
  });
});
