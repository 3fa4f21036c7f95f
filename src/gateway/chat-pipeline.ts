import { Injectable } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import { BalancingStage, type BalanceOptions } from '#src/balancing/balancing.stage.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { AttemptExecutor, type AttemptAnswer } from '#src/fallback/attempt-executor.js';
import { Router, type RouteDecision } from '#src/routing/router.service.js';
import type { ExchangeRecord } from '#src/core/exchange-record.js';

/**
 * An answer whose first event (or relayed frame) has arrived: from here on, failures can no
 * longer move elsewhere. It carries canonical `events` for the dialect to encode, or, relayed, the
 * upstream's own JSON or SSE frames for the responder to write as they came.
 */
export type OpenedAnswer = AttemptAnswer & { meta: ResponseMeta };

/** What a request would be tried on: the route taken, and the deployments in try order. */
export interface PlannedRequest {
  decision: RouteDecision;
  deployments: DeploymentRef[];
}

/**
 * The only place routing, balancing and failover meet: route the request, order the deployments,
 * and try them until one starts answering; hand back its event stream once the first event is in,
 * so a failure before the first byte can still move elsewhere or become a proper HTTP error.
 * Router → BalancingStage → AttemptExecutor; `plan` with `dryRun` is the first two without moving
 * any balancer (what `/api/route/explain` shows).
 */
@Injectable()
export class ChatPipeline {
  constructor(
    private readonly router: Router,
    private readonly balancing: BalancingStage,
    private readonly executor: AttemptExecutor,
  ) {}

  async plan(request: ChatRequest, options: BalanceOptions = {}): Promise<PlannedRequest> {
    const decision = await this.router.route(request);
    return { decision, deployments: this.balancing.order(decision, options) };
  }

  async open(request: ChatRequest, record: ExchangeRecord, signal: AbortSignal): Promise<OpenedAnswer> {
    const { decision, deployments } = await this.plan(request);
    record.route = decision.explanation;
    const { deployment, answer, relayed } = await this.executor.run(request, deployments, record.attempts, signal);
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
    return { ...answer, meta };
  }
}
