import { isGatewayError } from '#src/core/gateway-error.js';
import { countTokens } from './count-tokens.js';

const claudeCodeBody = {
  model: 'claude-sonnet-4-5',
  system: [{ type: 'text', text: 'You are Claude Code, a CLI for coding.' }],
  tools: [
    {
      name: 'Bash',
      description: 'Run a shell command',
      input_schema: { type: 'object', properties: { command: { type: 'string' } } },
    },
  ],
  messages: [{ role: 'user', content: 'List the files in this repository.' }],
};

describe('countTokens', () => {
  it('estimates a count_tokens body without max_tokens', () => {
    const { input_tokens } = countTokens(claudeCodeBody);
    expect(input_tokens).toBeGreaterThan(20);
    expect(input_tokens).toBeLessThan(200);
  });

  it('grows with the conversation', () => {
    const longer = {
      ...claudeCodeBody,
      messages: [
        ...claudeCodeBody.messages,
        { role: 'assistant', content: 'x'.repeat(4000) },
        { role: 'user', content: 'ok' },
      ],
    };
    expect(countTokens(longer).input_tokens - countTokens(claudeCodeBody).input_tokens).toBeGreaterThanOrEqual(1000);
  });

  it('counts server tool blocks as nothing rather than failing', () => {
    const body = {
      ...claudeCodeBody,
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      messages: [
        { role: 'user', content: 'search' },
        { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }] },
      ],
    };
    expect(countTokens(body).input_tokens).toBeGreaterThan(0);
  });

  it('answers a malformed body with a 400 naming the field', () => {
    let caught: unknown;
    try {
      countTokens({ messages: [{ role: 'user', content: 7 }] });
    } catch (err) {
      caught = err;
    }
    expect(isGatewayError(caught) && [caught.status, caught.param]).toEqual([400, 'messages[0].content']);
  });
});
