import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asRecord, asString } from '../fakes/fake-json.js';
import { AGENT_RUN_MS, describeRun, runAgent, type AgentRun } from './agent-process.js';
import type { AgentSandbox } from './agent-sandbox.js';
import { codexConfigFromReadme } from './readme-setup.js';

/** `@openai/codex`'s launcher, as npm installs it. */
const CODEX_BIN = resolve('node_modules/.bin/codex');
/** The variable the README's `env_key` names; Codex sends its value as a Bearer token. */
const CODEX_KEY_VAR = 'SWITCHYARD_API_KEY';

export interface CodexRun {
  gatewayUrl: string;
  model: string;
  prompt: string;
  sandbox: AgentSandbox;
}

/** `codex exec --json <prompt>` with its own CODEX_HOME, bounded by a kill timeout. */
export function runCodex(run: CodexRun): Promise<AgentRun> {
  const codexHome = join(run.sandbox.home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  // README "Codex", as written: the gateway as a Responses provider, and no traffic but to it.
  writeFileSync(join(codexHome, 'config.toml'), codexConfigFromReadme(run.gatewayUrl, run.model));
  return runAgent({
    label: `codex exec (model ${run.model})`,
    command: CODEX_BIN,
    args: [
      'exec',
      '--json',
      // A key this version does not know fails the run instead of being ignored.
      '--strict-config',
      '--skip-git-repo-check',
      '--ephemeral',
      // Commands run in the working directory without asking: there is nobody to ask.
      ...['-c', 'approval_policy="never"', '-c', 'sandbox_mode="workspace-write"'],
      // A gateway error should fail the run at once, not after five reconnects with backoff.
      ...['-c', 'model_providers.switchyard.request_max_retries=0'],
      ...['-c', 'model_providers.switchyard.stream_max_retries=0'],
      run.prompt,
    ],
    cwd: run.sandbox.work,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: run.sandbox.home,
      TMPDIR: run.sandbox.tmp,
      CODEX_HOME: codexHome,
      [CODEX_KEY_VAR]: 'sk-client-unused',
    },
    timeoutMs: AGENT_RUN_MS,
  });
}

/** What `--json` reported: the agent's messages, the commands it ran, and any error events. */
export interface CodexTranscript {
  messages: string[];
  commands: Array<{ command: string; output: string; exitCode: unknown }>;
  errors: string[];
}

export function codexTranscript(run: AgentRun): CodexTranscript {
  const transcript: CodexTranscript = { messages: [], commands: [], errors: [] };
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = asRecord(parseLine(line, run));
    const item = asRecord(event.item);
    if (event.type === 'error' || event.type === 'turn.failed') transcript.errors.push(line);
    if (event.type !== 'item.completed') continue;
    if (item.type === 'agent_message') transcript.messages.push(asString(item.text) ?? '');
    if (item.type === 'command_execution') {
      const output = asString(item.aggregated_output) ?? '';
      transcript.commands.push({ command: asString(item.command) ?? '', output, exitCode: item.exit_code });
    }
  }
  return transcript;
}

function parseLine(line: string, run: AgentRun): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new Error(`unreadable --json line ${line}\n${describeRun(run)}`);
  }
}
