import { Module } from '@nestjs/common';
import { CLOCK, RANDOM, type Clock, type RandomSource } from '#src/core/clock.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { CatalogModule } from '#src/catalog/catalog.module.js';
import { ModelCatalog } from '#src/catalog/model-catalog.js';
import { createBalancer } from './balancer.factory.js';
import { DEPLOYMENT_BALANCER, MODEL_BALANCER } from './balancer.tokens.js';
import { BalancingStage } from './balancing.stage.js';
import { InFlightTracker } from './in-flight.tracker.js';
import { LatencyTracker } from './latency.tracker.js';
import { modelFigures } from './model-figures.js';
import { SessionAffinity } from './affinity/session-affinity.js';

const balancerDeps = [GATEWAY_CONFIG, CLOCK, RANDOM, InFlightTracker, LatencyTracker];

/** A model's deployments are balanced on their own figures. */
const deploymentBalancer = (
  config: GatewayConfig,
  clock: Clock,
  random: RandomSource,
  inFlight: InFlightTracker,
  latency: LatencyTracker,
) => createBalancer(config.routing.strategy, { clock, random, inFlight, latency });

/** A pool's models are balanced on their figures read over their deployments. */
const modelBalancer = (
  config: GatewayConfig,
  clock: Clock,
  random: RandomSource,
  inFlight: InFlightTracker,
  latency: LatencyTracker,
  catalog: ModelCatalog,
) => createBalancer(config.routing.strategy, { clock, random, ...modelFigures(catalog, inFlight, latency) });

/** The balancing stage and the state its strategies keep (requests in flight, latencies). */
@Module({
  imports: [CatalogModule],
  providers: [
    BalancingStage,
    SessionAffinity,
    InFlightTracker,
    { provide: LatencyTracker, useFactory: (clock: Clock) => new LatencyTracker(clock), inject: [CLOCK] },
    { provide: DEPLOYMENT_BALANCER, useFactory: deploymentBalancer, inject: balancerDeps },
    { provide: MODEL_BALANCER, useFactory: modelBalancer, inject: [...balancerDeps, ModelCatalog] },
  ],
  exports: [BalancingStage, SessionAffinity, InFlightTracker, LatencyTracker],
})
export class BalancingModule {}
