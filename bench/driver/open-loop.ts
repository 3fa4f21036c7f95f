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
  /** From the first request started to the last: past `durationMs`, the schedule fell behind. */
  startedWithinMs: number;
}

/** How often the schedule is checked; each check starts every request due by then. */
const TICK_MS = 1;

/**
 * Open loop: starts `perSecond × durationMs` requests on a fixed schedule, whether or not the earlier
 * ones have answered, then waits for the last. Two targets driven alike thus serve the same request
 * rate, so their CPU per request is read at the same load; in a closed loop a slower target is also
 * driven slower, and a server's CPU per request depends on its rate. A target that cannot keep up
 * hits `maxInFlight` and falls behind: compare `startedWithinMs` with `durationMs`. A task that
 * throws stops the schedule, and the run rejects with its error once the requests in flight are done.
 */
export async function runAtRate<Sample>(
  limits: RateLimits,
  task: (seq: number) => Promise<Sample>,
): Promise<RateResult<Sample>> {
  const samples: Sample[] = [];
  const total = Math.round((limits.perSecond * limits.durationMs) / 1000);
  const started = performance.now();
  let lastStartedAt = started;
  let issued = 0;
  let inFlight = 0;
  let failure: { error: unknown } | undefined;
  let lastAnswered: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (lastAnswered = resolve));
  const settled = (): void => {
    inFlight -= 1;
    if ((issued === total || failure !== undefined) && inFlight === 0) lastAnswered();
  };
  const start = (): void => {
    const seq = issued;
    issued += 1;
    inFlight += 1;
    lastStartedAt = performance.now();
    task(seq).then(
      (sample) => {
        samples.push(sample);
        settled();
      },
      (error: unknown) => {
        failure ??= { error };
        settled();
      },
    );
  };
  await new Promise<void>((scheduled) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * limits.perSecond) / 1000));
      while (failure === undefined && issued < due && inFlight < limits.maxInFlight) start();
      if (issued === total || failure !== undefined) {
        clearInterval(timer);
        scheduled();
      }
    }, TICK_MS);
  });
  if (inFlight > 0) await answered;
  if (failure !== undefined) throw failure.error;
  return { samples, elapsedMs: performance.now() - started, startedWithinMs: lastStartedAt - started };
}
