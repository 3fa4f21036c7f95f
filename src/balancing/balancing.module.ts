import { Module } from '@nestjs/common';
import { CLOCK, RANDOM, type Clock, type RandomSource } from '#src/core/clock.js';
import { GATEWAY_CONFIG } from '#src/config/config.tokens.js';
import type { GatewayConfig } from '#src/config/gateway-config.types.js';
import { createBalancer } from './balancer.factory.js';
import { InFlightTracker } from './in-flight.tracker.js';
import { LatencyTracker } from './latency.tracker.js';

/** Orders the deployments of a model. */
export const DEPLOYMENT_BALANCER = Symbol('DeploymentBalancer');
/** Orders the models of a pool (a rule's or route's `models`, the default route). */
export const MODEL_BALANCER = Symbol('ModelBalancer');

const balancer = (
  config: GatewayConfig,
  clock: Clock,
  random: RandomSource,
  inFlight: InFlightTracker,
  latency: LatencyTracker,
) => createBalancer(config.routing.strategy, { clock, random, inFlight, latency });

@Module({
  providers: [
    InFlightTracker,
    { provide: LatencyTracker, useFactory: (clock: Clock) => new LatencyTracker(clock), inject: [CLOCK] },
    ...[DEPLOYMENT_BALANCER, MODEL_BALANCER].map((token) => ({
      provide: token,
      useFactory: balancer,
      inject: [GATEWAY_CONFIG, CLOCK, RANDOM, InFlightTracker, LatencyTracker],
    })),
  ],
  exports: [InFlightTracker, LatencyTracker, DEPLOYMENT_BALANCER, MODEL_BALANCER],
})
export class BalancingModule {}
