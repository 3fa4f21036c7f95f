import { GatewayError } from '#src/core/gateway-error.js';
import { abortedWith, bodyEvents } from './abort-guard.js';

async function* events(): AsyncGenerator<string> {
  yield 'a';
  yield 'b';
}

async function drain(signal: AbortSignal, abortAfterFirst: () => void): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of bodyEvents(events(), { discard: () => undefined }, signal, 'openai')) {
    seen.push(event);
    abortAfterFirst();
  }
  return seen;
}

describe('stopping an attempt that was aborted', () => {
  it('reports a client that went away as 499', async () => {
    const abort = new AbortController();
    const failure = drain(abort.signal, () => abort.abort(new Error('client disconnected')));
    await expect(failure).rejects.toMatchObject({ kind: 'client_gone', status: 499 });
  });

  it('reports an upstream deadline as the timeout it is, not as the client leaving', async () => {
    const abort = new AbortController();
    const timeout = new GatewayError('timeout', 'The upstream stopped sending data mid-answer (50 ms)');
    const failure = drain(abort.signal, () => abort.abort(timeout));
    await expect(failure).rejects.toBe(timeout);
  });

  it('releases the body however the stream ends', async () => {
    let discarded = 0;
    const body = { discard: () => (discarded += 1) };
    for await (const _ of bodyEvents(events(), body, new AbortController().signal, 'openai')) break;
    const abort = new AbortController();
    abort.abort();
    await expect(bodyEvents(events(), body, abort.signal, 'openai').next()).rejects.toMatchObject({ status: 499 });
    expect(discarded).toBe(2);
  });

  it('names the client leaving when the abort carries no classified error', () => {
    const abort = new AbortController();
    abort.abort();
    expect(abortedWith(abort.signal, 'openai')).toMatchObject({ status: 499, provider: 'openai' });
  });
});
