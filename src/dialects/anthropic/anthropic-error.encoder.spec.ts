import { GatewayError, type ErrorKind, type GatewayErrorOptions } from '#src/core/gateway-error.js';
import { encodeAnthropicError } from './anthropic-error.encoder.js';

function reply(kind: ErrorKind, message = 'Something failed', options: GatewayErrorOptions = {}) {
  return encodeAnthropicError(new GatewayError(kind, message, options), 'req_abc');
}

describe('encodeAnthropicError', () => {
  it('answers in the Anthropic envelope, naming the field at fault', () => {
    const out = reply('invalid_request', 'Field required', { param: 'max_tokens' });
    expect(out).toEqual({
      status: 400,
      headers: { 'request-id': 'req_abc', 'x-should-retry': 'false' },
      body: {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
        request_id: 'req_abc',
      },
    });
  });

  it('words an OpenAI-compatible upstream’s context overflow as Anthropic does, so Claude Code compacts', () => {
    const upstream = "This model's maximum context length is 8192 tokens. However, you requested 9001 tokens.";
    const out = reply('context_length', upstream, { upstreamStatus: 400 });
    expect(out.status).toBe(400);
    expect(out.body).toMatchObject({
      error: { type: 'invalid_request_error', message: `prompt is too long: 9001 tokens > 8192 maximum (${upstream})` },
    });
  });

  it('names nested fields the way Anthropic does', () => {
    const out = reply('invalid_request', 'Input should be a valid string', { param: 'messages[0].content[2].text' });
    expect(out.body).toMatchObject({ error: { message: 'messages.0.content.2.text: Input should be a valid string' } });
  });

  it.each<[ErrorKind, GatewayErrorOptions, number, string]>([
    ['unsupported_media_type', {}, 415, 'invalid_request_error'],
    ['bad_request', { status: 422 }, 422, 'invalid_request_error'],
    ['unauthorized', {}, 401, 'authentication_error'],
    ['forbidden', {}, 403, 'permission_error'],
    ['quota_exceeded', {}, 400, 'invalid_request_error'],
    ['bad_request', { status: 403 }, 403, 'permission_error'],
    ['model_not_found', {}, 404, 'not_found_error'],
    ['payload_too_large', {}, 413, 'request_too_large'],
    ['rate_limited', {}, 429, 'rate_limit_error'],
    ['internal', {}, 500, 'api_error'],
    ['upstream_5xx', {}, 502, 'api_error'],
    ['auth', {}, 502, 'api_error'],
    ['unavailable', {}, 503, 'overloaded_error'],
    ['overloaded', {}, 529, 'overloaded_error'],
    ['timeout', {}, 504, 'timeout_error'],
    ['upstream_5xx', { status: 504 }, 504, 'api_error'],
    ['upstream_billing', {}, 503, 'api_error'],
  ])('renders %s (%j) as %i %s', (kind, options, status, type) => {
    const out = reply(kind, 'x', options);
    expect(out.status).toBe(status);
    expect(out.body).toMatchObject({ type: 'error', error: { type } });
  });

  it('tells clients the exact wait, and the whole seconds for clients that read only those', () => {
    expect(reply('rate_limited', 'Slow down', { retryAfterMs: 1200 }).headers).toMatchObject({
      'retry-after': '2',
      'retry-after-ms': '1200',
    });
    expect(reply('overloaded', 'Busy', { retryAfterMs: 200 }).headers).toMatchObject({
      'retry-after': '1',
      'retry-after-ms': '200',
    });
    expect(reply('upstream_5xx').headers['retry-after-ms']).toBeUndefined();
  });

  it('tells the SDK not to retry an upstream’s billing refusal', () => {
    expect(reply('upstream_billing').headers['x-should-retry']).toBe('false');
  });

  it('marks permanent failures as not worth retrying, and only those', () => {
    expect(reply('model_not_found').headers['x-should-retry']).toBe('false');
    expect(reply('rate_limited').headers['x-should-retry']).toBeUndefined();
    expect(reply('overloaded').headers['x-should-retry']).toBeUndefined();
    expect(reply('bad_request', 'conflict', { status: 409 }).headers['x-should-retry']).toBeUndefined();
  });
});
