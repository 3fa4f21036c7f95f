import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import { decodeAnthropicRequest } from './anthropic-request.decoder.js';
import { anthropicCodec } from './anthropic.codec.js';

const minimal = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] };

function decode(raw: string) {
  return decodeAnthropicRequest(JSON.parse(raw));
}

function rejection(body: unknown, options = {}): GatewayError {
  try {
    decodeAnthropicRequest(body, options);
  } catch (err) {
    if (isGatewayError(err)) return err;
    throw err;
  }
  throw new Error('the body was accepted');
}

describe('decodeAnthropicRequest', () => {
  it('decodes a minimal body and keeps the original for same-format upstreams', () => {
    const raw =
      '{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hi"}],"service_tier":"auto"}';
    const headers = { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'a-1,b-2', 'x-api-key': 'k' };
    expect(anthropicCodec.decode(JSON.parse(raw), headers)).toEqual({
      request: {
        model: 'claude-sonnet-4-5',
        maxTokens: 64,
        stream: false,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      },
      inbound: {
        shape: 'anthropic',
        body: JSON.parse(raw),
        forwardHeaders: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'a-1,b-2' },
      },
    });
  });

  it('decodes sampling, stop sequences, metadata, thinking and streaming', () => {
    const request = decode(
      JSON.stringify({
        ...minimal,
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        metadata: { user_id: 'u-42' },
        thinking: { type: 'enabled', budget_tokens: 2048 },
        stream: true,
      }),
    );
    expect(request).toMatchObject({
      system: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral', ttl: '1h' } }],
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ['END'],
      user: 'u-42',
      reasoning: { enabled: true, budgetTokens: 2048 },
      stream: true,
    });
  });

  it('reads disabled and adaptive thinking', () => {
    expect(decodeAnthropicRequest({ ...minimal, thinking: { type: 'disabled' } }).reasoning).toEqual({
      enabled: false,
    });
    expect(decodeAnthropicRequest({ ...minimal, thinking: { type: 'adaptive' } }).reasoning).toEqual({
      enabled: true,
    });
  });

  it('decodes custom tools, skips server tools, and reads tool_choice', () => {
    const request = decode(
      JSON.stringify({
        ...minimal,
        tools: [
          { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } },
          { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
          { type: 'bash_20250124', name: 'bash' },
        ],
        tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      }),
    );
    expect(request.tools).toEqual([
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', name: 'get_weather', disableParallel: true });
    expect(request.parallelToolCalls).toBe(false);
  });

  it('lets count_tokens bodies omit max_tokens', () => {
    const { max_tokens: _omitted, ...body } = minimal;
    expect(decodeAnthropicRequest(body, { requireMaxTokens: false }).maxTokens).toBeUndefined();
    expect(rejection(body).param).toBe('max_tokens');
  });

  it.each([
    ['a body that is not an object', [], 'body'],
    ['a missing max_tokens', { model: 'm', messages: minimal.messages }, 'max_tokens'],
    ['a negative max_tokens', { ...minimal, max_tokens: -1 }, 'max_tokens'],
    ['a fractional max_tokens', { ...minimal, max_tokens: 1.5 }, 'max_tokens'],
    ['missing messages', { model: 'm', max_tokens: 1 }, 'messages'],
    ['empty messages', { ...minimal, messages: [] }, 'messages'],
    ['a role that is not a string', { ...minimal, messages: [{ role: 1, content: 'x' }] }, 'messages[0].role'],
    ['a message without content', { ...minimal, messages: [{ role: 'user' }] }, 'messages[0].content'],
    ['a system block that is not text', { ...minimal, system: [{ type: 'image' }] }, 'system[0].type'],
    ['a system text that is not a string', { ...minimal, system: [{ type: 'text', text: 3 }] }, 'system[0].text'],
    ['a tool without input_schema', { ...minimal, tools: [{ name: 'f' }] }, 'tools[0].input_schema'],
    ['a tool schema that is a list', { ...minimal, tools: [{ name: 'f', input_schema: [] }] }, 'tools[0].input_schema'],
    ['an unknown tool_choice', { ...minimal, tool_choice: { type: 'required' } }, 'tool_choice.type'],
    ['a named tool_choice without a name', { ...minimal, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
    ['a temperature above 1', { ...minimal, temperature: 1.5 }, 'temperature'],
    ['a stop sequence that is not a string', { ...minimal, stop_sequences: ['a', 1] }, 'stop_sequences[1]'],
    ['enabled thinking without a budget', { ...minimal, thinking: { type: 'enabled' } }, 'thinking.budget_tokens'],
    ['a thinking type that is not a string', { ...minimal, thinking: { type: 1 } }, 'thinking.type'],
    ['a non-string user id', { ...minimal, metadata: { user_id: 7 } }, 'metadata.user_id'],
  ])('rejects %s, naming the field', (_what, body, param) => {
    const err = rejection(body);
    expect(err.kind).toBe('invalid_request');
    expect(err.status).toBe(400);
    expect(err.param).toBe(param);
  });

  describe('what a newer client sends', () => {
    const claudeCodeTurn = {
      ...minimal,
      messages: [
        { role: 'user', content: 'Fix the bug' },
        { role: 'assistant', content: 'Looking.' },
        { role: 'system', content: [{ type: 'text', text: 'The user switched to plan mode.' }] },
        { role: 'user', content: 'Go on' },
      ],
      thinking: { type: 'adaptive' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'high' },
      metadata: { user_id: 'user_abc_session_1' },
    };

    it('keeps a system message between turns at its place', () => {
      const request = decodeAnthropicRequest(claudeCodeTurn);
      expect(request.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'system', 'user']);
      expect(request.messages[2].content).toEqual([{ type: 'text', text: 'The user switched to plan mode.' }]);
      expect(request.reasoning).toEqual({ enabled: true, effort: 'high' });
      expect(request.warnings).toBeUndefined();
    });

    it('leaves out roles, block types, thinking types and efforts it does not know, saying so', () => {
      const request = decodeAnthropicRequest({
        ...minimal,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'hologram', data: 'x' },
            ],
          },
          { role: 'narrator', content: 'b' },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'chart' }] }] },
        ],
        thinking: { type: 'telepathic' },
        output_config: { effort: 'xhigh' },
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      });
      expect(request.messages.map((m) => m.role)).toEqual(['user', 'user']);
      expect(request.messages[0].content).toEqual([{ type: 'text', text: 'a' }]);
      expect(request.warnings).toEqual([
        "messages[0].content[1]: block type 'hologram' dropped",
        "messages[1]: message with role 'narrator' dropped",
        "messages[2].content[0].content[0]: block type 'chart' dropped",
        "tools[0]: server tool 'web_search_20250305' dropped",
        "thinking: thinking type 'telepathic' dropped",
        "output_config.effort: effort 'xhigh' dropped",
      ]);
    });

    it('keeps what it knows of a cache marker newer than it', () => {
      const request = decodeAnthropicRequest({
        ...minimal,
        system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '2h' } }],
      });
      expect(request.system).toEqual([{ type: 'text', text: 'x', cacheControl: { type: 'ephemeral' } }]);
    });
  });
});
