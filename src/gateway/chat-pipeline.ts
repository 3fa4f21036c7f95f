import { Inject, Injectable } from '@nestjs/common';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { DEPLOYMENT_BALANCER } from '#src/balancing/balancing.module.js';
import type { Balancer } from '#src/balancing/balancer.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { AttemptExecutor } from '#src/fallback/attempt-executor.js';
import { planAttempts } from '#src/fallback/attempt-plan.js';
import { ModelCatalog } from '#src/models/model-catalog.js';
import { Router } from '#src/routing/router.service.js';
import type { ExchangeRecord } from './exchange-record.js';

/** An answer whose first event has arrived: from here on, failures can no longer move elsewhere. */
export interface OpenedAnswer {
  meta: ResponseMeta;
  events: AsyncIterable<ChatEvent>;
}

/**
 * The only place routing, balancing and failover meet: route the request, order the deployments,
 * and try them until one starts answering; hand back its event stream once the first event is in,
 * so a failure before the first byte can still move elsewhere or become a proper HTTP error.
 */
@Injectable()
export class ChatPipeline {
  constructor(
    private readonly router: Router,
    private readonly catalog: ModelCatalog,
    private readonly executor: AttemptExecutor,
    @Inject(DEPLOYMENT_BALANCER) private readonly balancer: Balancer,
  ) {}

  async open(request: ChatRequest, record: ExchangeRecord, signal: AbortSignal): Promise<OpenedAnswer> {
    const decision = await this.router.route(request);
    record.route = decision.explanation;
    const plan = planAttempts(decision.candidates, this.catalog, this.balancer);
    const { deployment, events, relayed } = await this.executor.run(request, plan, record.attempts, signal);
    record.model = deployment.model.name;
    record.provider = deployment.provider;
    const meta: ResponseMeta = {
      model: deployment.model.name,
      provider: deployment.provider,
      requestId: record.requestId,
      route: decision.explanation,
      attempts: record.attempts,
      // A relayed body lost nothing, so what the decoder left out is news only for a translation.
      warnings: relayed ? [] : (request.warnings ?? []),
      startedAt: record.startedAt,
    };
    return { meta, events };
  }
}
