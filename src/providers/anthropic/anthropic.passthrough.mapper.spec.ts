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
});
