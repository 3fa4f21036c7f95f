import type { ChatRequest } from '#src/core/chat.types.js';
import { toOpenAIBody } from './openai-body.mapper.js';

function openAIClientRequest(body: Record<string, unknown>, stream: boolean): ChatRequest {
  return {
    model: 'fast',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream,
    source: { shape: 'openai', body, forwardHeaders: {} },
  };
}

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

  it('keeps every field the client sent, replacing only the model, stream flags and token ceiling', () => {
    const { body } = toOpenAIBody(openAIClientRequest(clientBody, true), 'gpt-4o-2024-11-20', {
      maxOutputTokens: 16384,
      relay: true,
    });
    expect(body).toEqual({
      ...clientBody,
      model: 'gpt-4o-2024-11-20',
      stream_options: { include_obfuscation: false, include_usage: true },
      max_completion_tokens: 16384,
    });
  });

  it('does not modify the client body it was given', () => {
    toOpenAIBody(openAIClientRequest(clientBody, true), 'gpt-4o', { maxOutputTokens: 10, relay: true });
    expect(clientBody.model).toBe('fast');
    expect(clientBody.stream_options).toEqual({ include_obfuscation: false });
  });

  it('sends stream:false without stream_options when the gateway calls without streaming', () => {
    const { body } = toOpenAIBody(openAIClientRequest({ ...clientBody, max_tokens: 100 }, false), 'gpt-4o', {
      relay: true,
    });
    expect(body.stream).toBe(false);
    expect(body).not.toHaveProperty('stream_options');
    expect(body.max_tokens).toBe(100);
  });

  it('is not used for a translated request, which is encoded from the canonical form', () => {
    const request = {
      ...openAIClientRequest(clientBody, true),
      source: { shape: 'anthropic' as const, body: clientBody, forwardHeaders: {} },
    };
    expect(toOpenAIBody(request, 'gpt-4o', { relay: false }).body).not.toHaveProperty('logit_bias');
  });
});
