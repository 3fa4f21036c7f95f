import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

// Linux /proc readings for one process tree: its memory here, its CPU time in `cpu-clock.ts`.

/**
 * The process and all its descendants (a gateway run with `WORKERS=N` is a supervisor and its
 * workers): every figure below adds them up, so one process and a cluster compare alike.
 */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const children = readFileSync(`/proc/${out[i]}/task/${task}/children`, 'utf8').trim();
        if (children !== '') out.push(...children.split(' ').map(Number));
      }
    } catch {
      // The process ended between two reads.
    }
  }
  return out;
}

const sum = (pid: number, read: (one: number) => number) => processTree(pid).reduce((n, p) => n + read(p), 0);

function statusKb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match === null ? Number.NaN : Number(match[1]);
}

/** Resident set size of the process tree now, bytes. */
export function readRssBytes(pid: number): number {
  return sum(pid, (p) => statusKb(p, 'VmRSS') * 1024);
}

/** Sum of each process's highest resident set since start or the last `resetPeakRss`, bytes. */
export function readPeakRssBytes(pid: number): number {
  return sum(pid, (p) => statusKb(p, 'VmHWM') * 1024);
}

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0); false when not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    for (const p of processTree(pid)) writeFileSync(`/proc/${p}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
