import { FAKE_CASES, MODEL, startStack, type FakeCase, type TestStack } from '../support/test-stack.js';
import { checkRun } from './agent-process.js';
import { sandboxPerTest } from './agent-sandbox.js';
import {
  agentTurns,
  conversationsSeen,
  doneText,
  markerCommand,
  PLAIN_ANSWER,
  toolResultsSeen,
} from './agent-turns.js';
import { codexTranscript, runCodex } from './codex.cli.js';

/**
 * The real Codex CLI (`codex exec`), unchanged, speaking the Responses API to the gateway in front
 * of each scripted fake, every one of them translated. Nothing but loopback is reached.
 */

// Bounds, not expectations: a CLI run on a busy two-core machine is given up to two minutes.
const RUN_T = 180_000;
const STACK_T = 30_000;

describe('Codex through the gateway', () => {
  let stack: TestStack;
  const sandbox = sandboxPerTest();

  beforeAll(async () => {
    stack = await startStack();
  }, STACK_T);
  afterAll(() => stack?.stop(), STACK_T);
  beforeEach(() => stack.reset());

  describe.each(FAKE_CASES)('→ %s upstream', (kind: FakeCase) => {
    it(
      'prints the answer the upstream gave',
      async () => {
        const marker = markerCommand();
        stack.fakes[kind].planTurns(agentTurns(marker, 'exec_command', { cmd: marker.command }));
        const run = await runCodex({
          gatewayUrl: stack.gateway.url,
          model: MODEL[kind],
          prompt: 'Say hello.',
          sandbox: sandbox(),
        });
        checkRun(run, () => {
          const transcript = codexTranscript(run);
          expect({ errors: transcript.errors, messages: transcript.messages }).toEqual({
            errors: [],
            messages: [PLAIN_ANSWER],
          });
          const prompts = conversationsSeen(kind, stack.fakes[kind]).map((facts) => facts.lastUserText);
          // Translated to Anthropic, Codex's two user messages (context, prompt) arrive as one.
          expect(prompts.some((text) => text.includes('Say hello.'))).toBe(true);
        });
      },
      RUN_T,
    );

    it(
      'runs the exec_command call the upstream asked for and sends its output back',
      async () => {
        const marker = markerCommand();
        stack.fakes[kind].planTurns(agentTurns(marker, 'exec_command', { cmd: marker.command }));
        const run = await runCodex({
          gatewayUrl: stack.gateway.url,
          model: MODEL[kind],
          prompt: `Run the shell command for ${marker.trigger} and tell me what it printed.`,
          sandbox: sandbox(),
        });
        checkRun(run, () => {
          const transcript = codexTranscript(run);
          expect(transcript.commands.map((c) => c.output).join('\n')).toContain(marker.output);
          expect(toolResultsSeen(kind, stack.fakes[kind]).join('\n')).toContain(marker.output);
          expect(transcript.messages.at(-1)).toBe(doneText(marker));
        });
      },
      RUN_T,
    );
  });
});
