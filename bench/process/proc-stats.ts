import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Linux /proc readings for one process (all its threads). utime and stime count clock ticks, which
 * are 1/100 s on every mainstream Linux build, so a window needs thousands of requests to resolve µs.
 */
const TICK_MICROS = 10_000;

/** User + system CPU time consumed so far, µs. */
export function readCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) * TICK_MICROS;
}

function statusKb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match === null ? Number.NaN : Number(match[1]);
}

/** Resident set size now, bytes. */
export function readRssBytes(pid: number): number {
  return statusKb(pid, 'VmRSS') * 1024;
}

/** Highest resident set size since start or since the last `resetPeakRss`, bytes. */
export function readPeakRssBytes(pid: number): number {
  return statusKb(pid, 'VmHWM') * 1024;
}

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0); false when not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
