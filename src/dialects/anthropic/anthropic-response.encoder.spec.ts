import type { ChatResponse } from '#src/core/chat.types.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import { encodeAnthropicResponse } from './anthropic-response.encoder.js';
import { buildMeta, buildRequest } from './anthropic.spec-fixtures.js';

function answer(overrides: Partial<ChatResponse>): ChatResponse {
  return { content: [], stopReason: 'end_turn', usage: { inputTokens: 10, outputTokens: 5 }, ...overrides };
}

describe('encodeAnthropicResponse', () => {
  it('answers a message with the gateway model name, its own msg_ id and zeroed cache counts', () => {
    const message = encodeAnthropicResponse(
      answer({ id: 'chatcmpl-abc', model: 'gpt-4o', content: [{ type: 'text', text: 'Hello' }] }),
      buildRequest(),
      buildMeta({ model: 'fast' }),
    );
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_\w+$/),
      type: 'message',
      role: 'assistant',
      model: 'fast',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  it('keeps an upstream msg_ id', () => {
    expect(encodeAnthropicResponse(answer({ id: 'msg_01abc' }), buildRequest(), buildMeta()).id).toBe('msg_01abc');
  });

  it('keeps every block in the order it came, with signatures and redacted data, as a stream does', () => {
    const message = encodeAnthropicResponse(
      answer({
        stopReason: 'tool_use',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'thinking', text: 'Need weather', signature: 'sig-1' },
          { type: 'thinking', text: '', redactedData: 'opaque' },
          { type: 'tool_call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        ],
      }),
      buildRequest(),
      buildMeta(),
    );
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'thinking', thinking: 'Need weather', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Oslo' } },
    ]);
  });

  it('sanitises foreign tool ids, generates missing ones and guards unparsable arguments', () => {
    const message = encodeAnthropicResponse(
      answer({
        content: [
          { type: 'tool_call', id: 'functions.Bash:0', name: 'Bash', arguments: '' },
          { type: 'tool_call', id: '', name: 'Read', arguments: '{"path":' },
        ],
      }),
      buildRequest(),
      buildMeta(),
    );
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'functions_Bash_0', name: 'Bash', input: {} },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_[a-zA-Z0-9_-]+$/), name: 'Read', input: {} },
    ]);
  });

  it('says tool_use when tools were called even if the upstream said a plain stop', () => {
    const message = encodeAnthropicResponse(
      answer({ content: [{ type: 'tool_call', id: 'call_1', name: 'f', arguments: '{}' }] }),
      buildRequest(),
      buildMeta(),
    );
    expect(message.stop_reason).toBe('tool_use');
  });

  it('keeps max_tokens on a truncated tool call, so the client knows it was cut', () => {
    const message = encodeAnthropicResponse(
      answer({ stopReason: 'max_tokens', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{"a' }] }),
      buildRequest(),
      buildMeta(),
    );
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('reports the matched stop sequence and the context-window stop in Anthropic terms', () => {
    const stopped = encodeAnthropicResponse(
      answer({ stopReason: 'stop_sequence', stopSequence: 'END' }),
      buildRequest(),
      buildMeta(),
    );
    expect([stopped.stop_reason, stopped.stop_sequence]).toEqual(['stop_sequence', 'END']);
    const full = encodeAnthropicResponse(answer({ stopReason: 'context_window' }), buildRequest(), buildMeta());
    expect(full.stop_reason).toBe('model_context_window_exceeded');
  });

  it('estimates input_tokens when the upstream did not count them, as a stream does, never reporting 0', () => {
    const request = buildRequest('Summarise the design document in three bullet points, please.');
    const message = encodeAnthropicResponse(
      answer({ usage: { inputTokens: 0, outputTokens: 7 } }),
      request,
      buildMeta(),
    );
    expect(message.usage.input_tokens).toBe(estimateTokens(request));
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBe(7);
  });

  it('counts cached prompt tokens apart from input_tokens', () => {
    const message = encodeAnthropicResponse(
      answer({ usage: { inputTokens: 1000, outputTokens: 7, cacheReadTokens: 900, cacheWriteTokens: 60 } }),
      buildRequest(),
      buildMeta(),
    );
    expect(message.usage).toEqual({
      input_tokens: 40,
      output_tokens: 7,
      cache_creation_input_tokens: 60,
      cache_read_input_tokens: 900,
    });
  });
});
