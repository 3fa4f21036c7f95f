import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import { toAnthropicHeaders } from './anthropic.headers.js';

const config = (headers: Record<string, string> = {}): ProviderConfig => ({
  name: 'claude',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  apiKey: 'sk-ant-test',
  configured: true,
  headers,
});

describe('toAnthropicHeaders', () => {
  it('authenticates with x-api-key and defaults the API version', () => {
    expect(toAnthropicHeaders(config(), {})).toEqual({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
  });

  it("forwards the client's version and beta list verbatim", () => {
    const headers = toAnthropicHeaders(config(), {
      'anthropic-version': '2026-10-21',
      'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14',
    });
    expect(headers['anthropic-version']).toBe('2026-10-21');
    expect(headers['anthropic-beta']).toBe('claude-code-20250219,interleaved-thinking-2025-05-14');
  });

  it("joins the operator's betas with the client's, once each", () => {
    const headers = toAnthropicHeaders(config({ 'Anthropic-Beta': 'a,b', 'X-Team': 'red' }), {
      'anthropic-beta': 'b, c',
    });
    expect(headers['anthropic-beta']).toBe('a,b,c');
    expect(headers['x-team']).toBe('red');
  });
});
