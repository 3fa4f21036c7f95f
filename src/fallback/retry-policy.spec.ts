import { GatewayError, type ErrorKind } from '#src/core/gateway-error.js';
import {
  alarmsProvider,
  countsAgainstBreaker,
  decide,
  lastsUntilOperatorActs,
  opensBreakerAtOnce,
  type RetryDecision,
} from './retry-policy.js';

/** Every kind, so that adding one to ErrorKind fails to compile until it is decided here. */
const TABLE: Record<ErrorKind, [RetryDecision, boolean]> = {
  connection: ['retry', true],
  timeout: ['retry', true],
  rate_limited: ['retry', true],
  upstream_5xx: ['retry', true],
  overloaded: ['retry', true],
  invalid_upstream_response: ['retry', true],
  unavailable: ['retry', false],
  auth: ['failover', true],
  upstream_billing: ['failover', true],
  bad_request: ['stop', false],
  context_length: ['larger_window', false],
  content_policy: ['stop', false],
  not_found: ['failover', true],
  invalid_request: ['stop', false],
  route_not_found: ['stop', false],
  method_not_allowed: ['stop', false],
  model_not_found: ['stop', false],
  payload_too_large: ['stop', false],
  unsupported_media_type: ['stop', false],
  unauthorized: ['stop', false],
  forbidden: ['stop', false],
  quota_exceeded: ['stop', false],
  client_gone: ['stop', false],
  internal: ['stop', false],
};

describe('retry policy', () => {
  it.each(Object.entries(TABLE) as Array<[ErrorKind, [RetryDecision, boolean]]>)(
    '%s → %j (decision, counts against the breaker)',
    (kind, [decision, counts]) => {
      const err = new GatewayError(kind, 'x');
      expect(decide(err)).toBe(decision);
      expect(countsAgainstBreaker(err)).toBe(counts);
    },
  );

  it.each([
    [408, 'timeout'],
    [409, 'upstream_5xx'],
    [429, 'rate_limited'],
    [500, 'upstream_5xx'],
    [503, 'overloaded'],
    [529, 'overloaded'],
  ] as Array<[number, ErrorKind]>)('retries elsewhere after an upstream %i', (status, kind) => {
    expect(decide(new GatewayError(kind, 'x', { upstreamStatus: status }))).toBe('retry');
  });

  it.each([301, 302, 401, 403])('fails over, and opens the breaker at once, after an upstream %i', (status) => {
    const err = new GatewayError('auth', 'x', { upstreamStatus: status });
    expect(decide(err)).toBe('failover');
    expect(opensBreakerAtOnce(err)).toBe(true);
  });

  it('fails over at once from an upstream refusing the gateway for billing, and benches it longest', () => {
    const err = new GatewayError('upstream_billing', 'x', { upstreamStatus: 429 });
    expect(decide(err)).toBe('failover');
    expect(opensBreakerAtOnce(err)).toBe(true);
    expect(lastsUntilOperatorActs(err)).toBe(true);
    expect(lastsUntilOperatorActs(new GatewayError('auth', 'x', { upstreamStatus: 401 }))).toBe(false);
  });

  it('fails over from an upstream 404 and opens the breaker at once, with no alarm for the whole provider', () => {
    const err = new GatewayError('not_found', 'x', { upstreamStatus: 404 });
    expect(decide(err)).toBe('failover');
    expect(opensBreakerAtOnce(err)).toBe(true);
    expect(lastsUntilOperatorActs(err)).toBe(false);
    expect(alarmsProvider(err)).toBe(false);
    expect(alarmsProvider(new GatewayError('auth', 'x', { upstreamStatus: 401 }))).toBe(true);
  });

  it('opens the breaker at once for nothing a retry may cure', () => {
    for (const kind of ['connection', 'upstream_5xx', 'rate_limited', 'bad_request'] as ErrorKind[]) {
      expect(opensBreakerAtOnce(new GatewayError(kind, 'x'))).toBe(false);
    }
  });

  it('stops, and blames no deployment, when the client went away', () => {
    const aborted = new GatewayError('client_gone', 'The client went away');
    expect(aborted.status).toBe(499);
    expect(decide(aborted)).toBe('stop');
    expect(countsAgainstBreaker(aborted)).toBe(false);
  });
});
