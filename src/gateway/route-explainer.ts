import { Injectable } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { ChatPipeline } from './chat-pipeline.js';

/**
 * The dry run: the pipeline's own plan with `dryRun` (nothing is called, no balancer moves), shown
 * with each deployment's breaker; a deployment behind an open breaker is one the executor would skip.
 */
@Injectable()
export class RouteExplainer {
  constructor(
    private readonly pipeline: ChatPipeline,
    private readonly breakers: BreakerBoard,
  ) {}

  async explain(request: ChatRequest) {
    const { decision, deployments } = await this.pipeline.plan(request, undefined, { dryRun: true });
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
    return { model: candidates[0]?.model ?? null, candidates, _route: route, skipped };
  }
}
