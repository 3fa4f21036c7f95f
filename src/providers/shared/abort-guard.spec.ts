import { GatewayError } from '#src/core/gateway-error.js';
import { abortedWith, stopOnAbort } from './abort-guard.js';

async function* events(): AsyncGenerator<string> {
  yield 'a';
  yield 'b';
}

async function drain(signal: AbortSignal, abortAfterFirst: () => void): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of stopOnAbort(events(), signal, 'openai')) {
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

  it('names the client leaving when the abort carries no classified error', () => {
    const abort = new AbortController();
    abort.abort();
    expect(abortedWith(abort.signal, 'openai')).toMatchObject({ status: 499, provider: 'openai' });
  });
});
