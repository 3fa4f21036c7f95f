import { resolve } from 'node:path';

/**
 * The V8 flags the gateway is launched with everywhere (`npm start`, the Dockerfile's CMD,
 * start_proxy_system.sh), so the bench measures what users run; keep them in sync.
 *
 * - Semi-spaces of 4 MB instead of up to 16: the young generation is never returned once grown,
 *   so this alone lowers idle RSS by ~30 MB; 2 MB and below cost measurably more scavenging CPU.
 * - An old-space limit of 1 GiB: with V8's default limit (a few GiB here) old space grows far
 *   past what the gateway needs before a major collection (peak RSS ~250 MB at 256 streams); a
 *   1 GiB limit keeps it near 160 MB. 256 MB measured a few MB lower still, but would let a burst
 *   of large prompts (bodies up to 10 MiB each) run the process out of heap: a gateway that
 *   crashes under load is worse than one that uses 10 MB more.
 * - Measured and left out: capping old space's growth between major collections
 *   (`--heap-growing-percent=40`; V8 lets it grow to ~1.6× what survived the last one at 256
 *   streams). It took 7–11 MB off the peak at 256 streams, but at 256 non-streamed clients, where
 *   requests do live into old space, the more frequent major collections cost 11–17 % more CPU per
 *   request and raised p99 from 2.3–2.5× to 2.6–2.8× the bare proxy's (the same build with and
 *   without it, in the same rounds, twice): CPU and the tail under load are worth more than 10 MB.
 * - Measured and left out: optimising compiles on the main thread (`--no-concurrent-recompilation`):
 *   the background compile jobs leave ~10 MB of freed malloc memory in the worker threads' arenas,
 *   so idle and peak RSS were 5–10 MB lower without them, but each compile then stops the event
 *   loop, and every stream in flight waits on it: the same build's loop-delay p99 at one client
 *   rose from 1.3 to 5.8 ms, and it recurs whenever traffic makes new code hot.
 * - Also left out: --optimize-for-size (−10 MB idle, but it also sets 1 MB semi-spaces
 *   and cost 1.2–2.5× the CPU per request), --lite-mode (no optimising compiler at all),
 *   --v8-pool-size=1 (half the arena saving), --max-lazy and bytecode flushing (nothing).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--max-old-space-size=1024'];

/** The flags that make a gateway write its CPU profile into `dir` when it stops; none without one. */
export function cpuProfileFlags(dir: string | undefined): string[] {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`];
}
