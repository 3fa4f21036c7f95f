import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates `dir` (and any missing parent) for its owner only: with `LOG_BODIES=true` the request
 * log holds prompts and answers, and the admin token may be kept there. An existing directory is
 * left as it is.
 */
export function makeDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Creates an empty database file readable and writable by its owner only, unless it exists
 * (then it is left as it is). SQLite gives the `-wal` and `-shm` files beside it the same mode.
 */
export function createOwnerOnlyFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
}

/** `ENOTDIR`, `EACCES`, `EROFS`…: the part of a file-system error an operator can act on. */
export function fsReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Why `dir` cannot hold the gateway's files, or undefined when it can. Tries for real (create,
 * write, remove a probe file) rather than reading modes, which say nothing for root or read-only mounts.
 */
export function dataDirProblem(dir: string): string | undefined {
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    makeDataDir(dir);
    writeFileSync(probe, '');
    rmSync(probe);
    return undefined;
  } catch (err) {
    return fsReason(err);
  }
}

/**
 * One warning line when `DATA_DIR` is unwritable. The gateway still runs (request log in memory,
 * weight changes refused); only a token that must be generated there makes it fatal, elsewhere.
 */
export function dataDirWarnings(dataDir: string): string[] {
  const problem = dataDirProblem(dataDir);
  if (problem === undefined) return [];
  return [
    `DATA_DIR: ${dataDir} is not writable (${problem}): weight changes cannot be saved and the request log is ` +
      'kept in memory only; make it a writable directory and restart',
  ];
}
