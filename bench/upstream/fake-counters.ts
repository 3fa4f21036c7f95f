import type { FakeUpstreamStats } from './fake-upstream.types.js';

/** Counters shared by every listener of one fake process; read through the stats endpoint. */
export class FakeCounters implements FakeUpstreamStats {
  openSockets = 0;
  inFlight = 0;
  served = 0;
  injectedErrors = 0;
  injectedResets = 0;
  streamsCompleted = 0;
  streamsCancelled = 0;

  snapshot(): FakeUpstreamStats {
    return { ...this };
  }
}
