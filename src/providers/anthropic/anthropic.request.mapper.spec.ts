import type { ChatMessage, ChatRequest } from '#src/core/chat.types.js';
import { toAnthropicRequest } from './anthropic.request.mapper.js';

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: true,
    ...overrides,
  };
}

const encode = (overrides: Partial<ChatRequest> = {}, maxOutputTokens?: number) =>
  toAnthropicRequest(request(overrides), { model: 'claude-sonnet-4-5', maxOutputTokens });

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

describe('toAnthropicRequest', () => {
  it('sends the upstream model, the stream flag and a default max_tokens', () => {
    expect(encode()).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      stream: true,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('clamps max_tokens to the upstream ceiling', () => {
    expect(encode({ maxTokens: 64000 }, 8192).max_tokens).toBe(8192);
    expect(encode({ maxTokens: 100 }, 8192).max_tokens).toBe(100);
  });

  it('clamps temperature into 0..1 and keeps top_k', () => {
    expect(encode({ temperature: 1.7, topK: 40 })).toMatchObject({ temperature: 1, top_k: 40 });
    expect(encode({ temperature: -1 }).temperature).toBe(0);
  });

  it('sends top_p alone, but only the temperature when both are asked for, as current models refuse the pair', () => {
    expect(encode({ topP: 0.9 }).top_p).toBe(0.9);
    const both = encode({ temperature: 0.7, topP: 0.9 });
    expect(both.temperature).toBe(0.7);
    expect(both).not.toHaveProperty('top_p');
  });

  it('puts system text in system blocks, keeping cache control', () => {
    const body = encode({
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Long context', cacheControl: { type: 'ephemeral', ttl: '1h' } },
      ],
    });
    expect(body.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Long context', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
  });

  it('moves a mid-conversation system message into the system prompt, after the leading one', () => {
    const body = encode({
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Fix it' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
        { role: 'system', content: [{ type: 'text', text: 'Plan mode is on.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Next' }] },
      ],
    });
    expect(body.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Plan mode is on.' },
    ]);
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('merges consecutive same-role messages into one turn, tool results first', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_call', id: 'functions.get_weather:0', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_call', id: 'call_2', name: 'get_weather', arguments: '' }] },
      { role: 'user', content: [{ type: 'text', text: 'Also, be quick.' }] },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'functions.get_weather:0', content: '12°C' }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolCallId: 'call_2', content: [{ type: 'text', text: 'boom' }], isError: true },
        ],
      },
    ];
    expect(encode({ messages }).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'functions_get_weather_0', name: 'get_weather', input: { city: 'Oslo' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'functions_get_weather_0', content: '12°C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: 'boom' }], is_error: true },
          { type: 'text', text: 'Also, be quick.' },
        ],
      },
    ]);
  });

  it('encodes base64 and url images and documents', () => {
    const messages: ChatMessage[] = [
      {
        role: 'user',
        content: [
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
          {
            type: 'document',
            source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
            title: 'Spec',
          },
        ],
      },
    ];
    expect(encode({ messages }).messages[0].content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'Spec' },
    ]);
  });

  it('replays signed and redacted thinking, and drops unsigned thinking it cannot replay', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 'hmm', signature: 'sig' },
          { type: 'thinking', text: '', redactedData: 'b64' },
          { type: 'thinking', text: 'from another vendor' },
          { type: 'text', text: 'A' },
        ],
      },
    ];
    expect(encode({ messages }).messages[1].content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: 'sig' },
      { type: 'redacted_thinking', data: 'b64' },
      { type: 'text', text: 'A' },
    ]);
  });

  it('encodes tools and tool choice, with parallel calls turned off', () => {
    const body = encode({
      tools: [{ ...WEATHER_TOOL, cacheControl: { type: 'ephemeral' } }],
      toolChoice: { type: 'tool', name: 'get_weather' },
      parallelToolCalls: false,
    });
    expect(body.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: WEATHER_TOOL.parameters,
        cache_control: { type: 'ephemeral' },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
  });

  it('gives a tool without a schema an empty object schema', () => {
    expect(encode({ tools: [{ name: 'ping', parameters: {} }] }).tools?.[0].input_schema).toEqual({
      type: 'object',
      properties: {},
    });
  });

  it('maps each tool choice kind', () => {
    const choice = (toolChoice: ChatRequest['toolChoice']) => encode({ tools: [WEATHER_TOOL], toolChoice }).tool_choice;
    expect(choice({ type: 'auto' })).toEqual({ type: 'auto' });
    expect(choice({ type: 'any', disableParallel: true })).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(choice({ type: 'none' })).toEqual({ type: 'none' });
    expect(choice(undefined)).toBeUndefined();
    expect(encode({ tools: [WEATHER_TOOL], parallelToolCalls: false }).tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
  });

  it('drops whitespace-only stop sequences', () => {
    expect(encode({ stop: ['\n', 'END', ' '] }).stop_sequences).toEqual(['END']);
    expect(encode({ stop: ['\n'] }).stop_sequences).toBeUndefined();
  });

  it('sends an opaque user id but never an e-mail address', () => {
    expect(encode({ user: 'user-7f3a' }).metadata).toEqual({ user_id: 'user-7f3a' });
    expect(encode({ user: 'ada@example.com' }).metadata).toBeUndefined();
  });

  it('turns reasoning effort into a thinking budget and makes room for it in max_tokens', () => {
    const body = encode({ reasoning: { effort: 'high' }, maxTokens: 2000, temperature: 0.3 });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(body.max_tokens).toBeGreaterThan(16384);
    expect(body.temperature).toBeUndefined();
  });

  describe('thinking in a tool loop', () => {
    const call = { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' } as const;
    const result: ChatMessage = {
      role: 'user',
      content: [{ type: 'tool_result', toolCallId: 'toolu_1', content: 'sunny' }],
    };
    const ask: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] };
    const encodeAfter = (assistant: ChatMessage, ...after: ChatMessage[]) =>
      encode({ reasoning: { effort: 'high' }, tools: [WEATHER_TOOL], messages: [ask, assistant, ...after] });

    it('leaves thinking off to answer a tool call whose turn did not open with thinking', () => {
      // The call came from another vendor's model (or its unsigned thinking was dropped).
      const body = encodeAfter({ role: 'assistant', content: [{ type: 'thinking', text: 'unsigned' }, call] }, result);
      expect(body.thinking).toBeUndefined();
      expect(body.messages[1].content).toEqual([
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
      ]);
    });

    it('keeps thinking on when the tool call’s turn opens with signed thinking', () => {
      const signed = { type: 'thinking', text: 'hmm', signature: 'sig' } as const;
      const body = encodeAfter({ role: 'assistant', content: [signed, call] }, result);
      expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    });

    it('keeps thinking on at a later step of a tool loop whose turn opened with thinking', () => {
      const signed = { type: 'thinking', text: 'hmm', signature: 'sig' } as const;
      const second = { ...call, id: 'toolu_2' };
      const secondResult: ChatMessage = {
        role: 'user',
        content: [{ type: 'tool_result', toolCallId: 'toolu_2', content: 'windy' }],
      };
      // Claude thinks at the start of its turn; the loop's later steps carry no thinking of their own.
      const body = encodeAfter(
        { role: 'assistant', content: [signed, call] },
        result,
        { role: 'assistant', content: [second] },
        secondResult,
      );
      expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    });

    it('turns thinking back on once the tool loop is over and the user asks again', () => {
      const done: ChatMessage = { role: 'assistant', content: [{ type: 'text', text: 'Sunny.' }] };
      const body = encodeAfter({ role: 'assistant', content: [call] }, result, done, ask);
      expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    });
  });

  it('shrinks the thinking budget under a clamped max_tokens', () => {
    const body = encode({ reasoning: { budgetTokens: 10000 } }, 8192);
    expect(body.max_tokens).toBe(8192);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8191 });
  });

  it('asks for structured output with a JSON schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const body = encode({ responseFormat: { type: 'json_schema', name: 'reply', schema } });
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
  });
});
