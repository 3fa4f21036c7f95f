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
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--max-old-space-size=1024'];

/** The flags that make a gateway write its CPU profile into `dir` when it stops; none without one. */
export function cpuProfileFlags(dir: string | undefined): string[] {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`];
}
