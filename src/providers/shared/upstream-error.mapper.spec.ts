import { classifyStreamError, upstreamError } from './upstream-error.mapper.js';

describe('upstreamError, its message', () => {
  it.each([
    [
      '{"error":{"message":"Incorrect model","type":"invalid_request_error","code":"model_not_found"}}',
      'Incorrect model',
    ],
    ['{"error":"model \'llama9\' not found"}', "model 'llama9' not found"],
    ['{"message":"Bad gateway key"}', 'Bad gateway key'],
    ['upstream connect error', 'upstream connect error'],
  ])('reads %s', (body, message) => {
    expect(upstreamError(body).message).toBe(message);
  });

  it('never echoes an HTML error page', () => {
    expect(upstreamError('<html><body><h1>502 Bad Gateway</h1></body></html>').message).toBe('');
  });
});

describe('upstreamError, its codes', () => {
  it.each([
    [
      '{"error":{"message":"Quota","type":"insufficient_quota","code":"insufficient_quota"}}',
      ['insufficient_quota', 'insufficient_quota'],
    ],
    ['{"type":"error","error":{"type":"billing_error","message":"Pay"}}', ['billing_error']],
    ['{"error":"model \'llama9\' not found"}', []],
    ['<html>502</html>', []],
  ])('reads %s', (body, codes) => {
    expect(upstreamError(body).codes).toEqual(codes);
  });
});

describe('classifyStreamError', () => {
  it('reads a billing refusal inside a stream by its code', () => {
    const chunk = { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: null } };
    expect(classifyStreamError(chunk, 'openai')).toMatchObject({ kind: 'upstream_billing', provider: 'openai' });
  });

  it('reads an overflowing prompt by its code, whatever the words', () => {
    const error = { code: 'context_length_exceeded', message: 'Your input is over the limit.' };
    expect(classifyStreamError(error, 'openai')).toMatchObject({ kind: 'context_length', status: 400 });
  });

  it('keeps the wait a rate limit names in words, there being no headers', () => {
    const error = { code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 1.898s.' };
    expect(classifyStreamError(error, 'openai')).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1898 });
  });
});
