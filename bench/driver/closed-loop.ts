export interface LoopLimits {
  concurrency: number;
  durationMs: number;
  /** Hard cap on requests, whatever the duration. */
  maxRequests: number;
}

export interface LoopResult<Sample> {
  samples: Sample[];
  elapsedMs: number;
}

/**
 * Closed loop: `concurrency` workers, each starting its next request when the previous one ends,
 * until the duration or the request cap is reached. Tail latency is understated under overload
 * (coordinated omission), which is why figures are read relative to direct and bare runs.
 * `task` must not throw: failures are samples too.
 */
export async function runClosedLoop<Sample>(
  limits: LoopLimits,
  task: (seq: number) => Promise<Sample>,
): Promise<LoopResult<Sample>> {
  const samples: Sample[] = [];
  const started = performance.now();
  const deadline = started + limits.durationMs;
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline && issued < limits.maxRequests) {
      const seq = issued;
      issued += 1;
      samples.push(await task(seq));
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, worker));
  return { samples, elapsedMs: performance.now() - started };
}
