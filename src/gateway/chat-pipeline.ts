import { Inject, Injectable } from '@nestjs/common';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { CLOCK, type Clock } from '#src/core/clock.js';
import { GatewayError, isGatewayError } from '#src/core/gateway-error.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/models/model-catalog.js';
import { ProviderRegistry } from '#src/providers/provider.registry.js';
import type { Deadlines } from '#src/providers/shared/upstream-http.js';
import { Router } from '#src/routing/router.service.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import type { ExchangeRecord } from './exchange-record.js';

/** An answer whose first event has arrived: from here on, failures can no longer move elsewhere. */
export interface OpenedAnswer {
  meta: ResponseMeta;
  events: AsyncIterable<ChatEvent>;
}

/**
 * The only place routing, providers and observation meet: route the request, call the chosen
 * deployment, and hand back the event stream once its first event is in (so that a failure
 * before the first byte can still become a proper HTTP error).
 */
@Injectable()
export class ChatPipeline {
  private readonly deadlines: Deadlines;

  constructor(
    private readonly router: Router,
    private readonly catalog: ModelCatalog,
    private readonly providers: ProviderRegistry,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const f = config.fallback;
    this.deadlines = { firstByteMs: f.firstByteTimeoutMs, idleMs: f.idleTimeoutMs, totalMs: f.timeoutMs };
  }

  async open(request: ChatRequest, record: ExchangeRecord, signal: AbortSignal): Promise<OpenedAnswer> {
    const decision = this.router.route(request);
    record.route = decision.explanation;
    const model = decision.candidates[0];
    return this.attempt(request, model, record, signal);
  }

  private async attempt(
    request: ChatRequest,
    model: ModelConfig,
    record: ExchangeRecord,
    signal: AbortSignal,
  ): Promise<OpenedAnswer> {
    const deployment = this.catalog.usableDeployments(model)[0];
    const adapter = deployment && this.providers.get(deployment.provider);
    if (!deployment || !adapter) {
      throw new GatewayError('unavailable', `The model '${model.name}' has no configured provider`);
    }
    record.model = model.name;
    record.provider = deployment.provider;
    const started = this.clock.monotonic();
    const finish = (outcome: 'ok' | 'error', err?: GatewayError) =>
      record.attempts.push({
        model: model.name,
        provider: deployment.provider,
        outcome,
        errorKind: err?.kind,
        status: err?.upstreamStatus,
        ms: Math.round(this.clock.monotonic() - started),
      });
    const events = adapter.chat(request, {
      upstreamModel: deployment.upstreamModel,
      signal,
      deadlines: this.deadlines,
    });
    const iterator = events[Symbol.asyncIterator]();
    try {
      const first = await iterator.next();
      if (first.done) throw new GatewayError('invalid_upstream_response', 'The upstream answered with an empty stream');
      finish('ok');
      const meta: ResponseMeta = {
        model: model.name,
        provider: deployment.provider,
        requestId: record.requestId,
        route: record.route ?? { reason: 'explicit' },
        attempts: record.attempts,
      };
      return { meta, events: prepend(first.value, iterator) };
    } catch (err) {
      const error = isGatewayError(err)
        ? err
        : new GatewayError('internal', 'The upstream call failed', { cause: err });
      finish('error', error);
      throw error;
    }
  }
}

async function* prepend(first: ChatEvent, rest: AsyncIterator<ChatEvent>): AsyncGenerator<ChatEvent> {
  yield first;
  yield* { [Symbol.asyncIterator]: () => rest };
}
