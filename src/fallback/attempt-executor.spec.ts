import { aConfig, aModel, aRequest, aRequestNamingFile } from '../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { InFlightTracker } from '#src/balancing/in-flight.tracker.js';
import { LatencyTracker } from '#src/balancing/latency.tracker.js';
import { seededRandom } from '../../test/factories/seeded-random.js';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord } from '#src/core/route.types.js';
import { ModelCatalog, type DeploymentRef } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import type { ProviderRegistry } from '#src/providers/provider.registry.js';
import type { ProviderAdapter, UpstreamCall } from '#src/providers/provider.types.js';
import type { InboundBody, RelayedAnswer, RelayFrame } from '#src/providers/relay.types.js';
import { AttemptExecutor, type RunOptions } from './attempt-executor.js';
import { abortedWith } from '#src/providers/shared/abort-guard.js';
import { ClientAbort } from './client-abort.js';
import { AttemptObservers } from './attempt-observers.js';
import { AttemptOutcomes } from './attempt-outcomes.js';
import { FailureReports } from './failure-reports.js';
import { ProviderAlarms } from '#src/providers/provider-alarms.js';
import { BreakerBoard } from './breaker-board.js';

type Behaviour =
  | 'ok'
  | GatewayError
  | 'hang'
  /** Waits on its upstream until the call is aborted, then fails as an adapter does (see `abortedWith`). */
  | 'until-aborted'
  /** Answers, but only after `SLOW_MS`: past the first-byte deadline. */
  | 'slow'
  | 'silent-stream'
  | 'empty-stream'
  | 'refuse-at-once'
  /** Opens the stream, sends some text, then fails with this error. */
  | { midway: GatewayError };

const SLOW_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An upstream that answers each call as scripted (the last entry repeats) and counts its calls. */
function fakeAdapter(name: string, script: Behaviour[], relays = false): ProviderAdapter & FakeRelay {
  const adapter: ProviderAdapter & FakeRelay = {
    calls: 0,
    seen: [],
    signals: [],
    deadlines: [],
    reasoningModels: [],
    visionModels: [],
    kind: 'mock' as const,
    config: { name, type: 'mock' as const, baseUrl: '', configured: true, headers: {} },
    async *chat(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatEvent> {
      adapter.seen.push(request);
      adapter.signals.push(call.signal);
      adapter.deadlines.push(call.deadlines);
      adapter.reasoningModels.push(call.reasoningModel);
      adapter.visionModels.push(call.visionModel);
      const behaviour = script[Math.min(adapter.calls, script.length - 1)];
      adapter.calls += 1;
      if (behaviour === 'hang') await new Promise(() => undefined);
      if (behaviour === 'until-aborted') {
        await new Promise<void>((resolve) => call.signal.addEventListener('abort', () => resolve()));
        throw abortedWith(call.signal, name);
      }
      if (behaviour === 'slow') await sleep(SLOW_MS);
      if (behaviour instanceof GatewayError) throw behaviour;
      yield { type: 'start' };
      yield { type: 'text_delta', text: `from ${name}` };
      if (typeof behaviour === 'object' && 'midway' in behaviour) throw behaviour.midway;
      yield { type: 'stop', reason: 'end_turn' };
    },
    ...(relays ? relayOf(name, script, () => adapter) : {}),
    listModels: async () => [],
    health: async () => ({ status: 'up' as const, checkedAt: 0 }),
  };
  return adapter;
}

interface FakeRelay {
  calls: number;
  seen: ChatRequest[];
  /** Each call's abort signal, in order. */
  signals: UpstreamCall['signal'][];
  /** Each call's deadlines, in order (translated calls only). */
  deadlines: UpstreamCall['deadlines'][];
  /** Each call's word on whether its model reasons. */
  reasoningModels: UpstreamCall['reasoningModel'][];
  /** Each call's word on whether its model takes images. */
  visionModels: UpstreamCall['visionModel'][];
  relayFormat?: 'openai';
  relay?(request: ChatRequest, inbound: InboundBody, call: UpstreamCall): Promise<RelayedAnswer>;
}

/** A relaying upstream answers with its own JSON, as scripted (its calls counted with the adapter's). */
function relayOf(name: string, script: Behaviour[], self: () => FakeRelay) {
  return {
    relayFormat: 'openai' as const,
    relay(request: ChatRequest, _inbound: InboundBody, call: UpstreamCall): Promise<RelayedAnswer> {
      const adapter = self();
      adapter.signals.push(call.signal);
      const behaviour = script[Math.min(adapter.calls, script.length - 1)];
      // A `relay` that throws within the call rather than rejecting: the attempt is recorded all the same.
      if (behaviour === 'refuse-at-once') {
        adapter.calls += 1;
        throw fail('unavailable');
      }
      return answerOf(name, request, behaviour, adapter);
    },
  };
}

/** What a relaying upstream answers once it took the call. */
async function answerOf(
  name: string,
  request: ChatRequest,
  behaviour: Behaviour,
  adapter: FakeRelay,
): Promise<RelayedAnswer> {
  adapter.seen.push(request);
  adapter.calls += 1;
  if (behaviour === 'hang') await new Promise(() => undefined);
  if (behaviour === 'slow') await sleep(SLOW_MS);
  if (behaviour instanceof GatewayError) throw behaviour;
  if (behaviour === 'silent-stream') return { kind: 'sse', frames: silentFrames() };
  if (behaviour === 'empty-stream') return { kind: 'sse', frames: noFrames() };
  const seen: ChatEvent[] = [{ type: 'start' }, { type: 'stop', reason: 'end_turn' }];
  return { kind: 'json', json: `{"from":"${name}"}`, seen };
}

/** A relayed stream whose upstream ends it before its first frame. */
async function* noFrames(): AsyncGenerator<RelayFrame> {}

/** A relayed stream whose upstream accepted the call and then never sends a frame. */
function silentFrames(): AsyncIterable<RelayFrame> {
  return { [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => undefined) }) };
}

