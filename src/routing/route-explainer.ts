import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ByWeightBalancer } from '#src/balancing/by-weight.balancer.js';
import { unifiedCodec } from '#src/dialects/unified/unified.codec.js';
import { BreakerBoard } from '#src/fallback/breaker-board.js';
import { planAttempts } from '#src/fallback/attempt-plan.js';
import { ModelCatalog } from '#src/models/model-catalog.js';
import { Router } from './router.service.js';

/** A dry run of routing and planning: nothing is called, and no balancer moves. */
@Injectable()
export class RouteExplainer {
  private readonly stateless = new ByWeightBalancer();

  constructor(
    private readonly router: Router,
    private readonly catalog: ModelCatalog,
    private readonly breakers: BreakerBoard,
  ) {}

  async explain(body: unknown, headers: IncomingHttpHeaders = {}) {
    const request = unifiedCodec.decode(body, headers);
    const decision = await this.router.route(request, this.stateless);
    const plan = planAttempts(decision.candidates, this.catalog, this.stateless);
    const skipped = [...(decision.explanation.skipped ?? [])];
    const candidates = plan.flatMap((d) => {
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
