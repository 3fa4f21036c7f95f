import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ChatRequest } from '#src/core/chat.types.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { ChatPipeline } from './chat-pipeline.js';
import { KeyGate } from './key-gate.js';

/**
 * The dry run: the pipeline's own plan with `dryRun` (nothing is called, no balancer moves), shown
 * with each deployment's breaker; a deployment behind an open breaker is one the executor would skip,
 * and no more are listed than `fallback.max_attempts` lets a request try. Under a rotating strategy
 * (weighted, round-robin) the first listed is the heaviest, where a real request's first follows the rotation.
 * Asked with a client key, it is that key's route: its default model, its allowlist, its refusals.
 */
@Injectable()
export class RouteExplainer {
  constructor(
    private readonly pipeline: ChatPipeline,
    private readonly breakers: BreakerBoard,
    private readonly keys: KeyGate,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** `from`: the HTTP request whose client key the route is for (none for the admin playground). */
  async explain(request: ChatRequest, from?: FastifyRequest) {
    const allows = from === undefined ? undefined : this.keys.allowance(from, request);
    const { decision, deployments } = await this.pipeline.plan(request, allows, { dryRun: true });
    const skipped = [...(decision.explanation.skipped ?? [])];
    const candidates = deployments.flatMap((d) => {
      const breaker = this.breakers.get(d.key).snapshot();
      if (breaker.state === 'open') {
        skipped.push({ model: d.model.name, why: `deployment ${d.key} (${d.provider}): circuit breaker open` });
        return [];
      }
      return [
        { model: d.model.name, deployment: d.key, provider: d.provider, weight: d.weight, breaker: breaker.state },
      ];
    });
    const { skipped: _, ...route } = decision.explanation;
    const tried = candidates.slice(0, this.config.fallback.maxAttempts);
    return { model: tried[0]?.model ?? null, candidates: tried, _route: route, skipped };
  }
}
