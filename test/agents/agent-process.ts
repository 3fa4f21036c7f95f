import { spawn } from 'node:child_process';

/** One non-interactive CLI run. */
export interface AgentCommand {
  /** How failure messages name the run, e.g. `claude -p (fake-claude)`. */
  label: string;
  command: string;
  args: string[];
  cwd: string;
  /** The whole environment: nothing of the test runner's own leaks in (no keys, no proxies). */
  env: Record<string, string>;
  /** After this the run is killed; a bound, never an expectation about speed. */
  timeoutMs: number;
}

export interface AgentRun {
  label: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** How long one CLI run may take before it is killed: a bound, not an expectation (busy two-core machines). */
export const AGENT_RUN_MS = 120_000;
/** A test's own limit: the run's bound plus room for its checks. */
export const AGENT_TEST_MS = 180_000;
/** Starting or stopping the gateway and its fakes. */
export const AGENT_STACK_MS = 30_000;
const KILL_GRACE_MS = 5_000;
const TAIL_CHARS = 3_000;

/**
 * Runs a CLI with stdin closed, in a process group of its own so that a timeout, or the run's end,
 * also stops whatever shell it started for a tool call: SIGTERM to the group, SIGKILL after a grace.
 */
export function runAgent(cmd: AgentCommand): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.command, cmd.args, {
      cwd: cmd.cwd,
      env: cmd.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const run: AgentRun = { label: cmd.label, exitCode: null, signal: null, timedOut: false, stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
    const group = child.pid;
    let killTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      run.timedOut = true;
      signalGroup(group, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(group, 'SIGKILL'), KILL_GRACE_MS);
    }, cmd.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(deadline);
      reject(new Error(`${cmd.label} could not be started: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      // Anything the CLI left running (a tool's shell) goes with it.
      signalGroup(group, 'SIGKILL');
      resolve({ ...run, exitCode: code, signal });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** What a failure message shows: how the run ended and the tail of both streams. */
export function describeRun(run: AgentRun): string {
  const ending = run.timedOut
    ? `was killed after its timeout (${run.signal ?? run.exitCode})`
    : `exited with ${run.signal ?? run.exitCode}`;
  return [
    `${run.label} ${ending}`,
    `--- stderr (last ${TAIL_CHARS} characters) ---`,
    run.stderr.slice(-TAIL_CHARS),
    `--- stdout (last ${TAIL_CHARS} characters) ---`,
    run.stdout.slice(-TAIL_CHARS),
  ].join('\n');
}

/** Throws with the run's description unless it exited 0 on its own. */
export function assertExitedCleanly(run: AgentRun): void {
  if (run.exitCode !== 0 || run.timedOut) throw new Error(describeRun(run));
}

/** Checks a run: it exited cleanly and `assertions` hold; any failure shows the run's stderr and stdout. */
export function checkRun(run: AgentRun, assertions: () => void): void {
  assertExitedCleanly(run);
  try {
    assertions();
  } catch (err) {
    if (err instanceof Error) err.message += `\n\n${describeRun(run)}`;
    throw err;
  }
}
