import { fromResponsesUsage } from './openai-responses-answer.mapper.js';
import { fromOpenAIUsage } from './openai-usage.mapper.js';
import type { OpenAIUsage } from './openai.wire.types.js';

describe('fromOpenAIUsage', () => {
  it('keeps well-formed counts', () => {
    const usage = fromOpenAIUsage({
      prompt_tokens: 12,
      completion_tokens: 5,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
    expect(usage).toEqual({ inputTokens: 12, outputTokens: 5, cacheReadTokens: 4, reasoningTokens: 2 });
  });

  it('reads counts that are not finite non-negative numbers as not reported', () => {
    const malformed = {
      prompt_tokens: true,
      completion_tokens: '7',
      prompt_tokens_details: { cached_tokens: -3 },
      completion_tokens_details: { reasoning_tokens: Number.POSITIVE_INFINITY },
    } as unknown as OpenAIUsage;
    expect(fromOpenAIUsage(malformed)).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});

describe('fromResponsesUsage', () => {
  it('reads counts that are not finite non-negative numbers as not reported', () => {
    const malformed = {
      input_tokens: { n: 1 },
      output_tokens: -1,
      input_tokens_details: { cached_tokens: 'x' },
      output_tokens_details: { reasoning_tokens: Number.NaN },
    } as unknown as Parameters<typeof fromResponsesUsage>[0];
    expect(fromResponsesUsage(malformed)).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(fromResponsesUsage({ input_tokens: 9, output_tokens: 3 })).toEqual({ inputTokens: 9, outputTokens: 3 });
  });
});
