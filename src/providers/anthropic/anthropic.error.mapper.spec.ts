import { fromAnthropicError, parseAnthropicErrorText } from './anthropic.error.mapper.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message } });
const classify = (status: number, text: string, headers = {}) =>
  fromAnthropicError(status, parseAnthropicErrorText(text), headers, 'claude');

describe('fromAnthropicError', () => {
  it('treats a 529 overloaded_error as an overload, keeping status 529', () => {
    expect(classify(529, body('overloaded_error', 'Overloaded'))).toMatchObject({
      kind: 'overloaded',
      status: 529,
      upstreamStatus: 529,
      message: 'The upstream provider "claude" is overloaded',
      detail: 'Overloaded',
    });
  });

  it('treats rate_limit_error as rate limited, with the wait from retry-after', () => {
    expect(classify(429, body('rate_limit_error', 'Too many requests'), { 'retry-after': '7' })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it('recognises a prompt that is too long', () => {
    const err = classify(400, body('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'));
    expect(err.kind).toBe('context_length');
  });

  it.each([
    [402, body('billing_error', 'There is an issue with your billing information')],
    [400, body('invalid_request_error', 'Your credit balance is too low to access the Anthropic API.')],
  ])('treats a %i billing refusal as the gateway’s, never echoing it', (status, text) => {
    const err = classify(status, text);
    expect(err).toMatchObject({ kind: 'upstream_billing', status: 503, upstreamStatus: status });
    expect(err.message).not.toMatch(/billing information|credit balance/);
  });

  it('never echoes what the upstream said about the credentials', () => {
    const err = classify(401, body('authentication_error', 'invalid x-api-key sk-ant-api03-secret'));
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('sk-ant');
  });

  it('does not echo a body that is not an Anthropic error', () => {
    const err = classify(502, '<html>upstream proxy secret page</html>');
    expect(err).toMatchObject({ kind: 'upstream_5xx', message: 'The upstream provider "claude" failed (502)' });
    expect(err.detail).toBe('Upstream answered 502');
  });
});
