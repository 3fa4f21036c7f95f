import { asArray, asRecord } from '../fakes/fake-json.js';
import { fakeKits } from '../fakes/fake-kits.js';
import { readAnswer } from '../support/answer-reader.js';
import { ERROR_READER, STREAM_ERROR_READER } from '../support/error-envelopes.js';
import {
  DEAD,
  FAILURES,
  FIRST_FRAME_ERROR_KIND,
  LIVE,
  ORDERS,
  deadPairModel,
  failoverConfig,
  pairModel,
  type VendorFakes,
} from '../support/failover-cases.js';
import { refusingUrl, startFake, vendorProvider, VENDOR_MODEL, type SseVendor } from '../support/fake-providers.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { chatBody, postChat, postRaw, type Dialect } from '../support/requests.js';
import { routedBy } from '../support/routed-headers.js';
import { readSse, type SseFrame } from '../support/stream-reader.js';

/** A failure before the first byte moves the request elsewhere; after it, or from the client's input, it does not. */

const T = 20_000;
const DIALECTS: Dialect[] = ['openai', 'anthropic', 'unified'];
const MODES = [
  { mode: 'non-stream', stream: false },
  { mode: 'stream', stream: true },
];
/**
 * Breakers that never stay open here, so every scripted failure is seen by the failover alone (a
 * refused key opens one at once, and with no cooldown it half-opens at once too).
 */
const NEVER_OPEN = { failures: 1000, cooldown_ms: 0, failure_rate: 1, min_requests: 1000 };

