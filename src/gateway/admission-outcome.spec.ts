import type { ExchangeRecord } from '#src/core/exchange-record.js';
import { GatewayError, type ErrorKind } from '#src/core/gateway-error.js';
import type { AttemptRecord } from '#src/core/route.types.js';
import { ClientAbort } from '#src/fallback/client-abort.js';
import { outcomeOf } from './admission-outcome.js';

const attempt = (errorKind?: ErrorKind): AttemptRecord => ({
  model: 'claude',
  provider: 'anthropic',
  outcome: errorKind === undefined ? 'ok' : 'error',
  errorKind,
  ms: 5,
});

const aRecord = (over: Partial<ExchangeRecord> = {}): ExchangeRecord => ({
  requestId: 'req_1',
  dialect: 'anthropic',
  stream: true,
  attempts: [attempt()],
  status: 200,
  startedAt: 0,
  ...over,
});

const left = () => {
  const client = new ClientAbort();
  client.abort(new Error('client disconnected'));
  return client;
};

describe('outcomeOf', () => {
  it('charges a whole answer by its usage, not as cut short', () => {
    const outcome = outcomeOf(aRecord({ model: 'claude' }), true, true, new ClientAbort());
    expect(outcome).toMatchObject({ model: 'claude', cutShort: undefined });
  });

  it('counts a stream whose client left midway as left: what the upstream generated is unknown', () => {
    expect(outcomeOf(aRecord({ model: 'claude' }), true, false, left()).cutShort).toBe('left');
  });

  it('carries the output a stream read before its client left, which it is charged by', () => {
    const outcome = outcomeOf(aRecord({ model: 'claude', outputChars: 120 }), true, false, left());
    expect(outcome).toMatchObject({ cutShort: 'left', outputChars: 120 });
  });

  it('counts a stream the upstream refused midway as failed: a refusal comes instead of output', () => {
    const tooLong = aRecord({ model: 'claude', error: new GatewayError('context_length', 'prompt is too long') });
    expect(outcomeOf(tooLong, true, false, new ClientAbort()).cutShort).toBe('failed');
  });

  it('counts a stream broken by an overload, a 5xx or the connection as left: output may have come first', () => {
    for (const kind of ['overloaded', 'upstream_5xx', 'connection', 'internal'] as const) {
      const broken = aRecord({ model: 'claude', error: new GatewayError(kind, kind) });
      expect({ kind, cutShort: outcomeOf(broken, true, false, new ClientAbort()).cutShort }).toEqual({
        kind,
        cutShort: 'left',
      });
    }
  });

  it('charges a call the client left during its attempt to the model it was waiting on', () => {
    const outcome = outcomeOf(aRecord({ attempts: [attempt('client_gone')] }), false, false, left());
    expect(outcome).toMatchObject({ model: 'claude', cutShort: 'left' });
  });

  it('charges nothing for a call the client left while it waited to retry a refusal or an overload', () => {
    for (const kind of ['overloaded', 'rate_limited'] as const) {
      const outcome = outcomeOf(aRecord({ attempts: [attempt(kind)] }), false, false, left());
      expect(outcome).toMatchObject({ model: undefined, cutShort: undefined });
    }
  });

  it('charges a call the gateway cut at shutdown during its attempt to the model it was waiting on', () => {
    const client = new ClientAbort();
    const cut = new GatewayError('unavailable', 'The gateway is shutting down');
    client.cut(cut);
    // The attempt under way ends with the cut's own error, and is marked so.
    const outcome = outcomeOf(aRecord({ attempts: [{ ...attempt(cut.kind), cut: true }] }), false, false, client);
    expect(outcome).toMatchObject({ model: 'claude', cutShort: 'left' });
  });

  it('charges nothing for a call cut while it waited to retry an upstream that was unavailable', () => {
    const client = new ClientAbort();
    client.cut(new GatewayError('unavailable', 'The gateway is shutting down'));
    // The upstream's own `unavailable`, of the cut's kind but not the cut.
    const outcome = outcomeOf(aRecord({ attempts: [attempt('unavailable')] }), false, false, client);
    expect(outcome).toMatchObject({ model: undefined, cutShort: undefined });
  });

  it('charges a call the client left after an attempt that timed out: its upstream may have worked', () => {
    const outcome = outcomeOf(aRecord({ attempts: [attempt('timeout')] }), false, false, left());
    expect(outcome).toMatchObject({ model: 'claude', cutShort: 'left' });
  });
});
