import { responsesFailedStream } from '../fakes/openai-responses-frames.js';
import {
  FAKE_CASES,
  MODEL,
  startStack,
  UPSTREAM_MODEL,
  withResponsesModel,
  type FakeCase,
  type TestStack,
} from '../support/test-stack.js';
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
import { codexTranscript, runCodex } from './codex.cli.js';

/**
 * The real Codex CLI (`codex exec`), unchanged, speaking the Responses API to the gateway in front
 * of each scripted fake: translated to Chat Completions, Anthropic and Ollama, and relayed as is to
 * a provider that speaks the Responses API itself. Set up as the README says, it calls nothing else.
 */

/** A model on an OpenAI-type provider with `wire_api: responses`, in front of the OpenAI fake. */
const RELAYED_MODEL = 'fake-openai-responses';

/** The path each upstream is asked on: translated to its own API, or relayed to the Responses API. */
const UPSTREAM_PATH: Record<FakeCase, string> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
  ollama: '/api/chat',
};

const cases: Array<{ upstream: string; fake: FakeCase; model: string; path: string }> = [
  ...FAKE_CASES.map((fake) => ({
    upstream: `${fake} (translated)`,
    fake,
    model: MODEL[fake],
    path: UPSTREAM_PATH[fake],
  })),
  { upstream: 'openai Responses API (relayed)', fake: 'openai', model: RELAYED_MODEL, path: '/v1/responses' },
];

describe('Codex through the gateway', () => {
  let stack: TestStack;
  const sandbox = sandboxPerTest();

  beforeAll(async () => {
    stack = await startStack({ config: withResponsesModel(RELAYED_MODEL) });
  }, AGENT_STACK_MS);
  afterAll(() => stack?.stop(), AGENT_STACK_MS);
  beforeEach(() => stack.reset());

  describe.each(cases)('→ $upstream', ({ fake: kind, model, path }) => {
    it(
      'prints the answer the upstream gave',
      async () => {
        const marker = markerCommand();
        stack.fakes[kind].planTurns(agentTurns(marker, 'exec_command', { cmd: marker.command }));
        const run = await runCodex({
          gatewayUrl: stack.gateway.url,
          model,
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
          expect(stack.fakes[kind].lastChat().path).toBe(path);
        });
      },
      AGENT_TEST_MS,
    );

    it(
      'runs the exec_command call the upstream asked for and sends its output back',
      async () => {
        const marker = markerCommand();
        stack.fakes[kind].planTurns(agentTurns(marker, 'exec_command', { cmd: marker.command }));
        const run = await runCodex({
          gatewayUrl: stack.gateway.url,
          model,
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
      AGENT_TEST_MS,
    );
  });

  it(
    'hears from a relayed upstream that the context window overflowed, not that the stream closed early',
    async () => {
      const message = 'Your input exceeds the context window of this model. Please adjust your input and try again.';
      const frames = responsesFailedStream(UPSTREAM_MODEL.openai, { code: 'context_length_exceeded', message });
      stack.fakes.openai.script({ frames });
      const run = await runCodex({
        gatewayUrl: stack.gateway.url,
        model: RELAYED_MODEL,
        prompt: 'Say hello.',
        sandbox: sandbox(),
      });
      const errors = codexTranscript(run).errors.join('\n');
      expect(errors).toMatch(/context window/i);
      expect(errors).not.toMatch(/stream closed before response\.completed/);
    },
    AGENT_TEST_MS,
  );
});
