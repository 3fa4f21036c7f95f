import type { ModelCatalog } from '#src/catalog/model-catalog.js';
import type { InFlightCounts } from './in-flight.tracker.js';
import type { LatencyEstimates } from './latency.tracker.js';

/**
 * What `least_busy` and `latency` read when the targets are the models of a pool. Calls are
 * counted and timed per deployment (`model/<index>`), where they run; a model's figures are read
 * over its deployments, so that a pool of models is balanced on what its models are doing.
 */
export function modelFigures(
  catalog: ModelCatalog,
  inFlight: InFlightCounts,
  latency: LatencyEstimates,
): { inFlight: InFlightCounts; latency: LatencyEstimates } {
  const deploymentsOf = (name: string) => {
    const model = catalog.find(name);
    return model === undefined ? [] : catalog.deployments(model);
  };
  return {
    // Every call running on one of the model's deployments, drained ones included: they still run.
    inFlight: { count: (name) => deploymentsOf(name).reduce((sum, d) => sum + inFlight.count(d.key), 0) },
    // The fastest of its deployments that take traffic, the one `latency` tries first once all are
    // measured; unmeasured only while none of them has a reading.
    latency: {
      estimate: (name) => {
        const readings = deploymentsOf(name).flatMap((d) => {
          const ms = d.weight > 0 ? latency.estimate(d.key) : undefined;
          return ms === undefined ? [] : [ms];
        });
        return readings.length === 0 ? undefined : Math.min(...readings);
      },
    },
  };
}
