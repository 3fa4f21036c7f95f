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
 * - Old space may grow by 40% of what survived the last major collection before the next one.
 *   For a 1 GiB limit V8 allows up to 4× and chose ~1.6× at 256 streams, where each stream's
 *   objects outlive the 4 MB young generation and die in old space: that slack was most of the
 *   peak. 40% takes ~10 MB off it for ~2 more major collections per 4,000 streams (a few % of
 *   their CPU). At 256 non-streamed clients requests do reach old space, and there it costs
 *   5–17 % more CPU per request (two short runs of one build with and without it, and a full run
 *   against the build before with it, each in the same rounds); the budget does not count CPU at
 *   256 clients, but it does count the 256-stream peak, which the cap keeps about 10 MB lower
 *   (153 against 163 MB in that full run). 25% saved little more and cost ~10% on streams. The limit stays 1 GiB, so large bodies still fit.
 * - Measured and left out: optimising compiles on the main thread (`--no-concurrent-recompilation`):
 *   the background compile jobs leave ~10 MB of freed malloc memory in the worker threads' arenas,
 *   so idle and peak RSS were 5–10 MB lower without them, but each compile then stops the event
 *   loop, and every stream in flight waits on it: the same build's loop-delay p99 at one client
 *   rose from 1.3 to 5.8 ms, and it recurs whenever traffic makes new code hot.
 * - Also left out: --optimize-for-size (−10 MB idle, but it also sets 1 MB semi-spaces
 *   and cost 1.2–2.5× the CPU per request), --lite-mode (no optimising compiler at all),
 *   --v8-pool-size=1 (half the arena saving), --max-lazy and bytecode flushing (nothing).
 * - And --interrupt-budget=8192 (Node 20's default is 67584: V8 optimises a function after an
 *   eighth of the usual work): at
 *   ten streams a second the code run once per request never reaches the optimising compiler in
 *   Node 20, and with the flag it does. Fresh processes read 0.88× CPU and 0.89× p50 at one client
 *   (a second copy of the build read 1.00×); warmed 30 s, no scenario read dearer and two cheaper
 *   (bench/results/tier-up-flag). Left out because Node 22, the Docker image's, refuses to start
 *   with it: its engine tiers up by invocation counts and has a middle compiler instead.
 * - And GC on fewer threads (December 2026, json-0ms-c16 and -c256, 8 rounds against the build
 *   before with a control). At 256 clients a request lives across several scavenges of the 4 MB
 *   young generation, so its state is promoted (~18 kB of survivors a request against ~2.5 kB at
 *   16 clients) and V8's helper threads went from ~25 to ~150 µs of CPU a request: most of why
 *   CPU per request nearly doubles there. `--no-parallel-scavenge` halved the helpers' share in
 *   a one-process probe, but the bench read 0.95× CPU at 256 clients (0.89–1.05, control 1.07×)
 *   and, with 5 s windows, 0.99× (0.93–1.08) with req/s 0.94× (0.76–0.99, below 1);
 *   `--single-threaded-gc` read 0.93× (0.75–1.12, control 1.10×) and a peak RSS of 161 MB
 *   against 149 at 256 non-stream clients.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=4',
  '--max-old-space-size=1024',
  '--heap-growing-percent=40',
];

/** The flags that make a gateway write its CPU profile into `dir` when it stops; none without one. */
export function cpuProfileFlags(dir: string | undefined): string[] {
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`];
}
