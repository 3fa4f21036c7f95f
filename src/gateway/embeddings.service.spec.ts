import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { BalancingStage } from '#src/balancing/balancing.stage.js';
import { HeaviestFirstBalancer } from '#src/balancing/heaviest-first.balancer.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { AttemptRecord } from '#src/core/route.types.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { AttemptOutcomes } from '#src/fallback/attempt-outcomes.js';
import { FailureReports } from '#src/fallback/failure-reports.js';
import { ProviderAlarms } from '#src/providers/provider-alarms.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { WeightsService } from '#src/catalog/weights.service.js';
import type { ProviderRegistry } from '#src/providers/provider.registry.js';
import type { EmbeddingRequest } from '#src/providers/provider.types.js';
import { EmbeddingsService } from './embeddings.service.js';

type Behaviour = 'ok' | GatewayError;

/** An embedding upstream that answers as scripted and records what it was asked. */
function embedder(name: string, behaviour: Behaviour) {
  const seen: EmbeddingRequest[] = [];
  return {
    seen,
    kind: 'openai',
    embeddings: async (request: EmbeddingRequest) => {
      seen.push(request);
      if (behaviour instanceof GatewayError) throw behaviour;
      return { vectors: request.input.map(() => [name.length]), inputTokens: 4 };
    },
  };
}

/** A chat-only upstream (no `embeddings`), as Anthropic's is. */
const chatOnly = { kind: 'anthropic' };

function setup(adapters: Record<string, object>, alarms = new ProviderAlarms()) {
  const models = [
    aModel('embed', {
      capabilities: ['embeddings'],
      // Heaviest first: `first` is tried before `second`.
      deployments: [
        { provider: 'first', upstreamModel: 'te-3', weight: 2 },
        { provider: 'second', upstreamModel: 'te-3-b', weight: 1 },
      ],
      fallbacks: ['other'],
    }),
    aModel('other', { deployments: [{ provider: 'third', upstreamModel: 'x', weight: 1 }] }),
    aModel('claude', { deployments: [{ provider: 'claude', upstreamModel: 'c', weight: 1 }] }),
  ];
  const config = aConfig(models);
  const catalog = new ModelCatalog(
    config,
    new WeightsService(config, { load: () => ({}), save: async () => undefined, history: async () => [] }),
  );
  const registry = { get: (name: string) => adapters[name] } as unknown as ProviderRegistry;
  const clock = new ManualClock();
  const breakers = new BreakerBoard(clock, config.fallback.breaker);
  const balancing = new BalancingStage(catalog, new HeaviestFirstBalancer(), new HeaviestFirstBalancer());
  const outcomes = new AttemptOutcomes(breakers, alarms, clock);
  return new EmbeddingsService(
    catalog,
    registry,
    breakers,
    outcomes,
    new FailureReports(breakers, clock),
    balancing,
    config,
    clock,
  );
}

const signal = new AbortController().signal;

