import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/** What `link` answers on file systems without hard links (exFAT, vfat, some SMB and FUSE mounts). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * The lock the workers of `WORKERS=N` take in turn to change `DATA_DIR/weights.json`: a file that
 * names its holder's pid from the moment it exists (written aside, then linked into place, which
 * fails if one is there). Only its holder removes it, or the supervisor: before it starts the
 * workers, and when the worker it names exits. A worker never judges from a pid that a holder
 * died: after a restart the pid may be another process's, and two waiters that both judged one
 * dead could both take the lock. A lone gateway never takes it.
 *
 * Where `DATA_DIR` has no hard links, the lock is created exclusively and its pid written in the
 * same step (`wx`): a crash between the two leaves an empty lock that names no one, which the
 * supervisor still clears when it next starts.
 */
export class WeightsLock {
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly link: (from: string, to: string) => void = linkSync,
  ) {
    this.path = join(dataDir, 'weights.json.lock');
  }

  /** True when this process now holds the lock, false when another does; other errors are thrown. */
  tryTake(): boolean {
    const aside = this.asideOf(process.pid);
    writeFileSync(aside, String(process.pid));
    try {
      this.link(aside, this.path);
      return true;
    } catch (err) {
      if (errorCode(err) === 'EEXIST') return false;
      if (!NO_HARD_LINKS.has(errorCode(err) ?? '')) throw err;
    } finally {
      rmSync(aside, { force: true });
    }
    return this.tryCreate();
  }

  private tryCreate(): boolean {
    try {
      writeFileSync(this.path, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if (errorCode(err) === 'EEXIST') return false;
      throw err;
    }
  }

  /** By its holder. */
  release(): void {
    rmSync(this.path, { force: true });
  }

  /** By the supervisor before any worker runs: whatever a lock left by an earlier run names is gone. */
  clear(): void {
    rmSync(this.path, { force: true });
  }

  /** By the supervisor once worker `pid` exited: its lock, if it held it, and a file it left aside. */
  releaseHeldBy(pid: number): void {
    rmSync(this.asideOf(pid), { force: true });
    try {
      // No one else removes or replaces a lock that names an exited worker, so it is still this one.
      if (readFileSync(this.path, 'utf8') === String(pid)) rmSync(this.path, { force: true });
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
  }

  private asideOf(pid: number): string {
    return `${this.path}.${pid}`;
  }
}
