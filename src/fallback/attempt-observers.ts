import { Injectable } from '@nestjs/common';
import { InFlightTracker } from '#src/balancing/in-flight.tracker.js';
import { LatencyTracker } from '#src/balancing/latency.tracker.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';

/** Feeds the balancers' signals: calls in flight per deployment, and each one's time to first byte. */
@Injectable()
export class AttemptObservers {
  constructor(
    private readonly inFlight: InFlightTracker,
    private readonly latency: LatencyTracker,
  ) {}

  /** Returns the release to call once the attempt is over, however it ends. */
  started(deployment: DeploymentRef): () => void {
    return this.inFlight.acquire(deployment.key);
  }

  firstByte(deployment: DeploymentRef, ms: number): void {
    this.latency.observe(deployment.key, ms);
  }
}
