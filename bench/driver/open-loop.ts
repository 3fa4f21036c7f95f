export interface RateLimits {
  /** Requests started per second, on schedule whether or not the earlier ones have answered. */
  perSecond: number;
  durationMs: number;
  /** Requests in flight at most: past it the schedule falls behind, which shows as a lower rate. */
  maxInFlight: number;
}

export interface RateResult<Sample> {
  samples: Sample[];
  /** From the first request started to the last one answered. */
  elapsedMs: number;
}

/** How often the schedule is checked; each check starts every request due by then. */
const TICK_MS = 1;

/**
 * Open loop: starts `perSecond × durationMs` requests on a fixed schedule, whether or not the earlier
 * ones have answered, then waits for the last. Two targets driven alike thus serve the same request
 * rate, so their CPU per request is read at the same load; in a closed loop a slower target is also
 * driven slower, and a server's CPU per request depends on its rate. A target that cannot keep up
 * hits `maxInFlight` and falls behind: compare `samples.length / elapsedMs` with the rate asked.
 * `task` must not throw: failures are samples too.
 */
export async function runAtRate<Sample>(
  limits: RateLimits,
  task: (seq: number) => Promise<Sample>,
): Promise<RateResult<Sample>> {
  const samples: Sample[] = [];
  const total = Math.round((limits.perSecond * limits.durationMs) / 1000);
  const started = performance.now();
  let issued = 0;
  let inFlight = 0;
  let lastAnswered: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (lastAnswered = resolve));
  const start = (): void => {
    const seq = issued;
    issued += 1;
    inFlight += 1;
    void task(seq).then((sample) => {
      samples.push(sample);
      inFlight -= 1;
      if (issued === total && inFlight === 0) lastAnswered();
    });
  };
  await new Promise<void>((scheduled) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * limits.perSecond) / 1000));
      while (issued < due && inFlight < limits.maxInFlight) start();
      if (issued === total) {
        clearInterval(timer);
        scheduled();
      }
    }, TICK_MS);
  });
  if (total > 0) await answered;
  return { samples, elapsedMs: performance.now() - started };
}
