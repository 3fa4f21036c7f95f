import { FAKE_CASES, MODEL, startStack, type FakeCase, type TestStack } from '../support/test-stack.js';
import { AGENT_STACK_MS, AGENT_TEST_MS, checkRun } from './agent-process.js';
import { sandboxPerTest } from './agent-sandbox.js';
import {
  agentTurns,
  conversationsSeen,
  doneText,
  markerCommand,
  PLAIN_ANSWER,
  toolResultsSeen,
} from './agent-turns.js';
import { claudeResult, runClaude } from './claude-code.cli.js';
import { claudeCodeBinary, CLI_INSTALL_MS } from './cli-tools.js';

/**
 * The real Claude Code CLI (`claude -p`), unchanged, against the gateway in front of each scripted
 * fake: Anthropic relayed as is, OpenAI and Ollama translated. Set up as the README says, it calls
 * nothing else.
 */

describe('Claude Code through the gateway', () => {
  let stack: TestStack;
  let bin: string;
  const sandbox = sandboxPerTest();

  // The pinned CLI, installed into test/agents/cli on the first run (see cli-tools.ts).
  beforeAll(async () => {
    bin = await claudeCodeBinary();
  }, CLI_INSTALL_MS);
  beforeAll(async () => {
    stack = await startStack();
  }, AGENT_STACK_MS);
  afterAll(() => stack?.stop(), AGENT_STACK_MS);
  beforeEach(() => stack.reset());

  describe.each(FAKE_CASES)('→ %s upstream', (kind: FakeCase) => {
    it(
      'prints the answer the upstream gave',
      async () => {
        const marker = markerCommand();
        stack.fakes[kind].planTurns(agentTurns(marker, 'Bash', { command: marker.command }));
        const run = await runClaude({
          bin,
          gatewayUrl: stack.gateway.url,
          model: MODEL[kind],
          prompt: 'Say hello.',
          sandbox: sandbox(),
        });
        checkRun(run, () => {
          expect(claudeResult(run)).toMatchObject({ result: PLAIN_ANSWER, isError: false });
          const prompts = conversationsSeen(kind, stack.fakes[kind]).map((facts) => facts.lastUserText);
          expect(prompts.some((text) => text.includes('Say hello.'))).toBe(true);
        });
      },
      AGENT_TEST_MS,
    );

    it(
      'runs the Bash tool call the upstream asked for and sends its output back',
      async () => {
        const marker = markerCommand();
        stack.fakes[kind].planTurns(agentTurns(marker, 'Bash', { command: marker.command }));
        const run = await runClaude({
          bin,
          gatewayUrl: stack.gateway.url,
          model: MODEL[kind],
          prompt: `Run the shell command for ${marker.trigger} and tell me what it printed.`,
          sandbox: sandbox(),
          allowedTools: ['Bash(echo *)'],
        });
        checkRun(run, () => {
          const result = claudeResult(run);
          expect(result.deniedTools).toEqual([]);
          expect(toolResultsSeen(kind, stack.fakes[kind]).join('\n')).toContain(marker.output);
          expect(result).toMatchObject({ result: doneText(marker), isError: false });
        });
      },
      AGENT_TEST_MS,
    );
  });

  it(
    'reaches an Anthropic upstream with its beta flags and API version intact',
    async () => {
      const marker = markerCommand();
      stack.fakes.anthropic.planTurns(agentTurns(marker, 'Bash', { command: marker.command }));
      const run = await runClaude({
        bin,
        gatewayUrl: stack.gateway.url,
        model: MODEL.anthropic,
        prompt: 'Say hello.',
        sandbox: sandbox(),
      });
      checkRun(run, () => {
        const seen = stack.fakes.anthropic.lastChat();
        expect(seen.headers['anthropic-beta']).toContain('claude-code-20250219');
        expect(seen.headers['anthropic-version']).toBe('2023-06-01');
      });
    },
    AGENT_TEST_MS,
  );
});
