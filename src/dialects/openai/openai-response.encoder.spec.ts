import type { ChatResponse } from '#src/core/chat.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { OpenAICodec } from './openai.codec.js';

const codec = new OpenAICodec({ now: () => 1_730_000_000_999, monotonic: () => 0 });
const { request } = codec.decode({ messages: [{ role: 'user', content: 'hi' }] }, {});
const meta: ResponseMeta = {
  model: 'claude-sonnet',
  provider: 'claude',
  requestId: 'req_1',
  route: { reason: 'default' },
  attempts: [],
};

function answer(overrides: Partial<ChatResponse>): ChatResponse {
  return {
    id: 'msg_01',
    content: [{ type: 'text', text: 'Hello' }],
    stopReason: 'end_turn',
    usage: { inputTokens: 20, outputTokens: 5 },
    ...overrides,
  };
}

describe('encoding a whole answer as a chat completion', () => {
  it('renders text, the gateway model name, created seconds and full usage', () => {
    const body = codec.encodeResponse(
      answer({ usage: { inputTokens: 20, outputTokens: 5, cacheReadTokens: 8, reasoningTokens: 2 } }),
      request,
      meta,
    );
    expect(body).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: 1_730_000_000,
      model: 'claude-sonnet',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 20,
        completion_tokens: 5,
        total_tokens: 25,
        prompt_tokens_details: { cached_tokens: 8 },
        completion_tokens_details: { reasoning_tokens: 2 },
      },
    });
  });

  it('keeps an upstream id that is already OpenAI-style', () => {
    expect(codec.encodeResponse(answer({ id: 'chatcmpl-abc' }), request, meta)).toMatchObject({ id: 'chatcmpl-abc' });
  });

  it('answers null content and tool_calls for a tool-only turn', () => {
    const body = codec.encodeResponse(
      answer({
        content: [{ type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
        stopReason: 'tool_use',
      }),
      request,
      meta,
    );
    expect(body).toMatchObject({
      choices: [
        {
          message: {
            content: null,
            tool_calls: [
              { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
  });

  it('puts thinking text in reasoning_content, apart from the answer text', () => {
    const body = codec.encodeResponse(
      answer({
        content: [
          { type: 'thinking', text: 'Greeting.', signature: 's' },
          { type: 'text', text: 'Hi!' },
        ],
      }),
      request,
      meta,
    );
    expect(body).toMatchObject({ choices: [{ message: { content: 'Hi!', reasoning_content: 'Greeting.' } }] });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['context_window', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
  ] as const)('maps stop reason %s to finish_reason %s', (stopReason, finish) => {
    expect(codec.encodeResponse(answer({ stopReason }), request, meta)).toMatchObject({
      choices: [{ finish_reason: finish }],
    });
  });
});
