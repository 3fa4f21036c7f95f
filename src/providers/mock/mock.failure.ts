import type { MockBehaviour } from '#src/config/gateway-config.types.js';
import { GatewayError } from '#src/core/gateway-error.js';

const WHAT: Record<MockBehaviour['failWith'], string> = {
  rate_limited: 'rate limited',
  overloaded: 'overloaded',
  timeout: 'timed out',
  upstream_5xx: 'a server error',
};

/** The failure the mock was configured to produce on call number `call`. */
export function mockFailure(behaviour: MockBehaviour, call: number, provider: string): GatewayError {
  const message = `Mock provider "${provider}" failed call ${call} on purpose (failEvery ${behaviour.failEvery}): ${WHAT[behaviour.failWith]}`;
  switch (behaviour.failWith) {
    case 'rate_limited':
      return new GatewayError('rate_limited', message, { provider, upstreamStatus: 429, retryAfterMs: 1000 });
    case 'overloaded':
      return new GatewayError('overloaded', message, { provider, status: 529, upstreamStatus: 529 });
    case 'timeout':
      return new GatewayError('timeout', message, { provider });
    case 'upstream_5xx':
      return new GatewayError('upstream_5xx', message, { provider, upstreamStatus: 500 });
  }
}
