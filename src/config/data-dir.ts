import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
    mkdirSync(dir, { recursive: true });
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
