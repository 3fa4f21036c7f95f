import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ProcessGroup } from './process-group.js';

/** A helper process (fake upstream, bare proxy) that printed `READY <json>` once listening. */
export interface BenchChild<Ready> {
  pid: number;
  ready: Ready;
  process: ChildProcess;
}

const READY_TIMEOUT_MS = 10_000;

/**
 * Starts `script` with its settings as one JSON argument. Its stdin stays open as a lifeline: the
 * helpers exit when it closes, so they cannot outlive a bench that was killed outright.
 */
export async function startBenchChild<Ready>(
  group: ProcessGroup,
  script: string,
  settings: unknown,
  nodeArgs: readonly string[] = [],
): Promise<BenchChild<Ready>> {
  const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(settings)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  group.add(child);
  const ready = await waitForReady<Ready>(child, script);
  return { pid: child.pid ?? -1, ready, process: child };
}

function waitForReady<Ready>(child: ChildProcess, script: string): Promise<Ready> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () => reject(new Error(`${script} not ready in ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice('READY '.length)) as Ready);
    });
  });
}

/** For helper entries: exit when the bench that started us goes away. */
export function exitWithParent(): void {
  process.stdin.resume();
  process.stdin.once('end', () => process.exit(0));
  process.stdin.once('error', () => process.exit(0));
}
