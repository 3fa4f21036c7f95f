import { Inject, Injectable } from '@nestjs/common';
import type { ChatRequest } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig, ModelConfig } from '#src/config/gateway-config.types.js';
import { ModelCatalog } from '#src/models/model-catalog.js';

export interface RouteDecision {
  /** Models in the order they should be tried. */
  candidates: ModelConfig[];
  explanation: RouteExplanation;
}

/** Decides which models may answer a request: the one it names, else the configured default. */
@Injectable()
export class Router {
  constructor(
    private readonly catalog: ModelCatalog,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  route(request: ChatRequest): RouteDecision {
    if (request.model !== undefined && request.model !== '' && request.model !== 'auto') {
      const model = this.catalog.find(request.model);
      if (!model) {
        throw new GatewayError('model_not_found', `The model '${request.model}' does not exist on this gateway`, {
          param: 'model',
        });
      }
      return { candidates: [model], explanation: { reason: 'explicit' } };
    }
    const candidates = this.config.routing.default
      .map((name) => this.catalog.find(name))
      .filter((m): m is ModelConfig => m !== undefined);
    if (candidates.length === 0) {
      throw new GatewayError('unavailable', 'No model is configured to answer requests that name none', {
        param: 'model',
      });
    }
    return { candidates, explanation: { reason: 'default' } };
  }
}
