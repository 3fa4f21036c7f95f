import { toAnthropicPassthroughBody } from './anthropic.passthrough.mapper.js';

const CLIENT_BODY = {
  model: 'claude-3-opus',
  max_tokens: 32000,
  stream: false,
  system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
  ],
  tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
  metadata: { user_id: 'user_abc_session_123' },
  context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
};

describe('toAnthropicPassthroughBody', () => {
  it('keeps every field the client sent, replacing only model and stream', () => {
    const body = toAnthropicPassthroughBody(CLIENT_BODY, true, { model: 'claude-opus-4-1' });
    expect(body).toEqual({ ...CLIENT_BODY, model: 'claude-opus-4-1', stream: true });
  });

  it('does not modify the client body it copies', () => {
    const original = structuredClone(CLIENT_BODY);
    toAnthropicPassthroughBody(CLIENT_BODY, true, { model: 'x', maxOutputTokens: 10 });
    expect(CLIENT_BODY).toEqual(original);
  });

  it('clamps max_tokens to the upstream ceiling, and a thinking budget under it', () => {
    const body = toAnthropicPassthroughBody(
      { ...CLIENT_BODY, thinking: { type: 'enabled', budget_tokens: 20000 } },
      true,
      { model: 'claude-haiku', maxOutputTokens: 8192 },
    );
    expect(body.max_tokens).toBe(8192);
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8191 });
  });

  it('leaves thinking off when the ceiling leaves less than the smallest budget the API accepts', () => {
    const body = toAnthropicPassthroughBody(
      { ...CLIENT_BODY, thinking: { type: 'enabled', budget_tokens: 2048 } },
      true,
      { model: 'claude-haiku', maxOutputTokens: 1024 },
    );
    expect(body.max_tokens).toBe(1024);
    expect(body).not.toHaveProperty('thinking');
  });

  it('leaves out thinking Claude did not sign, and a turn that held nothing else', () => {
    const signed = { type: 'thinking', thinking: 'Claude thought', signature: 'EqQBCgIYAhIM' };
    const messages = [
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'a local model thought', signature: '' }] },
      { role: 'user', content: 'Q2' },
      {
        role: 'assistant',
        content: [{ type: 'thinking', thinking: 'no signature at all' }, signed, { type: 'text', text: 'A2' }],
      },
      { role: 'user', content: 'Q3' },
    ];
    const body = toAnthropicPassthroughBody({ ...CLIENT_BODY, messages }, true, { model: 'claude-opus-4-1' });
    expect(body.messages).toEqual([
      { role: 'user', content: 'Q1' },
      { role: 'user', content: 'Q2' },
      { role: 'assistant', content: [signed, { type: 'text', text: 'A2' }] },
      { role: 'user', content: 'Q3' },
    ]);
  });

  it('turns thinking off, with the edits that clear it, when a tool call’s turn is left without thinking', () => {
    const toolCall = { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } };
    const messages = (thinking: object) => [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [thinking, toolCall] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
    ];
    const client = {
      ...CLIENT_BODY,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      context_management: {
        edits: [{ type: 'clear_thinking_20251015', keep: 'all' }, { type: 'clear_tool_uses_20250919' }],
      },
    };

    // The tool call came from another vendor: its thinking is unsigned and is taken out.
    const moved = toAnthropicPassthroughBody(
      { ...client, messages: messages({ type: 'thinking', thinking: 'elsewhere', signature: '' }) },
      true,
      { model: 'claude-sonnet-4-5' },
    );
    expect(moved.thinking).toBeUndefined();
    expect(moved.context_management).toEqual({ edits: [{ type: 'clear_tool_uses_20250919' }] });
    // Adaptive thinking may skip a step's thinking: it is left as the client asked.
    const adaptive = toAnthropicPassthroughBody(
      {
        ...client,
        thinking: { type: 'adaptive' },
        messages: messages({ type: 'thinking', thinking: 'elsewhere', signature: '' }),
      },
      true,
      { model: 'claude-sonnet-4-5' },
    );
    expect(adaptive.thinking).toEqual({ type: 'adaptive' });
    expect((moved.messages as { content: unknown }[])[1].content).toEqual([toolCall]);

    // Signed by Claude: nothing is taken out, and thinking stays as the client asked.
    const signed = toAnthropicPassthroughBody(
      { ...client, messages: messages({ type: 'thinking', thinking: 'mine', signature: 'sig' }) },
      true,
      { model: 'claude-sonnet-4-5' },
    );
    expect(signed.thinking).toEqual(client.thinking);
    expect(signed.context_management).toEqual(client.context_management);
  });

  it('hands on the client’s own messages when all its thinking is signed', () => {
    const messages = [
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }] },
    ];
    expect(toAnthropicPassthroughBody({ ...CLIENT_BODY, messages }, true, { model: 'x' }).messages).toBe(messages);
  });
});
