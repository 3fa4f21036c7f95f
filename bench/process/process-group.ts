import type { ChildProcess } from 'node:child_process';

const KILL_AFTER_MS = 5_000;

/**
 * Every process the bench starts joins one group, so a normal end, an error, Ctrl-C or SIGTERM all
 * stop them. Only processes started here are ever signalled, each by its own pid.
 */
export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();

  add(child: ChildProcess): void {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
  }

  /** SIGTERM, then SIGKILL if it is still running after a grace period. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)));
  }

  /** Stops the group on Ctrl-C / SIGTERM (then exits 130/143) and kills leftovers on any exit. */
  installExitHandlers(): void {
    const onSignal = (signal: NodeJS.Signals, code: number) => {
      process.stderr.write(`\n${signal}: stopping bench processes…\n`);
      void this.stopAll().finally(() => process.exit(code));
    };
    process.once('SIGINT', () => onSignal('SIGINT', 130));
    process.once('SIGTERM', () => onSignal('SIGTERM', 143));
    // Last resort, synchronous: whatever is still alive when this process exits is killed.
    process.once('exit', () => {
      for (const child of this.children) child.kill('SIGKILL');
    });
  }
}
