import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { BalancingModule } from '#src/balancing/balancing.module.js';
import { FallbackModule } from '#src/fallback/fallback.module.js';
import { ProviderRegistry } from '#src/providers/provider.registry.js';
import { ProvidersModule } from '#src/providers/providers.module.js';
import { ModelsModule } from '#src/models/models.module.js';
import { RouteExplainer } from './route-explainer.js';
import { Router, ROUTING_STEPS } from './router.service.js';
import type { RoutingStep } from './routing-step.js';
import { ConfigRulesStep } from './steps/config-rules.step.js';
import { DefaultStep } from './steps/default.step.js';
import { buildSemanticStep } from './steps/semantic.step.js';
import { RequestRulesStep } from './steps/request-rules.step.js';

/** The routing steps, in the order they are asked (explicit names are handled before any of them). */
async function routingSteps(config: GatewayConfig, providers: ProviderRegistry): Promise<RoutingStep[]> {
  const semantic = await buildSemanticStep(config.routing.semantic, providers);
  return [
    new RequestRulesStep(),
    new ConfigRulesStep(config.routing.rules),
    ...(semantic ? [semantic] : []),
    new DefaultStep(config.routing.default),
  ];
}

@Module({
  imports: [ModelsModule, BalancingModule, FallbackModule, ProvidersModule],
  providers: [
    Router,
    RouteExplainer,
    { provide: ROUTING_STEPS, useFactory: routingSteps, inject: [GATEWAY_CONFIG, ProviderRegistry] },
  ],
  exports: [Router, RouteExplainer],
})
export class RoutingModule {}