describe('EmbeddingsService', () => {
  it("asks the model's first deployment with its upstream name and says who answered", async () => {
    const first = embedder('first', 'ok');
    const service = setup({ first, second: embedder('second', 'ok') });
    const answer = await service.embed({ model: 'embed', input: ['a', 'b'], dimensions: 8 }, signal);
    expect(answer).toEqual({ vectors: [[5], [5]], inputTokens: 4, model: 'embed', provider: 'first' });
    expect(first.seen[0]).toMatchObject({ model: 'te-3', input: ['a', 'b'], dimensions: 8 });
  });

  it('fails over to the next deployment when one is down', async () => {
    const down = embedder('first', new GatewayError('connection', 'refused'));
    const service = setup({ first: down, second: embedder('second', 'ok') });
    const attempts: AttemptRecord[] = [];
    await expect(service.embed({ model: 'embed', input: ['a'] }, signal, attempts)).resolves.toMatchObject({
      provider: 'second',
    });
    expect(attempts).toEqual([
      { model: 'embed', provider: 'first', outcome: 'error', errorKind: 'connection', ms: 0 },
      { model: 'embed', provider: 'second', outcome: 'ok', ms: 0 },
    ]);
  });

  it("raises the provider's alarm when it refuses the gateway's key, and clears it once it answers", async () => {
    const alarms = new ProviderAlarms();
    const refusing = embedder('first', new GatewayError('auth', 'key refused', { upstreamStatus: 401 }));
    await setup({ first: refusing, second: embedder('second', 'ok') }, alarms).embed(
      { model: 'embed', input: ['a'] },
      signal,
    );
    expect(alarms.get('first')?.detail).toBe('key refused');
    await setup({ first: embedder('first', 'ok'), second: embedder('second', 'ok') }, alarms).embed(
      { model: 'embed', input: ['a'] },
      signal,
    );
    expect(alarms.get('first')).toBeUndefined();
  });

  it("never answers with a fallback model's vectors, which live in another space", async () => {
    const third = embedder('third', 'ok');
    const service = setup({
      first: embedder('first', new GatewayError('upstream_5xx', 'boom')),
      second: embedder('second', new GatewayError('upstream_5xx', 'boom')),
      third,
    });
    await expect(service.embed({ model: 'embed', input: ['a'] }, signal)).rejects.toMatchObject({
      kind: 'upstream_5xx',
    });
    expect(third.seen).toEqual([]);
  });

  it('tells the client of a failure a retry may cure, not of one deployment refused for billing', async () => {
    const unpaid = new GatewayError('upstream_billing', 'credit used up', { upstreamStatus: 402 });
    const service = setup({
      first: embedder('first', new GatewayError('upstream_5xx', 'boom', { upstreamStatus: 503 })),
      second: embedder('second', unpaid),
    });
    await expect(service.embed({ model: 'embed', input: ['a'] }, signal)).rejects.toMatchObject({
      kind: 'upstream_5xx',
    });
  });

  it('says billing is refused, with no wait, once every deployment is benched for it', async () => {
    const unpaid = () => embedder('x', new GatewayError('upstream_billing', 'credit used up', { upstreamStatus: 402 }));
    const service = setup({ first: unpaid(), second: unpaid() });
    await expect(service.embed({ model: 'embed', input: ['a'] }, signal)).rejects.toMatchObject({
      kind: 'upstream_billing',
    });
    const untried = await service.embed({ model: 'embed', input: ['a'] }, signal).catch((err: unknown) => err);
    expect(untried).toMatchObject({ kind: 'upstream_billing', retryAfterMs: undefined });
  });

  it('names the soonest cool-down when every deployment is benched for a while', async () => {
    const refused = () => embedder('x', new GatewayError('auth', 'key refused', { upstreamStatus: 401 }));
    const service = setup({ first: refused(), second: refused() });
    await expect(service.embed({ model: 'embed', input: ['a'] }, signal)).rejects.toMatchObject({ kind: 'auth' });
    await expect(service.embed({ model: 'embed', input: ['a'] }, signal)).rejects.toMatchObject({
      kind: 'unavailable',
      retryAfterMs: 30_000,
    });
  });

  it("stops at the client's own mistake instead of trying elsewhere", async () => {
    const second = embedder('second', 'ok');
    const service = setup({ first: embedder('first', GatewayError.invalid('input', 'too long')), second });
    await expect(service.embed({ model: 'embed', input: ['a'] }, signal)).rejects.toMatchObject({ param: 'input' });
    expect(second.seen).toEqual([]);
  });

  it('refuses a model whose provider cannot embed, naming the provider kind', async () => {
    const service = setup({ claude: chatOnly });
    await expect(service.embed({ model: 'claude', input: ['a'] }, signal)).rejects.toMatchObject({
      kind: 'invalid_request',
      param: 'model',
      message: "The model 'claude' cannot produce embeddings: its provider (anthropic) does not serve them",
    });
  });

  it('marks an attempt cut by the gateway while its upstream works, so the call is charged as one cut short', async () => {
    const shutdown = new GatewayError('unavailable', 'The gateway is shutting down');
    // An upstream that never answers: the cut ends its call with the cut's own error, as the HTTP adapters do.
    let called!: () => void;
    const working = new Promise<void>((resolve) => (called = resolve));
    const stalled = {
      kind: 'openai',
      embeddings: ({ signal: call }: EmbeddingRequest) => {
        called();
        return new Promise((_, reject) => call.addEventListener('abort', () => reject(call.reason as Error)));
      },
    };
    const service = setup({ first: stalled, second: embedder('second', 'ok') });
    const cut = new AbortController();
    const attempts: AttemptRecord[] = [];
    const embedding = service.embed({ model: 'embed', input: ['a'] }, cut.signal, attempts);
    await working;
    cut.abort(shutdown);
    await expect(embedding).rejects.toBe(shutdown);
    expect(attempts).toEqual([
      { model: 'embed', provider: 'first', outcome: 'error', errorKind: 'unavailable', cut: true, ms: 0 },
    ]);
  });

  it('calls no upstream for a request cut before its first attempt', async () => {
    const shutdown = new GatewayError('unavailable', 'The gateway is shutting down');
    const first = embedder('first', 'ok');
    const cut = new AbortController();
    cut.abort(shutdown);
    const attempts: AttemptRecord[] = [];
    await expect(
      setup({ first, second: embedder('second', 'ok') }).embed({ model: 'embed', input: ['a'] }, cut.signal, attempts),
    ).rejects.toBe(shutdown);
    expect(first.seen).toEqual([]);
    expect(attempts).toEqual([]);
  });

  it('answers an unknown model as not found', async () => {
    await expect(setup({}).embed({ model: 'nope', input: ['a'] }, signal)).rejects.toMatchObject({
      kind: 'model_not_found',
    });
  });
});
