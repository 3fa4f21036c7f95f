import type { Clock, RandomSource } from '#src/core/clock.js';
import type { BalancingStrategy } from '#src/config/gateway-config.types.js';
import type { Balancer } from './balancer.types.js';
import { InFlightTracker, type InFlightCounts } from './in-flight.tracker.js';
import { LatencyBalancer } from './latency.balancer.js';
import { LatencyTracker, type LatencyEstimates } from './latency.tracker.js';
import { LeastBusyBalancer } from './least-busy.balancer.js';
import { RoundRobinBalancer } from './round-robin.balancer.js';
import { WeightedBalancer } from './weighted.balancer.js';

export interface BalancerDeps {
  clock: Clock;
  random: RandomSource;
  /** The pipeline's in-flight counts (or a reading of them); pass the one it records into, or `least_busy` sees nothing. */
  inFlight?: InFlightCounts;
  /** The pipeline's time-to-first-byte readings (or a reading of them), for `latency`. */
  latency?: LatencyEstimates;
}

const STRATEGIES: Record<BalancingStrategy, (deps: BalancerDeps) => Balancer> = {
  weighted: () => new WeightedBalancer(),
  round_robin: () => new RoundRobinBalancer(),
  least_busy: (deps) => new LeastBusyBalancer(deps.inFlight ?? new InFlightTracker()),
  latency: (deps) => new LatencyBalancer(deps.latency ?? new LatencyTracker(deps.clock)),
};

export function createBalancer(strategy: BalancingStrategy, deps: BalancerDeps): Balancer {
  return STRATEGIES[strategy](deps);
}
