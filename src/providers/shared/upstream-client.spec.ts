import { AbortLatch } from '#src/core/abort-latch.js';
import type { ProviderConfig } from '#src/config/gateway-config.types.js';
import { ANTHROPIC_UPSTREAM } from '#src/providers/anthropic/anthropic.upstream.js';
import { OPENAI_UPSTREAM } from '#src/providers/openai/openai.upstream.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import { UpstreamClient, type UpstreamDialect } from './upstream-client.js';
import type { UpstreamHttp, UpstreamResponse } from './upstream-http.js';

/** An upstream whose one answer, a 404 with `error`, comes only when the test lets it. */
function upstreamAnswering(error: object): { http: UpstreamHttp; answer: () => void } {
  let answer = (): void => undefined;
  const text = JSON.stringify(error);
  const res: UpstreamResponse = {
    status: 404,
    headers: { 'content-type': 'application/json' },
    body: (async function* () {
      yield Buffer.from(text);
    })(),
    text: () => Promise.resolve(text),
    discard: () => undefined,
    settle: () => undefined,
  };
  const sent = new Promise<UpstreamResponse>((resolve) => (answer = () => resolve(res)));
  const http = { send: () => sent, close: () => Promise.resolve() } as unknown as UpstreamHttp;
  return { http, answer: () => answer() };
}

const config: ProviderConfig = {
  name: 'p',
  type: 'openai',
  baseUrl: 'http://127.0.0.1:9',
  configured: true,
  headers: {},
};
const call = (): UpstreamCall => {
  const latch = new AbortLatch();
  return { upstreamModel: 'up-model', signal: latch, latch, deadlines: { firstByteMs: 1, idleMs: 1, totalMs: 1 } };
};

/**
 * Posts `body` and, if `emptied`, empties it before the upstream answers (only what was read
 * before sending may count); resolves with what the post threw.
 */
async function refusal(
  dialect: UpstreamDialect,
  error: object,
  body: Record<string, unknown>,
  emptied: boolean,
): Promise<unknown> {
  const upstream = upstreamAnswering(error);
  const answered = new UpstreamClient(config, upstream.http, dialect).post('/x', body, call(), 'text/event-stream');
  if (emptied) for (const key of Object.keys(body)) delete body[key];
  upstream.answer();
  return answered.catch((err: unknown) => err);
}

describe('UpstreamClient.post, on a refusal', () => {
  it('judges a 404 by the stored objects the body named when it was sent', async () => {
    const body = { model: 'up-model', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] };
    const error = { error: { message: 'No such File object: file-1', type: 'invalid_request_error', code: null } };
    await expect(refusal(OPENAI_UPSTREAM, error, body, true)).resolves.toMatchObject({
      kind: 'bad_request',
      status: 404,
      message: 'No such File object: file-1',
    });
  });

  it('takes a 404 naming the model the call was for as the operator’s, though the body named stored objects', async () => {
    const body = { model: 'up-model', container: 'container_1', messages: [] };
    const error = { type: 'error', error: { type: 'not_found_error', message: 'model: up-model' } };
    await expect(refusal(ANTHROPIC_UPSTREAM, error, body, false)).resolves.toMatchObject({
      kind: 'not_found',
      detail: 'model: up-model',
    });
  });
});
