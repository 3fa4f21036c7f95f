import { join, resolve } from 'node:path';
import { pinnedPackage, PINNED_INSTALL_MS } from '../support/pinned-package.js';

/**
 * Claude Code is not one of the gateway's development dependencies: its npm wrapper declares
 * `node >=22`, although what runs is a native binary that needs no Node at all. It is pinned in its
 * own package, `test/agents/cli/`, which the agent suite installs on its first run.
 */
const TOOLS_DIR = resolve('test/agents/cli');

/** How long a first install (a download of the CLI's native binary) may take: a bound, not an expectation. */
export const CLI_INSTALL_MS = PINNED_INSTALL_MS;

/** The path of the pinned `claude` binary, installing `test/agents/cli/` first when needed. */
export async function claudeCodeBinary(): Promise<string> {
  const bin = join('node_modules', '.bin', 'claude');
  await pinnedPackage(TOOLS_DIR, '@anthropic-ai/claude-code', bin);
  return join(TOOLS_DIR, bin);
}
