import type { MockBehaviour, ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { systemClock } from '#src/core/clock.js';
import type { Clock } from '#src/core/clock.js';
import { estimateTokens } from '#src/core/token-estimate.js';
import type { ProviderAdapter, ProviderHealth, UpstreamCall, UpstreamModel } from '#src/providers/provider.types.js';
import { abortableDelay } from './mock.delay.js';
import { mockEvents } from './mock.events.js';
import { mockFailure } from './mock.failure.js';
import { planMockReply } from './mock.reply.js';

export const DEFAULT_MOCK_BEHAVIOUR: MockBehaviour = {
  latencyMs: 0,
  chunkDelayMs: 0,
  wordsPerChunk: 1,
  failEvery: 0,
  failWith: 'upstream_5xx',
};

/** The model id the mock reports; it answers to any upstream model name. */
export const MOCK_MODEL_ID = 'switchyard-demo';

/**
 * A deterministic upstream without HTTP: the demo when no key is configured, and the stand-in
 * for a real provider in tests and benchmarks (latency, chunk pacing and failures configurable).
 */
export class MockAdapter implements ProviderAdapter {
  readonly kind = 'mock' as const;
  private readonly behaviour: MockBehaviour;
  private readonly clock: Clock;
  /** Counts calls across the adapter's life; `failEvery` is judged on it. */
  private calls = 0;

  constructor(
    readonly config: ProviderConfig,
    options: { clock?: Clock } = {},
  ) {
    this.behaviour = { ...DEFAULT_MOCK_BEHAVIOUR, ...config.mock };
    this.clock = options.clock ?? systemClock;
  }

  async *chat(request: ChatRequest, call: UpstreamCall): AsyncGenerator<ChatEvent> {
    const number = ++this.calls;
    const provider = this.config.name;
    await abortableDelay(this.behaviour.latencyMs, call.signal, provider);
    const { failEvery } = this.behaviour;
    if (failEvery > 0 && number % failEvery === 0) throw mockFailure(this.behaviour, number, provider);
    const reply = planMockReply(request, call.upstreamModel, this.behaviour.reply);
    yield* mockEvents(reply, {
      id: `msg_mock_${number}`,
      model: call.upstreamModel,
      inputTokens: estimateTokens(request),
      behaviour: this.behaviour,
      signal: call.signal,
      provider,
    });
  }

  async listModels(): Promise<UpstreamModel[]> {
    return [{ id: MOCK_MODEL_ID }];
  }

  async health(): Promise<ProviderHealth> {
    return { status: 'up', checkedAt: this.clock.now() };
  }
}
