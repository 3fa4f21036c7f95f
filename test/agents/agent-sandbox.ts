import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway home and working directory for one CLI run, so that no run reads the developer's own
 * settings, credentials or history, and none leaves anything behind.
 */
export interface AgentSandbox {
  /** HOME, and the parent of the CLI's own config directory. */
  home: string;
  /** The CLI's working directory, where its tool calls run. */
  work: string;
  /** TMPDIR: the CLIs keep per-project scratch there (shell state, sockets), gone with the sandbox. */
  tmp: string;
  remove(): void;
}

export function makeSandbox(): AgentSandbox {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-agent-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  const tmp = join(root, 'tmp');
  for (const dir of [home, work, tmp]) mkdirSync(dir);
  return { home, work, tmp, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Creates a sandbox for each test and removes it afterwards, failed tests included. */
export function sandboxPerTest(): () => AgentSandbox {
  let current: AgentSandbox | undefined;
  beforeEach(() => {
    current = makeSandbox();
  });
  afterEach(() => {
    current?.remove();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('no sandbox outside a test');
    return current;
  };
}
