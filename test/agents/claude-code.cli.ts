import { join } from 'node:path';
import { asArray, asRecord } from '../fakes/fake-json.js';
import { AGENT_RUN_MS, describeRun, runAgent, type AgentRun } from './agent-process.js';
import type { AgentSandbox } from './agent-sandbox.js';
import { claudeEnvFromReadme } from './readme-setup.js';

export interface ClaudeRun {
  /** The pinned CLI, from `claudeCodeBinary()`. */
  bin: string;
  gatewayUrl: string;
  model: string;
  prompt: string;
  sandbox: AgentSandbox;
  /** `--allowedTools` rules, e.g. `Bash(echo *)`; none means every tool call would be denied. */
  allowedTools?: string[];
}

/** `claude -p <prompt> --output-format json` in the sandbox, bounded by a kill timeout. */
export function runClaude(run: ClaudeRun): Promise<AgentRun> {
  const allowed = run.allowedTools?.length ? ['--allowedTools', ...run.allowedTools] : [];
  return runAgent({
    label: `claude -p (model ${run.model})`,
    command: run.bin,
    args: ['-p', run.prompt, '--output-format', 'json', '--no-session-persistence', ...allowed],
    cwd: run.sandbox.work,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: run.sandbox.home,
      TMPDIR: run.sandbox.tmp,
      CLAUDE_CONFIG_DIR: join(run.sandbox.home, '.claude'),
      // A gateway error should fail the run at once, not after minutes of backoff.
      CLAUDE_CODE_MAX_RETRIES: '0',
      // README "Claude Code", as written: base URL, token, models, and no traffic but to the gateway.
      ...claudeEnvFromReadme(run.gatewayUrl, run.model),
    },
    timeoutMs: AGENT_RUN_MS,
  });
}

/** The one JSON object `--output-format json` prints at the end. */
export interface ClaudeResult {
  result: string;
  isError: boolean;
  turns: number;
  deniedTools: string[];
}

export function claudeResult(run: AgentRun): ClaudeResult {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  let parsed: Record<string, unknown>;
  try {
    parsed = asRecord(JSON.parse(line));
  } catch {
    throw new Error(`no JSON result on stdout\n${describeRun(run)}`);
  }
  const denied = asArray(parsed.permission_denials).map((d) => String(asRecord(d).tool_name));
  return {
    result: typeof parsed.result === 'string' ? parsed.result : '',
    isError: parsed.is_error === true,
    turns: typeof parsed.num_turns === 'number' ? parsed.num_turns : 0,
    deniedTools: denied,
  };
}
