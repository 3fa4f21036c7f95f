import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Claude Code is not one of the gateway's development dependencies: its npm wrapper declares
 * `node >=22`, which would make every `npm install` on Node 20 warn, although what runs is a
 * native binary that needs no Node at all. It is pinned in its own package, `test/agents/cli/`
 * (package.json and lockfile), which the agent suite installs with `npm ci` on its first run.
 */
const TOOLS_DIR = resolve('test/agents/cli');

/** How long a first install (a download of the CLI's native binary) may take: a bound, not an expectation. */
export const CLI_INSTALL_MS = 600_000;

const run = promisify(execFile);

function pinnedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(TOOLS_DIR, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const version = manifest.dependencies[name];
  if (!version) throw new Error(`test/agents/cli/package.json does not pin ${name}`);
  return version;
}

function installedVersion(name: string): string | undefined {
  const path = join(TOOLS_DIR, 'node_modules', name, 'package.json');
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version;
}

/**
 * The path of the pinned `claude` binary, installing `test/agents/cli/` first when it is missing
 * or holds another version. `--loglevel=error` keeps the wrapper's engine notice out of the test
 * output; a failed install still fails, with npm's own message.
 */
export async function claudeCodeBinary(): Promise<string> {
  const name = '@anthropic-ai/claude-code';
  const bin = join(TOOLS_DIR, 'node_modules', '.bin', 'claude');
  if (installedVersion(name) === pinnedVersion(name) && existsSync(bin)) return bin;
  try {
    // `--prefix` on the command line wins over a prefix inherited from an outer `npm test`.
    const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
    await run('npm', ['ci', '--prefix', TOOLS_DIR, '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: TOOLS_DIR,
      env,
      timeout: CLI_INSTALL_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`npm ci in test/agents/cli failed: ${(err as Error).message}\n${stderr}`, { cause: err });
  }
  if (!existsSync(bin)) throw new Error(`npm ci in test/agents/cli left no ${bin}`);
  return bin;
}
