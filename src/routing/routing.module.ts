import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { CatalogModule } from '#src/catalog/catalog.module.js';
import { EMBEDDERS, type Embedders } from './embedder.js';
import { Router, ROUTING_STEPS } from './router.service.js';
import type { RoutingStep } from './routing-step.js';
import { ConfigRulesStep } from './steps/config-rules.step.js';
import { DefaultStep } from './steps/default.step.js';
import { buildSemanticStep } from './steps/semantic.step.js';
import { RequestRulesStep } from './steps/request-rules.step.js';
import { PrivacyPolicy } from './privacy/privacy-policy.js';

/** The routing steps, in the order they are asked (explicit names are handled before any of them). */
async function routingSteps(config: GatewayConfig, embedders: Embedders): Promise<RoutingStep[]> {
  const semantic = await buildSemanticStep(config.routing.semantic, embedders);
  return [
    new RequestRulesStep(),
    new ConfigRulesStep(config.routing.rules),
    ...(semantic ? [semantic] : []),
    new DefaultStep(config.routing.default),
  ];
}

/** The router. `EMBEDDERS` (for a provider-backed semantic encoder) is the composition's to provide. */
@Module({
  imports: [CatalogModule],
  providers: [
    Router,
    { provide: ROUTING_STEPS, useFactory: routingSteps, inject: [GATEWAY_CONFIG, EMBEDDERS] },
    {
      provide: PrivacyPolicy,
      useFactory: (c: GatewayConfig) => PrivacyPolicy.from(c.routing.privacy),
      inject: [GATEWAY_CONFIG],
    },
  ],
  exports: [Router, PrivacyPolicy],
})
export class RoutingModule {}
