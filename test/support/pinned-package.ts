import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

/**
 * Some clients the suites drive cannot be development dependencies of the gateway: they declare a
 * newer Node than the gateway supports, so every `npm install` on Node 20 would warn. Each lives in a
 * small package of its own under test/ (package.json and lockfile), installed with `npm ci` the first
 * time a suite needs it and again whenever the pinned version changes.
 */

/** How long a first install may take (a download, perhaps of a native binary): a bound, not an expectation. */
export const PINNED_INSTALL_MS = 600_000;

const run = promisify(execFile);

function readVersion(manifestPath: string): string | undefined {
  if (!existsSync(manifestPath)) return undefined;
  return (JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string }).version;
}

function pinnedVersion(dir: string, name: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const version = manifest.dependencies[name];
  if (!version) throw new Error(`${relative('.', dir)}/package.json does not pin ${name}`);
  return version;
}

/**
 * The directory of `name` as installed in the package at `dir`, running `npm ci` there first when it
 * is missing, holds another version than the one pinned, or lacks `needs` (a path inside `dir` that
 * an install script may have failed to create). `--loglevel=error` keeps the engine notice out of the
 * test output; a failed install still fails, with npm's own message.
 */
export async function pinnedPackage(dir: string, name: string, needs?: string): Promise<string> {
  const installed = join(dir, 'node_modules', name);
  const ready = () => existsSync(installed) && (needs === undefined || existsSync(join(dir, needs)));
  if (readVersion(join(installed, 'package.json')) === pinnedVersion(dir, name) && ready()) return installed;
  try {
    // `--prefix` on the command line wins over a prefix inherited from an outer `npm test`.
    const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
    await run('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      env,
      timeout: PINNED_INSTALL_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`npm ci in ${relative('.', dir)} failed: ${(err as Error).message}\n${stderr}`, { cause: err });
  }
  if (!ready()) throw new Error(`npm ci in ${relative('.', dir)} left no ${needs ?? name}`);
  return installed;
}
