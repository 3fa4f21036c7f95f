import { readdirSync, readFileSync } from 'node:fs';
import { processTree } from './proc-stats.js';

/**
 * CPU time of a process tree, from Linux /proc. `schedstat`: each thread's
 * `/proc/<pid>/task/<tid>/schedstat`, whose first field is the ns it has run on a CPU (kernels built
 * with CONFIG_SCHED_INFO, as mainstream ones are). `ticks`: each process's utime + stime from
 * `/proc/<pid>/stat`, in clock ticks of 10 ms, where schedstat is missing. The kernel derives
 * utime + stime from the same ns sum and truncates it to whole ticks, so a window of 60 ms is read
 * ±17 % by ticks and to within a scheduler tick by schedstat. A thread that is on a CPU at the
 * moment of reading shows its time up to its last scheduler tick (4 ms at HZ=250); the benches read
 * their gateways between slices of load, when those are idle.
 */
export type CpuClock = 'schedstat' | 'ticks';

/** CPU time used so far, ns, by thread id (`schedstat`) or process id (`ticks`). */
export interface CpuReading {
  clock: CpuClock;
  nanos: ReadonlyMap<number, number>;
}

const TICK_NANOS = 10_000_000;

/** The run time in a schedstat line ("<ns on CPU> <ns waiting> <times scheduled>"); undefined if it is not one. */
export function schedstatRunNanos(text: string): number | undefined {
  const fields = text.trim().split(' ');
  if (fields.length !== 3 || !fields.every((f) => /^\d+$/.test(f))) return undefined;
  return Number(fields[0]);
}

/** utime + stime of a /proc/<pid>/stat line, in clock ticks. */
export function statTicks(text: string): number {
  // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Schedstat where this process's own main thread reads a run time above zero: a kernel without
 * scheduler statistics has no such file, or writes "0 0 0" in it.
 */
function detectClock(): CpuClock {
  try {
    const own = schedstatRunNanos(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8'));
    return own !== undefined && own > 0 ? 'schedstat' : 'ticks';
  } catch {
    return 'ticks';
  }
}

/** The clock `readCpu` uses on this machine, fixed at start. */
export const CPU_CLOCK: CpuClock = detectClock();

/** Reads a /proc file, or undefined when its process or thread has ended meanwhile. */
function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function readThreads(pid: number, into: Map<number, number>): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    const line = readProc(`/proc/${pid}/task/${tid}/schedstat`);
    const nanos = line === undefined ? undefined : schedstatRunNanos(line);
    if (nanos !== undefined) into.set(Number(tid), nanos);
  }
}

function readProcess(pid: number, into: Map<number, number>): void {
  const line = readProc(`/proc/${pid}/stat`);
  if (line !== undefined) into.set(pid, statTicks(line) * TICK_NANOS);
}

/** Reads the tree's CPU time with the given clock (by default the precise one where the kernel has it). */
export function readCpu(pid: number, clock: CpuClock = CPU_CLOCK): CpuReading {
  const nanos = new Map<number, number>();
  for (const p of processTree(pid)) (clock === 'schedstat' ? readThreads : readProcess)(p, nanos);
  return { clock, nanos };
}

/**
 * CPU time used between two readings of one tree, µs: per thread (or process) after less before, so
 * one started in between counts from zero. One that ended in between takes the time it used since
 * `before` with it (its earlier time is left out of both sides). Node's threads (the main one, the
 * libuv pool, V8's workers) and the gateway's worker processes live as long as the gateway, so in
 * the benches that loses nothing; `ticks` would keep it, as /proc/<pid>/stat includes exited threads.
 */
export function cpuMicrosBetween(before: CpuReading, after: CpuReading): number {
  let nanos = 0;
  for (const [id, now] of after.nanos) nanos += now - (before.nanos.get(id) ?? 0);
  return nanos / 1000;
}

/** How a report names the clock its CPU figures were read with. */
export function cpuClockNote(clock: CpuClock = CPU_CLOCK): string {
  return clock === 'schedstat'
    ? 'CPU is the time every thread of the process ran on a CPU (/proc schedstat, ns)'
    : 'CPU is user + system time of the process from /proc/<pid>/stat, in 10 ms ticks (this kernel has no schedstat)';
}