/** A Chat Completions client's body, as it came, beside the request. */
const OPENAI_BODY: InboundBody = { shape: 'openai', body: {}, forwardHeaders: {} };

const fail = (kind: GatewayError['kind'], status?: number) =>
  new GatewayError(kind, `${kind} happened`, { upstreamStatus: status });

function setup(
  adapters: Record<string, ProviderAdapter>,
  maxAttempts = 3,
  request = aRequest('hi'),
  inbound?: InboundBody,
  /** Each model's `context_window`, when known; whether `main` has the reasoning capability (by default it has). */
  shape: { main?: number; backup?: number; mainReasons?: boolean } = {},
) {
  const models = [
    aModel('main', {
      contextWindow: shape.main,
      capabilities: shape.mainReasons === false ? ['tools'] : ['tools', 'reasoning'],
      deployments: [
        { provider: 'p1', upstreamModel: 'm', weight: 1 },
        { provider: 'p2', upstreamModel: 'm', weight: 1 },
      ],
      fallbacks: ['backup'],
    }),
    aModel('backup', {
      contextWindow: shape.backup,
      deployments: [{ provider: 'p3', upstreamModel: 'b', weight: 1 }],
    }),
  ];
  const config = aConfig(models);
  config.fallback.maxAttempts = maxAttempts;
  config.fallback.firstByteTimeoutMs = 50;
  const clock = new ManualClock();
  const catalog = new ModelCatalog(
    config,
    new WeightsService(config, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
  const registry = { get: (name: string) => adapters[name] } as unknown as ProviderRegistry;
  const breakers = new BreakerBoard(clock, config.fallback.breaker);
  const inFlight = new InFlightTracker();
  const observers = new AttemptObservers(inFlight, new LatencyTracker(clock));
  const alarms = new ProviderAlarms();
  const outcomes = new AttemptOutcomes(breakers, alarms, clock);
  const reports = new FailureReports(breakers, clock);
  const executor = new AttemptExecutor(
    registry,
    breakers,
    observers,
    outcomes,
    reports,
    config,
    clock,
    seededRandom(7),
  );
  const plan: DeploymentRef[] = [...catalog.deployments(models[0]), ...catalog.deployments(models[1])];
  /** `attempts`: where the attempts are recorded, for a run that fails. */
  const run = async (client = new ClientAbort(), attempts: AttemptRecord[] = [], options?: RunOptions) => {
    const outcome = await executor.run(request, inbound, plan, attempts, client, options);
    for await (const _ of outcome.answer.events ?? []) void _;
    return { provider: outcome.deployment.provider, attempts, outcome };
  };
  return { run, breakers, clock, alarms, inFlight, plan };
}

describe('AttemptExecutor', () => {
  it('moves to the next deployment when the first fails with a 5xx, and records both attempts', async () => {
    const p1 = fakeAdapter('p1', [fail('upstream_5xx', 500)]);
    const { run } = setup({ p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) });
    const { provider, attempts } = await run();
    expect(provider).toBe('p2');
    expect(attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
      ['p1', 'error', 'upstream_5xx'],
      ['p2', 'ok', undefined],
    ]);
  });

  it('asks no upstream for a client that has left (as one that left while waiting to retry)', async () => {
    const adapters = { p1: fakeAdapter('p1', ['ok']), p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) };
    const { run } = setup(adapters);
    const client = new ClientAbort();
    client.abort(new Error('client left'));
    await expect(run(client)).rejects.toMatchObject({ kind: 'client_gone' });
    expect(adapters.p1.calls + adapters.p2.calls + adapters.p3.calls).toBe(0);
  });

  it('marks the attempt a shutdown cut ended under way, and not one its upstream failed', async () => {
    // The first attempt fails with the very kind the cut carries: only the error itself tells them apart.
    const adapters = { p1: fakeAdapter('p1', [fail('unavailable', 503)]), p2: fakeAdapter('p2', ['until-aborted']) };
    const { run } = setup({ ...adapters, p3: fakeAdapter('p3', ['ok']) });
    const client = new ClientAbort();
    const cut = new GatewayError('unavailable', 'The gateway is shutting down');
    const attempts: AttemptRecord[] = [];
    const running = run(client, attempts);
    // The first attempt failed on its own; the second waits on its upstream when the cut comes.
    while (adapters.p2.calls === 0) await new Promise((resolve) => setImmediate(resolve));
    client.cut(cut);

    await expect(running).rejects.toBe(cut);
    expect(attempts.map((a) => [a.provider, a.errorKind, a.cut])).toEqual([
      ['p1', 'unavailable', undefined],
      ['p2', 'unavailable', true],
    ]);
  });

  it.each([false, true])(
    'leaves the finished attempts alone when the client leaves after the answer (relayed: %s)',
    async (relays) => {
      const adapters = {
        p1: fakeAdapter('p1', [fail('upstream_5xx', 500)], relays),
        p2: fakeAdapter('p2', ['ok'], relays),
        p3: fakeAdapter('p3', ['ok'], relays),
      };
      const inbound = relays ? OPENAI_BODY : undefined;
      const { run } = setup(adapters, 3, aRequest('hi'), inbound);
      const client = new ClientAbort();
      expect((await run(client)).provider).toBe('p2');
      const signals = [...adapters.p1.signals, ...adapters.p2.signals];
      expect(signals).toHaveLength(2);
      expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);

      client.abort(new Error('client left'));

      expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
    },
  );

  it('goes on to the fallback model once every deployment of the model failed', async () => {
    const { run } = setup({
      p1: fakeAdapter('p1', [fail('connection')]),
      p2: fakeAdapter('p2', [fail('overloaded', 529)]),
      p3: fakeAdapter('p3', ['ok']),
    });
    expect((await run()).provider).toBe('p3');
  });

  it('gives a request that must be relayed only to a deployment that relays it', async () => {
    const p1 = fakeAdapter('p1', ['ok']);
    const relayOnly = { param: 'previous_response_id', message: "Previous response with id 'r' not found." };
    const request = { ...aRequest('hi'), relayOnly };
    const adapters = { p1, p2: fakeAdapter('p2', ['ok'], true), p3: fakeAdapter('p3', ['ok']) };
    const { run } = setup(adapters, 3, request, OPENAI_BODY);
    expect((await run()).provider).toBe('p2');
    expect(p1.calls).toBe(0);
  });

  it('relays a request in its own format to a relaying deployment, handing back the upstream JSON', async () => {
    const p1 = fakeAdapter('p1', ['ok'], true);
    const adapters = { p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) };
    const { run, inFlight, plan } = setup(adapters, 3, aRequest('hi'), OPENAI_BODY);
    const p1Key = plan.find((d) => d.provider === 'p1')!.key;
    const relay = p1.relay!.bind(p1);
    let inFlightWhileRelaying: number | undefined;
    p1.relay = (request, inbound, call) => {
      inFlightWhileRelaying = inFlight.count(p1Key);
      return relay(request, inbound, call);
    };
    const { outcome, attempts } = await run();
    expect(outcome.relayed).toBe(true);
    expect(outcome.answer.relay).toEqual(expect.objectContaining({ kind: 'json', json: '{"from":"p1"}' }));
    expect(attempts.map((a) => [a.provider, a.outcome])).toEqual([['p1', 'ok']]);
    // Counted in flight while the upstream is asked, and no longer once the whole answer is in
    // (least-busy balancing reads this).
    expect(inFlightWhileRelaying).toBe(1);
    expect(outcome.deployment.key).toBe(p1Key);
    expect(inFlight.count(p1Key)).toBe(0);
  });

  it('translates for a relaying deployment when the request is in another format', async () => {
    const p1 = fakeAdapter('p1', ['ok'], true);
    const { run } = setup({ p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) });
    const { outcome } = await run();
    expect(outcome.relayed).toBe(false);
    expect(outcome.answer.events).toBeDefined();
  });

  it('moves a relayed request to the next deployment when the upstream refuses it', async () => {
    const p1 = fakeAdapter('p1', [fail('upstream_5xx', 502)], true);
    const p2 = fakeAdapter('p2', ['ok'], true);
    const { run } = setup({ p1, p2, p3: fakeAdapter('p3', ['ok']) }, 3, aRequest('hi'), OPENAI_BODY);
    const { provider, attempts } = await run();
    expect(provider).toBe('p2');
    expect(attempts.map((a) => [a.provider, a.errorKind])).toEqual([
      ['p1', 'upstream_5xx'],
      ['p2', undefined],
    ]);
  });

  it('gives up on a relay whose upstream says nothing, and tries the next deployment', async () => {
    const adapters = {
      p1: fakeAdapter('p1', ['hang'], true),
      p2: fakeAdapter('p2', ['ok'], true),
      p3: fakeAdapter('p3', ['ok']),
    };
    const plain = { mainReasons: false };
    const { provider, attempts } = await setup(adapters, 3, aRequest('hi', { stream: true }), OPENAI_BODY, plain).run();
    expect(provider).toBe('p2');
    expect(attempts[0]).toMatchObject({ provider: 'p1', errorKind: 'timeout' });
  });

  it.each([false, true])(
    'waits past the first-byte deadline for a whole answer, which comes only once the model is done (relayed: %s)',
    async (relays) => {
      const adapters = {
        p1: fakeAdapter('p1', ['slow'], relays),
        p2: fakeAdapter('p2', ['ok'], relays),
        p3: fakeAdapter('p3', ['ok'], relays),
      };
      const { provider, attempts } = await setup(adapters, 3, aRequest('hi'), relays ? OPENAI_BODY : undefined).run();
      expect(provider).toBe('p1');
      expect(attempts).toEqual([expect.objectContaining({ provider: 'p1', outcome: 'ok' })]);
      expect(adapters.p2.calls).toBe(0);
    },
  );

  it('gives up on a stream slower than the first-byte deadline, and tries the next deployment', async () => {
    const adapters = { p1: fakeAdapter('p1', ['slow']), p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) };
    const stream = aRequest('hi', { stream: true });
    const { provider, attempts } = await setup(adapters, 3, stream, undefined, { mainReasons: false }).run();
    expect(provider).toBe('p2');
    expect(attempts[0]).toMatchObject({ provider: 'p1', errorKind: 'timeout' });
  });

  it.each([false, true])(
    "waits past the first-byte deadline for a reasoning model's stream, silent while the model thinks (relayed: %s)",
    async (relays) => {
      const adapters = {
        p1: fakeAdapter('p1', ['slow'], relays),
        p2: fakeAdapter('p2', ['ok'], relays),
        p3: fakeAdapter('p3', ['ok'], relays),
      };
      const stream = aRequest('hi', { stream: true });
      const { provider, attempts } = await setup(adapters, 3, stream, relays ? OPENAI_BODY : undefined).run();
      expect(provider).toBe('p1');
      expect(attempts).toEqual([expect.objectContaining({ provider: 'p1', outcome: 'ok' })]);
      expect(adapters.p2.calls).toBe(0);
    },
  );

  it.each([
    ['a relayed stream that opens and then sends no frame', 'silent-stream', 'timeout'],
    ['a relayed stream that ends before its first frame', 'empty-stream', 'invalid_upstream_response'],
    ['a relay that throws within the call instead of rejecting', 'refuse-at-once', 'unavailable'],
  ] as const)('moves %s to the next deployment, recording the attempt', async (_case, behaviour, errorKind) => {
    const adapters = {
      p1: fakeAdapter('p1', [behaviour], true),
      p2: fakeAdapter('p2', ['ok'], true),
      p3: fakeAdapter('p3', ['ok']),
    };
    const plain = { mainReasons: false };
    const { provider, attempts } = await setup(adapters, 3, aRequest('hi', { stream: true }), OPENAI_BODY, plain).run();
    expect(provider).toBe('p2');
    expect(attempts[0]).toMatchObject({ provider: 'p1', outcome: 'error', errorKind });
  });

  it("gives a request naming a stored file only to deployments on an account of its vendor's, else refuses it", async () => {
    const field = 'messages[0].content[1].source';
    const request = aRequestNamingFile('Sum it up', 'document', { vendor: 'anthropic', fileId: 'file_011A', field });
    const onAnthropic = (adapter: ProviderAdapter & FakeRelay, storedFiles: boolean) =>
      Object.assign(adapter, { kind: 'anthropic', config: { ...adapter.config, type: 'anthropic', storedFiles } });
    const adapters = {
      // A server that speaks Anthropic's wire but is not Anthropic's API holds none of its files.
      p1: onAnthropic(fakeAdapter('p1', ['ok']), false),
      p2: onAnthropic(fakeAdapter('p2', ['ok']), true),
      p3: fakeAdapter('p3', ['ok']),
    };
    expect((await setup(adapters, 3, request).run()).provider).toBe('p2');
    expect(adapters.p1.calls).toBe(0);
    const none = { p1: fakeAdapter('p1', ['ok']), p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) };
    await expect(setup(none, 3, request).run()).rejects.toMatchObject({
      kind: 'invalid_request',
      status: 400,
      param: field,
    });
    expect(Object.values(none).map((a) => a.calls)).toEqual([0, 0, 0]);
  });

  it('gives an OpenAI image by file id to a deployment on the Responses API, else refuses it naming the field', async () => {
    const field = 'input[0].content[1].file_id';
    const request = aRequestNamingFile('What is in it?', 'image', { vendor: 'openai', fileId: 'file-9', field });
    const onOpenAI = (adapter: ProviderAdapter & FakeRelay, wireApi: 'chat' | 'responses') =>
      Object.assign(adapter, {
        kind: 'openai',
        config: { ...adapter.config, type: 'openai', storedFiles: true, wireApi },
      });
    const adapters = {
      p1: onOpenAI(fakeAdapter('p1', ['ok']), 'chat'),
      p2: onOpenAI(fakeAdapter('p2', ['ok']), 'responses'),
      p3: fakeAdapter('p3', ['ok']),
    };
    expect((await setup(adapters, 3, request).run()).provider).toBe('p2');
    expect(adapters.p1.calls).toBe(0);
    const chatOnly = {
      p1: onOpenAI(fakeAdapter('p1', ['ok']), 'chat'),
      p2: onOpenAI(fakeAdapter('p2', ['ok']), 'chat'),
      p3: fakeAdapter('p3', ['ok']),
    };
    await expect(setup(chatOnly, 3, request).run()).rejects.toMatchObject({
      kind: 'invalid_request',
      status: 400,
      param: field,
      message: expect.stringContaining('Responses API'),
    });
    expect(Object.values(chatOnly).map((a) => a.calls)).toEqual([0, 0, 0]);
  });

  it('refuses a request that must be relayed when no deployment relays, naming the field', async () => {
    const relayOnly = { param: 'previous_response_id', message: "Previous response with id 'r' not found." };
    const request = { ...aRequest('hi'), relayOnly };
    const adapters = { p1: fakeAdapter('p1', ['ok']), p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) };
    const { run } = setup(adapters, 3, request);
    await expect(run()).rejects.toMatchObject({ kind: 'invalid_request', status: 400, param: 'previous_response_id' });
    expect(Object.values(adapters).map((a) => a.calls)).toEqual([0, 0, 0]);
  });

  it('tells a request that must be relayed when to come back while its relaying deployment cools down', async () => {
    const relayOnly = { param: 'previous_response_id', message: "Previous response with id 'r' not found." };
    const request = { ...aRequest('hi'), relayOnly };
    const adapters = {
      p1: fakeAdapter('p1', ['ok']),
      p2: fakeAdapter('p2', ['ok'], true),
      p3: fakeAdapter('p3', ['ok']),
    };
    const { run, breakers } = setup(adapters, 3, request, OPENAI_BODY);
    for (let i = 0; i < 3; i++) breakers.get('main/1').recordFailure();
    await expect(run()).rejects.toMatchObject({ kind: 'unavailable', status: 503, retryAfterMs: 30_000 });
  });

  it('tells a request that must be relayed not to retry while its relaying deployment is benched for billing', async () => {
    const relayOnly = { param: 'previous_response_id', message: "Previous response with id 'r' not found." };
    const request = { ...aRequest('hi'), relayOnly };
    const unpaid = fakeAdapter('p2', [fail('upstream_billing', 402)], true);
    const adapters = { p1: fakeAdapter('p1', ['ok']), p2: unpaid, p3: fakeAdapter('p3', ['ok']) };
    const { run } = setup(adapters, 3, request, OPENAI_BODY);
    await expect(run()).rejects.toMatchObject({ kind: 'upstream_billing' });
    await expect(run()).rejects.toMatchObject({ kind: 'upstream_billing' });
    expect([adapters.p1.calls, unpaid.calls, adapters.p3.calls]).toEqual([0, 1, 0]);
  });

  it('does not retry a request the upstream called bad', async () => {
    const p2 = fakeAdapter('p2', ['ok']);
    const { run } = setup({ p1: fakeAdapter('p1', [fail('bad_request', 400)]), p2, p3: fakeAdapter('p3', ['ok']) });
    await expect(run()).rejects.toMatchObject({ kind: 'bad_request' });
    expect(p2.calls).toBe(0);
  });

  it('moves a prompt too long for its model past that model’s other deployments to a larger window', async () => {
    const adapters = {
      p1: fakeAdapter('p1', [fail('context_length', 400)]),
      p2: fakeAdapter('p2', ['ok']),
      p3: fakeAdapter('p3', ['ok']),
    };
    const { run, breakers } = setup(adapters, 3, aRequest('hi'), undefined, { main: 8_192, backup: 200_000 });
    expect((await run()).provider).toBe('p3');
    expect(adapters.p2.calls).toBe(0);
    expect(breakers.get('main/0').state()).toBe('closed');
  });

  it.each([
    ['the same window', { main: 8_192, backup: 8_192 }],
    ['the fallback’s window unknown', { main: 8_192 }],
    ['the refusing model’s window unknown', { backup: 200_000 }],
  ])(
    'answers a prompt too long for its model with the refusal when no other window is known larger (%s)',
    async (_what, windows) => {
      const adapters = {
        p1: fakeAdapter('p1', [fail('context_length', 400)]),
        p2: fakeAdapter('p2', ['ok']),
        p3: fakeAdapter('p3', ['ok']),
      };
      const { run } = setup(adapters, 3, aRequest('hi'), undefined, windows);
      await expect(run()).rejects.toMatchObject({ kind: 'context_length' });
      expect(adapters.p2.calls + adapters.p3.calls).toBe(0);
    },
  );

  it('fails a refused key over to the fallback model, opening that deployment’s breaker at once', async () => {
    const p1 = fakeAdapter('p1', [fail('auth', 401), 'ok']);
    const { run, breakers, alarms } = setup({
      p1,
      p2: fakeAdapter('p2', [fail('auth', 403)]),
      p3: fakeAdapter('p3', ['ok']),
    });
    const { provider, attempts } = await run();
    expect(provider).toBe('p3');
    expect(attempts.map((a) => [a.provider, a.errorKind])).toEqual([
      ['p1', 'auth'],
      ['p2', 'auth'],
      ['p3', undefined],
    ]);
    expect(breakers.get('main/0').state()).toBe('open');
    expect(alarms.get('p1')?.detail).toBe('auth happened');
    await run();
    expect(p1.calls).toBe(1);
  });

  it('opens the breaker and raises the provider’s alarm for an account refused midway through a stream', async () => {
    const p1 = fakeAdapter('p1', [{ midway: fail('upstream_billing', 400) }, 'ok']);
    const { run, breakers, alarms } = setup({ p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) });
    await expect(run()).rejects.toMatchObject({ kind: 'upstream_billing' });
    expect(breakers.get('main/0').state()).toBe('open');
    expect(alarms.get('p1')?.detail).toBe('upstream_billing happened');
    // Benched: the next request goes to the next deployment.
    expect((await run()).provider).toBe('p2');
    expect(p1.calls).toBe(1);
  });

  it('counts an upstream failure midway through a stream once against the breaker', async () => {
    const p1 = fakeAdapter('p1', [{ midway: fail('upstream_5xx', 502) }]);
    const { run, breakers, alarms } = setup({ p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) });
    await expect(run()).rejects.toMatchObject({ kind: 'upstream_5xx' });
    expect(breakers.get('main/0').snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
    expect(alarms.get('p1')).toBeUndefined();
  });

  it('lets the next request probe a half-open deployment whose probe was refused as the client’s mistake', async () => {
    const p1 = fakeAdapter('p1', [fail('auth', 401), fail('bad_request', 400), 'ok']);
    const { run, clock } = setup({ p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) });
    expect((await run()).provider).toBe('p2');
    clock.advance(30_000);
    await expect(run()).rejects.toMatchObject({ kind: 'bad_request' });
    // Not held back for the probe timeout: the bad request said nothing of the deployment.
    expect((await run()).provider).toBe('p1');
    expect(p1.calls).toBe(3);
  });

  it('clears a provider’s alarm once a call to it succeeds again', async () => {
    const { run, alarms, clock } = setup({
      p1: fakeAdapter('p1', [fail('auth', 401), 'ok']),
      p2: fakeAdapter('p2', ['ok']),
      p3: fakeAdapter('p3', ['ok']),
    });
    await run();
    expect(alarms.get('p1')).toBeDefined();
    clock.advance(30_000);
    expect((await run()).provider).toBe('p1');
    expect(alarms.get('p1')).toBeUndefined();
  });

  it('answers a 5xx-class error, never the upstream’s 401, when every candidate refuses the key', async () => {
    const refused = () => fakeAdapter('x', [fail('auth', 401)]);
    const { run } = setup({ p1: refused(), p2: refused(), p3: refused() });
    const err = (await run().catch((e: unknown) => e)) as GatewayError;
    expect(err).toMatchObject({ kind: 'auth' });
    expect(err.status).toBeGreaterThanOrEqual(500);
  });

  it('passes reasoning options only to models that can reason', async () => {
    const p2 = fakeAdapter('p2', [fail('upstream_5xx', 500)]);
    const p3 = fakeAdapter('p3', ['ok']);
    const request = aRequest('think hard', { reasoning: { enabled: true, effort: 'high' } });
    const { run } = setup({ p1: fakeAdapter('p1', [fail('connection')]), p2, p3 }, 3, request);
    expect((await run()).provider).toBe('p3');
    expect(p2.seen[0].reasoning).toEqual({ enabled: true, effort: 'high' });
    expect(p3.seen[0].reasoning).toBeUndefined();
    expect(p3.seen[0].messages).toBe(request.messages);
  });

  it('tells each upstream call whether its model has the reasoning and vision capabilities', async () => {
    const p2 = fakeAdapter('p2', [fail('upstream_5xx', 500)]);
    const p3 = fakeAdapter('p3', ['ok']);
    const { run } = setup({ p1: fakeAdapter('p1', [fail('connection')]), p2, p3 }, 3);
    await run();
    expect([...p2.reasoningModels, ...p3.reasoningModels]).toEqual([true, false]);
    expect([...p2.visionModels, ...p3.visionModels]).toEqual([false, true]);
  });

  it('gives up on a stream whose upstream accepts and then says nothing, and tries the next', async () => {
    const adapters = { p1: fakeAdapter('p1', ['hang']), p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) };
    const { run } = setup(adapters, 3, aRequest('hi', { stream: true }), undefined, { mainReasons: false });
    const { provider, attempts } = await run();
    expect(provider).toBe('p2');
    expect(attempts[0].errorKind).toBe('timeout');
  });

  it('stops calling a deployment whose breaker opened, until its cooldown has passed', async () => {
    const p1 = fakeAdapter('p1', [
      fail('upstream_5xx', 500),
      fail('upstream_5xx', 500),
      fail('upstream_5xx', 500),
      'ok',
    ]);
    const { run, clock, breakers } = setup({ p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) });
    for (let i = 0; i < 3; i++) await run();
    expect(breakers.get('main/0').state()).toBe('open');
    await run();
    await run();
    expect(p1.calls).toBe(3);
    clock.advance(30_000);
    expect((await run()).provider).toBe('p1');
    expect(breakers.get('main/0').state()).toBe('closed');
  });

  it('answers 503 with a retry-after when every deployment is cooling down', async () => {
    const down = () => fakeAdapter('x', [fail('upstream_5xx', 500)]);
    const { run, breakers } = setup({ p1: down(), p2: down(), p3: down() }, 1);
    for (const key of ['main/0', 'main/1', 'backup/0']) for (let i = 0; i < 3; i++) breakers.get(key).recordFailure();
    await expect(run()).rejects.toMatchObject({ kind: 'unavailable', status: 503, retryAfterMs: 30_000 });
  });

  it('tells the client not to come back when every deployment is benched for billing', async () => {
    const unpaid = () => fakeAdapter('x', [fail('upstream_billing', 429)]);
    const { run, breakers } = setup({ p1: unpaid(), p2: unpaid(), p3: unpaid() });
    await expect(run()).rejects.toMatchObject({ kind: 'upstream_billing' });
    expect(breakers.get('backup/0').snapshot()).toMatchObject({ state: 'open', untilOperatorActs: true });
    // Nothing is tried now, and the answer is still the billing refusal, with no wait to come back after.
    const err = (await run().catch((e: unknown) => e)) as GatewayError;
    expect(err).toMatchObject({ kind: 'upstream_billing', retryAfterMs: undefined });
  });

  it('reports a failure a retry may cure rather than a billing refusal that came after it', async () => {
    const { run } = setup({
      p1: fakeAdapter('p1', [fail('upstream_5xx', 502)]),
      p2: fakeAdapter('p2', [fail('upstream_billing', 402)]),
      p3: fakeAdapter('p3', [fail('upstream_billing', 402)]),
    });
    await expect(run()).rejects.toMatchObject({ kind: 'upstream_5xx' });
  });

  it('does not tell the client to stop retrying while a deployment it did not reach may answer', async () => {
    const unpaid = () => fakeAdapter('x', [fail('upstream_billing', 402)]);
    const { run } = setup({ p1: unpaid(), p2: unpaid(), p3: fakeAdapter('p3', ['ok']) }, 2);
    // With no wait: the deployment not reached may answer the retry at once.
    await expect(run()).rejects.toMatchObject({ kind: 'unavailable', status: 503, retryAfterMs: undefined });
  });

  it('names no wait after a billing refusal while a deployment it did not reach is free, though another cools down', async () => {
    const ok = () => fakeAdapter('x', ['ok']);
    const { run, breakers } = setup({ p1: fakeAdapter('p1', [fail('upstream_billing', 402)]), p2: ok(), p3: ok() }, 1);
    for (let i = 0; i < 3; i++) breakers.get('main/1').recordFailure();
    await expect(run()).rejects.toMatchObject({ kind: 'unavailable', retryAfterMs: undefined });
  });

  it('tells the client when to come back after a billing refusal while the others cool down', async () => {
    const ok = () => fakeAdapter('x', ['ok']);
    const { run, breakers } = setup({ p1: fakeAdapter('p1', [fail('upstream_billing', 402)]), p2: ok(), p3: ok() });
    for (const key of ['main/1', 'backup/0']) for (let i = 0; i < 3; i++) breakers.get(key).recordFailure();
    await expect(run()).rejects.toMatchObject({ kind: 'unavailable', retryAfterMs: 30_000 });
  });

  it('makes no more attempts than configured', async () => {
    const p3 = fakeAdapter('p3', ['ok']);
    const { run } = setup(
      { p1: fakeAdapter('p1', [fail('timeout')]), p2: fakeAdapter('p2', [fail('timeout')]), p3 },
      2,
    );
    await expect(run()).rejects.toMatchObject({ kind: 'timeout' });
    expect(p3.calls).toBe(0);
  });

  it("holds a first attempt to its own timeout_ms, not to the run's deadline taken a moment before it", async () => {
    const p1 = fakeAdapter('p1', ['ok']);
    const started = setup({ p1, p2: fakeAdapter('p2', ['ok']), p3: fakeAdapter('p3', ['ok']) });
    // The run's deadline was taken 5 ms before its first attempt starts.
    const deadline = started.clock.monotonic() + 10_000 - 5;
    const { provider } = await started.run(undefined, undefined, { deadline });
    expect(provider).toBe('p1');
    expect(p1.deadlines[0]?.totalMs).toBe(10_000);
  });

  it('gives a later attempt only what is left of timeout_ms, and starts none once it is spent', async () => {
    const held: { clock?: ManualClock } = {};
    const failing = fakeAdapter('p1', [fail('upstream_5xx', 500)]);
    // The first attempt fails 9.99 s into the run's 10 s.
    const p1: ProviderAdapter = {
      ...failing,
      chat: (request, call) => {
        held.clock?.advance(9_990);
        return failing.chat(request, call);
      },
    };
    const hanging = fakeAdapter('p2', ['hang']);
    // The second hangs through the 10 ms left: the run's time is spent when it is given up.
    const p2: ProviderAdapter & FakeRelay = {
      ...hanging,
      chat: (request, call) => {
        call.signal.addEventListener('abort', () => held.clock?.advance(10));
        return hanging.chat(request, call);
      },
    };
    const p3 = fakeAdapter('p3', ['ok']);
    const started = setup({ p1, p2, p3 });
    held.clock = started.clock;
    await expect(started.run()).rejects.toMatchObject({ kind: 'timeout' });
    expect(hanging.deadlines[0]?.totalMs).toBe(10);
    expect(p3.calls).toBe(0);
  });
});
