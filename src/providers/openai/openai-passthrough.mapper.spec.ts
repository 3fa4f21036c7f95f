import { toOpenAIPassthroughBody } from './openai-passthrough.mapper.js';

describe('same-format passthrough', () => {
  const clientBody = {
    model: 'fast',
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ],
    logit_bias: { '50256': -100 },
    prediction: { type: 'content', content: 'x' },
    store: true,
    stream: true,
    stream_options: { include_obfuscation: false },
    max_completion_tokens: 50000,
  };

  it('adds the session as prompt_cache_key only when the client set none', () => {
    const options = { stream: false, promptCacheKey: 'session-1' };
    expect(toOpenAIPassthroughBody(clientBody, 'gpt-4o', options).prompt_cache_key).toBe('session-1');
    const own = { ...clientBody, prompt_cache_key: 'mine' };
    expect(toOpenAIPassthroughBody(own, 'gpt-4o', options).prompt_cache_key).toBe('mine');
  });

  it('keeps every field the client sent, replacing only the model, stream flags and token ceiling', () => {
    const body = toOpenAIPassthroughBody(clientBody, 'gpt-4o-2024-11-20', { stream: true, maxOutputTokens: 16384 });
    expect(body).toEqual({
      ...clientBody,
      model: 'gpt-4o-2024-11-20',
      stream_options: { include_obfuscation: false, include_usage: true },
      max_completion_tokens: 16384,
    });
  });

  it('does not modify the client body it was given', () => {
    toOpenAIPassthroughBody(clientBody, 'gpt-4o', { stream: true, maxOutputTokens: 10 });
    expect(clientBody.model).toBe('fast');
    expect(clientBody.stream_options).toEqual({ include_obfuscation: false });
  });

  it('sends stream:false without stream_options when the gateway calls without streaming', () => {
    const body = toOpenAIPassthroughBody({ ...clientBody, max_tokens: 100 }, 'gpt-4o', { stream: false });
    expect(body.stream).toBe(false);
    expect(body).not.toHaveProperty('stream_options');
    expect(body.max_tokens).toBe(100);
  });
});
