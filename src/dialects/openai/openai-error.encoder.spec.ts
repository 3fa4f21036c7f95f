import { GatewayError } from '#src/core/gateway-error.js';
import { encodeResponsesError } from '#src/dialects/responses/responses-error.encoder.js';
import { OpenAICodec } from './openai.codec.js';
import { toOpenAIModelList } from './openai-models.js';

const codec = new OpenAICodec();

describe('encoding errors in the OpenAI envelope', () => {
  it('names the field of an invalid request', () => {
    const reply = codec.encodeError(GatewayError.invalid('messages[2].role', 'bad role'), 'req_9');
    expect(reply).toEqual({
      status: 400,
      headers: { 'x-request-id': 'req_9' },
      body: {
        error: { message: 'bad role', type: 'invalid_request_error', param: 'messages[2].role', code: 'invalid_value' },
      },
    });
  });

  it('reports an unparsable body as invalid_json', () => {
    const err = new GatewayError('invalid_request', 'Malformed JSON', { cause: new SyntaxError('Unexpected token') });
    expect(codec.encodeError(err, 'r').body).toMatchObject({ error: { code: 'invalid_json', param: null } });
  });

  it.each([
    [new GatewayError('model_not_found', 'No model named x'), 404, 'invalid_request_error', 'model_not_found'],
    [new GatewayError('unauthorized', 'Missing key'), 401, 'authentication_error', 'invalid_api_key'],
    [new GatewayError('forbidden', 'Not this model', { param: 'model' }), 403, 'permission_error', 'model_not_allowed'],
    [
      new GatewayError('forbidden', 'No rules', { param: 'routing_rules' }),
      403,
      'permission_error',
      'permission_denied',
    ],
    [new GatewayError('quota_exceeded', 'Budget spent'), 429, 'insufficient_quota', 'insufficient_quota'],
    [new GatewayError('payload_too_large', 'Too big'), 413, 'invalid_request_error', 'payload_too_large'],
    [new GatewayError('context_length', 'Too long'), 400, 'invalid_request_error', 'context_length_exceeded'],
    [new GatewayError('overloaded', 'Busy'), 529, 'server_error', 'overloaded'],
    [new GatewayError('timeout', 'Slow'), 504, 'api_error', 'upstream_timeout'],
    [new GatewayError('internal', 'Oops'), 500, 'server_error', 'internal_error'],
    [new GatewayError('upstream_billing', 'Unpaid'), 503, 'api_error', 'upstream_billing_refused'],
  ])('renders %s with its status, type and code', (err, status, type, code) => {
    const reply = codec.encodeError(err, 'r');
    expect(reply.status).toBe(status);
    expect(reply.body).toMatchObject({ error: { type, code } });
  });

  it('tells a rate-limited client the exact wait, and the whole seconds for clients that read only those', () => {
    const reply = codec.encodeError(new GatewayError('rate_limited', 'Slow down', { retryAfterMs: 1500 }), 'r');
    expect(reply.status).toBe(429);
    expect(reply.headers).toMatchObject({ 'retry-after': '2', 'retry-after-ms': '1500' });
    expect(reply.headers['x-should-retry']).toBeUndefined();
    expect(reply.body).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
  });

  it('gives the Responses API, and the gateway’s own 503 waits, the exact wait too', () => {
    const limited = new GatewayError('rate_limited', 'Slow down', { retryAfterMs: 200 });
    expect(encodeResponsesError(limited, 'r').headers).toMatchObject({ 'retry-after': '1', 'retry-after-ms': '200' });
    const cooling = new GatewayError('unavailable', 'Cooling down', { retryAfterMs: 29_999.4 });
    expect(codec.encodeError(cooling, 'r').headers).toMatchObject({ 'retry-after': '30', 'retry-after-ms': '30000' });
  });

  it('sends no wait when none is known', () => {
    expect(Object.keys(codec.encodeError(new GatewayError('upstream_5xx', 'Failed'), 'r').headers)).toEqual([
      'x-request-id',
    ]);
  });

  it('tells the SDK not to retry an upstream’s billing refusal, without calling it the client’s quota', () => {
    const err = new GatewayError('upstream_billing', 'The upstream provider "openai" refused the gateway\'s account');
    const reply = codec.encodeError(err, 'r');
    expect(reply.headers['x-should-retry']).toBe('false');
    expect(JSON.stringify(reply.body)).not.toContain('insufficient_quota');
    expect(encodeResponsesError(err, 'r')).toMatchObject({ status: 503, headers: { 'x-should-retry': 'false' } });
  });
});

describe('listing models', () => {
  it('renders the OpenAI model list with the provider as owner', () => {
    expect(toOpenAIModelList([{ name: 'claude-sonnet', provider: 'claude' }], 1_730_000_000_000)).toEqual({
      object: 'list',
      data: [{ id: 'claude-sonnet', object: 'model', created: 1_730_000_000, owned_by: 'claude' }],
    });
  });
});