describe('failover', () => {
  let fakes: VendorFakes;
  let deadUrl: string;

  beforeAll(async () => {
    fakes = { openai: await startFake('openai'), anthropic: await startFake('anthropic') };
    deadUrl = await refusingUrl();
  }, T);
  afterAll(() => Promise.all([fakes?.openai.close(), fakes?.anthropic.close()]), T);
  beforeEach(() => {
    fakes.openai.reset();
    fakes.anthropic.reset();
  });

  const send = (gateway: RunningGateway, dialect: Dialect, model: string, prompt: string, stream = false) =>
    postChat(gateway.url, dialect, chatBody(dialect, model, prompt, stream ? { stream: true } : {}));

  describe('with two deployments and no breaker in the way', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      const fallback = { max_attempts: 3, first_byte_timeout_ms: 500, idle_timeout_ms: 500, breaker: NEVER_OPEN };
      gateway = await startGateway({ config: failoverConfig({ fakes, refusingUrl: deadUrl, fallback }) });
    }, T);
    afterAll(() => gateway?.stop(), T);

    const matrix = FAILURES.flatMap((failure) =>
      ORDERS.flatMap((order) =>
        DIALECTS.flatMap((dialect) =>
          MODES.filter((m) => m.stream || !failure.streamOnly).map((m) => ({
            failure,
            order,
            dialect,
            ...m,
            what: failure.name,
          })),
        ),
      ),
    );

    it.each(matrix)(
      '$what at the $order.failing deployment: the $order.answering one answers a $dialect $mode request',
      async ({ failure, order, dialect, stream }) => {
        failure.arrange?.(fakes[order.failing], order.failing);
        const model = failure.refused ? deadPairModel(order) : pairModel(order);
        const res = await send(gateway, dialect, model, 'fail over please', stream);

        const answer = await readAnswer(dialect, res, stream);
        expect(answer.text).toBe('echo: fail over please');
        expect(routedBy(res)).toMatchObject({ model, provider: LIVE[order.answering], attempts: 2 });
        expect(fakes[order.answering].calls).toBe(1);
        expect(fakes[order.failing].calls).toBe(failure.refused ? 0 : 1);
        if (dialect !== 'unified') return;
        const failed = { model, outcome: 'error', errorKind: failure.errorKind };
        expect(answer.attempts).toEqual([
          expect.objectContaining({
            ...failed,
            provider: failure.refused ? DEAD[order.failing] : LIVE[order.failing],
            ...(failure.status === undefined ? {} : { status: failure.status }),
          }),
          expect.objectContaining({ model, provider: LIVE[order.answering], outcome: 'ok' }),
        ]);
      },
      T,
    );

    const firstFrameErrors = ORDERS.flatMap((order) => DIALECTS.map((dialect) => ({ order, dialect })));

    it.each(firstFrameErrors)(
      'moves a $dialect stream whose $order.failing upstream opens with an error event to the other deployment',
      async ({ order, dialect }) => {
        fakes[order.failing].script({ frames: [fakeKits[order.failing].midStreamError('Overloaded')] });
        const res = await send(gateway, dialect, pairModel(order), 'hi', true);
        const answer = await readAnswer(dialect, res, true);
        expect(answer.text).toBe('echo: hi');
        expect(routedBy(res)).toMatchObject({ provider: LIVE[order.answering], attempts: 2 });
        if (dialect !== 'unified') return;
        const errorKind = FIRST_FRAME_ERROR_KIND[order.failing];
        expect(answer.attempts?.[0]).toMatchObject({ provider: LIVE[order.failing], outcome: 'error', errorKind });
      },
      T,
    );

    const retryable = [
      { status: 408, errorKind: 'timeout' },
      { status: 409, errorKind: 'upstream_5xx' },
      { status: 502, errorKind: 'upstream_5xx' },
      { status: 503, errorKind: 'overloaded' },
      { status: 504, errorKind: 'timeout' },
      { status: 529, errorKind: 'overloaded' },
    ].flatMap((c) => ORDERS.map((order) => ({ ...c, order })));

    it.each(retryable)(
      'retries a $status from the $order.failing deployment on the other one, recorded as $errorKind',
      async ({ status, errorKind, order }) => {
        const kit = fakeKits[order.failing];
        fakes[order.failing].script({ status, json: kit.errorBody(status, 'Try elsewhere') });
        const res = await send(gateway, 'unified', pairModel(order), 'hi');
        const answer = await readAnswer('unified', res, false);
        expect(routedBy(res)).toMatchObject({ provider: LIVE[order.answering], attempts: 2 });
        expect(answer.attempts?.[0]).toMatchObject({ provider: LIVE[order.failing], errorKind, status });
      },
      T,
    );

    const clientFaults = [400, 413, 422].flatMap((status) =>
      ORDERS.flatMap((order) => (['openai', 'anthropic'] as const).map((dialect) => ({ status, order, dialect }))),
    );

    it.each(clientFaults)(
      'does not retry a $status from the $order.failing deployment ($dialect client)',
      async ({ status, order, dialect }) => {
        const kit = fakeKits[order.failing];
        fakes[order.failing].script({ status, json: kit.errorBody(status, 'Your request is at fault') });
        const res = await send(gateway, dialect, pairModel(order), 'hi');
        expect(res.status).toBe(status);
        expect(ERROR_READER[dialect](await res.json()).message).not.toBe('');
        expect(fakes[order.failing].calls).toBe(1);
        expect(fakes[order.answering].calls).toBe(0);
      },
      T,
    );

    const setupFaults = [
      { status: 401, errorKind: 'auth', said: 'Bad key', page: false },
      { status: 403, errorKind: 'auth', said: 'Bad key', page: false },
      // A wrong base_url path, told in the vendor's own error shape (as OpenAI's "Invalid URL" is)…
      { status: 404, errorKind: 'not_found', said: 'Not Found: no route /v1/v1/messages', page: false },
      // …or by a server in front of the API, as its own plain page.
      { status: 404, errorKind: 'not_found', said: '404 page not found', page: true },
    ].flatMap((c) => ORDERS.flatMap((order) => DIALECTS.map((dialect) => ({ ...c, order, dialect }))));

    it.each(setupFaults)(
      'moves a $status from the $order.failing deployment to the other deployment of the same model ($dialect client)',
      async ({ status, errorKind, said, page, order, dialect }) => {
        const kit = fakeKits[order.failing];
        fakes[order.failing].script(
          page ? { status, raw: said, contentType: 'text/plain' } : { status, json: kit.errorBody(status, said) },
        );
        const model = pairModel(order);
        const res = await send(gateway, dialect, model, 'hi');
        const answer = await readAnswer(dialect, res, false);
        expect(answer.text).toBe('echo: hi');
        expect(routedBy(res)).toMatchObject({ provider: LIVE[order.answering], attempts: 2 });
        if (dialect !== 'unified') return;
        expect(answer.attempts?.[0]).toMatchObject({ provider: LIVE[order.failing], errorKind, status });
      },
      T,
    );

    it(
      'moves a 500 to the model’s fallbacks when the model has no other deployment',
      async () => {
        fakes.openai.script({ status: 500, json: fakeKits.openai.errorBody(500, 'boom') });
        const res = await send(gateway, 'unified', 'lonely', 'hi');
        const answer = await readAnswer('unified', res, false);
        expect(routedBy(res)).toMatchObject({ model: 'helper', provider: LIVE.anthropic, attempts: 2 });
        expect(answer.attempts?.map((a) => [a.model, a.outcome])).toEqual([
          ['lonely', 'error'],
          ['helper', 'ok'],
        ]);
      },
      T,
    );

    it(
      'moves a 401 to the model’s fallbacks: the gateway’s own key is the operator’s problem, not the client’s',
      async () => {
        fakes.openai.script({ status: 401, json: fakeKits.openai.errorBody(401, 'Bad key') }, 3);
        const res = await send(gateway, 'openai', 'lonely', 'hi');
        expect((await readAnswer('openai', res, false)).text).toBe('echo: hi');
        expect(routedBy(res)).toMatchObject({ model: 'helper', provider: LIVE.anthropic, attempts: 2 });
        expect(fakes.openai.calls).toBe(1);
      },
      T,
    );

    const stalls = ORDERS.flatMap((order) => DIALECTS.map((dialect) => ({ order, dialect })));

    it.each(stalls)(
      'ends a $dialect stream whose $order.failing upstream stalls after the first byte with an error event, without failing over',
      async ({ order, dialect }) => {
        const kit = fakeKits[order.failing];
        const upstreamModel = VENDOR_MODEL[order.failing];
        const frames = kit.textStream(upstreamModel, ['partial ', 'answer'], true);
        const stallAfterFrames = kit.textStream(upstreamModel, ['partial '], false).length;
        fakes[order.failing].script({ frames, stallAfterFrames });

        const res = await send(gateway, dialect, pairModel(order), 'hi', true);
        expect(res.status).toBe(200);
        expect(routedBy(res)).toMatchObject({ provider: LIVE[order.failing], attempts: 1 });
        const got = await readSse(res);
        expect(got.map((f) => f.data).join('')).toContain('partial');
        expect(streamError(dialect, got)).not.toBe('');
        expect(fakes[order.answering].calls).toBe(0);
      },
      T,
    );
  });

  describe('with circuit breakers that open after 2 failures', () => {
    let gateway: RunningGateway;
    const breaker = { failures: 2, cooldown_ms: 60_000, failure_rate: 1, min_requests: 1000, window_ms: 60_000 };

    beforeAll(async () => {
      const fallback = { max_attempts: 2, first_byte_timeout_ms: 2000, breaker };
      gateway = await startGateway({ config: failoverConfig({ fakes, refusingUrl: deadUrl, fallback }) });
    }, T);
    afterAll(() => gateway?.stop(), T);

    it(
      'stops calling a failing deployment once its breaker opens and sends requests to the other one',
      async () => {
        const model = pairModel(ORDERS[0]);
        fakes.openai.script({ status: 500, json: fakeKits.openai.errorBody(500, 'boom') }, 10);
        const attempts: Array<number | null> = [];
        for (let i = 0; i < 5; i += 1) {
          const res = await send(gateway, 'openai', model, `try ${i}`);
          expect((await readAnswer('openai', res, false)).text).toBe(`echo: try ${i}`);
          expect(routedBy(res).provider).toBe(LIVE.anthropic);
          attempts.push(routedBy(res).attempts);
        }
        expect(attempts).toEqual([2, 2, 1, 1, 1]);
        expect(fakes.openai.calls).toBe(2);
        expect(fakes.anthropic.calls).toBe(5);

        const models = asRecord(await (await fetch(`${gateway.url}/models`)).json());
        const entry = asArray(models.data)
          .map(asRecord)
          .find((m) => m.id === model);
        const deployments = asArray(entry?.deployments).map(asRecord);
        expect(deployments.map((d) => [d.provider, d.breaker])).toEqual([
          [LIVE.openai, 'open'],
          [LIVE.anthropic, 'closed'],
        ]);
        expect(deployments[0].retry_at).not.toBeNull();

        const explained = await postRaw(gateway.url, '/api/route/explain', JSON.stringify(chatBody('unified', model)));
        expect(explained.status).toBe(200);
        const dry = asRecord(await explained.json());
        expect(asArray(dry.candidates).map((c) => asRecord(c).provider)).toEqual([LIVE.anthropic]);
        expect(JSON.stringify(dry.skipped)).toMatch(/circuit breaker open/);
      },
      T,
    );

    it(
      'answers 503 with retry-after once every deployment’s breaker is open, calling nobody',
      async () => {
        const model = pairModel(ORDERS[1]);
        for (const vendor of ['openai', 'anthropic'] as const) {
          fakes[vendor].script({ status: 500, json: fakeKits[vendor].errorBody(500, 'boom') }, 10);
        }
        for (let i = 0; i < 2; i += 1) {
          const res = await send(gateway, 'openai', model, 'hi');
          expect(res.status).toBe(502);
          await res.body?.cancel();
        }
        expect([fakes.openai.calls, fakes.anthropic.calls]).toEqual([2, 2]);

        for (const dialect of ['openai', 'anthropic', 'unified'] as const) {
          const res = await send(gateway, dialect, model, 'hi');
          expect(res.status).toBe(503);
          const retryAfter = Number(res.headers.get('retry-after'));
          expect(retryAfter).toBeGreaterThan(0);
          expect(retryAfter).toBeLessThanOrEqual(60);
          const reader = dialect === 'anthropic' ? ERROR_READER.anthropic : ERROR_READER.openai;
          expect(reader(await res.json()).message).not.toBe('');
        }
        expect([fakes.openai.calls, fakes.anthropic.calls]).toEqual([2, 2]);
      },
      T,
    );
  });

  describe('with breakers that stay open, models of known context windows', () => {
    let gateway: RunningGateway;
    const breaker = { failures: 2, cooldown_ms: 60_000, failure_rate: 1, min_requests: 1000, window_ms: 60_000 };
    const TOO_LONG = "This model's maximum context length is 8192 tokens. Please reduce the length of the messages.";

    beforeAll(async () => {
      const live = (vendor: SseVendor, name: string, extra: object = {}) => ({
        name,
        provider: LIVE[vendor],
        upstream_model: VENDOR_MODEL[vendor],
        ...extra,
      });
      const config = {
        providers: {
          [LIVE.openai]: vendorProvider('openai', fakes.openai.url),
          [LIVE.anthropic]: vendorProvider('anthropic', fakes.anthropic.url),
        },
        models: [
          {
            name: 'misnamed',
            deployments: [
              { provider: LIVE.openai, upstream_model: 'gpt-no-such-model', weight: 1000 },
              { provider: LIVE.anthropic, upstream_model: VENDOR_MODEL.anthropic, weight: 1 },
            ],
          },
          live('anthropic', 'alone'),
          live('openai', 'roomy', { context_window: 8192, fallbacks: ['cramped', 'vast'] }),
          live('openai', 'hemmed-in', { context_window: 8192, fallbacks: ['cramped', 'unmeasured'] }),
          live('openai', 'cramped', { context_window: 4096 }),
          live('openai', 'unmeasured'),
          live('anthropic', 'vast', { context_window: 200_000 }),
          live('anthropic', 'filed', { fallbacks: ['unmeasured'] }),
          live('anthropic', 'filed-misnamed', { upstream_model: 'claude-no-such-model', fallbacks: ['vast'] }),
        ],
        fallback: { max_attempts: 3, breaker },
      };
      gateway = await startGateway({ config });
    }, T);
    afterAll(() => gateway?.stop(), T);

    const breakers = async (model: string) => {
      const models = asRecord(await (await fetch(`${gateway.url}/models`)).json());
      const entry = asArray(models.data)
        .map(asRecord)
        .find((m) => m.id === model);
      return asArray(entry?.deployments)
        .map(asRecord)
        .map((d) => [d.provider, d.breaker]);
    };

    it(
      'moves a request off a deployment whose upstream answers 404, benches that deployment at once and logs why',
      async () => {
        const said = 'The model `gpt-no-such-model` does not exist';
        fakes.openai.script({ status: 404, json: fakeKits.openai.errorBody(404, said) });
        const res = await send(gateway, 'openai', 'misnamed', 'hi');
        expect((await readAnswer('openai', res, false)).text).toBe('echo: hi');
        expect(routedBy(res)).toMatchObject({ provider: LIVE.anthropic, attempts: 2 });
        expect(await breakers('misnamed')).toEqual([
          [LIVE.openai, 'open'],
          [LIVE.anthropic, 'closed'],
        ]);

        // The benched deployment is not asked again while its breaker is open.
        const next = await send(gateway, 'openai', 'misnamed', 'again');
        expect((await readAnswer('openai', next, false)).text).toBe('echo: again');
        expect(routedBy(next)).toMatchObject({ provider: LIVE.anthropic, attempts: 1 });
        expect(fakes.openai.calls).toBe(1);

        await gateway.waitForLog('upstream status 404');
        const lines = gateway
          .logs()
          .split('\n')
          .filter((line) => line.includes('upstream status 404'));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(LIVE.openai);
        expect(lines[0]).toContain(said);
      },
      T,
    );

    it(
      'answers a 404 in the client’s dialect, without what the upstream said, when no other deployment could answer',
      async () => {
        // A wrong base_url path, told in Anthropic's own error shape (a proxy's plain page fails over above too).
        const said = 'Not Found: no route /v1/v1/messages on 10.1.2.3';
        fakes.anthropic.script({ status: 404, json: fakeKits.anthropic.errorBody(404, said) });
        const res = await send(gateway, 'anthropic', 'alone', 'hi');
        expect(res.status).toBe(404);
        const body = asRecord(await res.json());
        expect(asRecord(body.error).type).toBe('not_found_error');
        expect(JSON.stringify(body)).not.toContain('10.1.2.3');
        expect(fakes.anthropic.calls).toBe(1);
      },
      T,
    );

    it(
      'answers a 404 on a request naming a stored file to its client, in Anthropic’s words, and keeps the deployment in service',
      async () => {
        // Anthropic's 404s name no field: only the request tells that this one is about the client's file.
        const said = 'File not found: file_011CNha8iCJcU1wXNR6q4V8w';
        fakes.anthropic.script({ status: 404, json: fakeKits.anthropic.errorBody(404, said) });
        const upload = { type: 'container_upload', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' };
        const content = [{ type: 'text', text: 'read it' }, upload];
        const filed = { model: 'filed', max_tokens: 128, messages: [{ role: 'user', content }] };
        const res = await postChat(gateway.url, 'anthropic', filed);
        expect(res.status).toBe(404);
        expect(asRecord(await res.json()).error).toMatchObject({ type: 'not_found_error', message: said });
        expect(asRecord(fakes.anthropic.chatRequests[0].body).messages).toEqual(filed.messages);
        // Neither failed over to the fallback model nor benched.
        expect(fakes.openai.calls).toBe(0);
        expect(await breakers('filed')).toEqual([[LIVE.anthropic, 'closed']]);

        const next = await send(gateway, 'anthropic', 'filed', 'again');
        expect((await readAnswer('anthropic', next, false)).text).toBe('echo: again');
        expect(routedBy(next)).toMatchObject({ model: 'filed', provider: LIVE.anthropic, attempts: 1 });
        expect(fakes.anthropic.calls).toBe(2);
      },
      T,
    );

    it(
      'moves a request naming a stored file off a deployment whose upstream model Anthropic does not know, and benches it',
      async () => {
        // Anthropic names the model the gateway sent: the operator's mistake, whatever the request named.
        const said = 'model: claude-no-such-model';
        fakes.anthropic.script({ status: 404, json: fakeKits.anthropic.errorBody(404, said) });
        const upload = { type: 'container_upload', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' };
        const content = [{ type: 'text', text: 'read it' }, upload];
        const filed = { model: 'filed-misnamed', max_tokens: 128, messages: [{ role: 'user', content }] };
        const res = await postChat(gateway.url, 'anthropic', filed);
        expect(res.status).toBe(200);
        expect(JSON.stringify(await res.json())).not.toContain('claude-no-such-model');
        expect(routedBy(res)).toMatchObject({ model: 'vast', provider: LIVE.anthropic, attempts: 2 });
        expect(await breakers('filed-misnamed')).toEqual([[LIVE.anthropic, 'open']]);
      },
      T,
    );

    it(
      'moves a prompt too long for its model to a fallback with a larger context window, skipping a smaller one',
      async () => {
        fakes.openai.script({ status: 400, json: fakeKits.openai.errorBody(400, TOO_LONG) });
        const res = await send(gateway, 'unified', 'roomy', 'a long story');
        const answer = await readAnswer('unified', res, false);
        expect(answer.text).toBe('echo: a long story');
        expect(routedBy(res)).toMatchObject({ model: 'vast', provider: LIVE.anthropic, attempts: 2 });
        expect(answer.attempts?.map((a) => [a.model, a.outcome, a.errorKind])).toEqual([
          ['roomy', 'error', 'context_length'],
          ['vast', 'ok', undefined],
        ]);
        // `cramped` would have answered (the fake fails only once): it was never asked.
        expect(fakes.openai.calls).toBe(1);
        // The client's prompt caused it: the refusing deployment is not benched.
        expect(await breakers('roomy')).toEqual([[LIVE.openai, 'closed']]);
      },
      T,
    );

    it(
      'answers the context error as before when no fallback has a larger known context window',
      async () => {
        fakes.openai.script({ status: 400, json: fakeKits.openai.errorBody(400, TOO_LONG) });
        const res = await send(gateway, 'openai', 'hemmed-in', 'a long story');
        expect(res.status).toBe(400);
        expect(asRecord(asRecord(await res.json()).error).code).toBe('context_length_exceeded');
        expect(fakes.openai.calls).toBe(1);
      },
      T,
    );
  });
});

/** The error a stream ended with, in its dialect; throws when it ended any other way. */
function streamError(dialect: Dialect, frames: SseFrame[]): string {
  if (dialect !== 'unified') return STREAM_ERROR_READER[dialect](frames).message;
  const last = frames.at(-1);
  if (last?.event !== 'error') throw new Error(`stream did not end with event: error: ${JSON.stringify(frames)}`);
  return ERROR_READER.openai(JSON.parse(last.data) as unknown).message;
}
