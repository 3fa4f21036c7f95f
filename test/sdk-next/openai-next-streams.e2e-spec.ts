import { TOOL_RESULT, WEATHER_TOOL } from '../support/dialects/dialect-driver.js';
import { openaiDriver } from '../support/dialects/openai-driver.js';
import { responsesDriver } from '../support/dialects/responses-driver.js';
import { openaiNextClient, openaiNextModule, type OpenAIModule, type OpenAINext } from '../support/openai-next.js';
import { PINNED_INSTALL_MS } from '../support/pinned-package.js';
import { MODEL, startStack, withResponsesModel, type TestStack } from '../support/test-stack.js';
import { THOUGHT, thinkingTurn } from './claude-turns.js';

/**
 * The newest `openai` release (pinned in test/sdk-next/) reading the gateway's streams. Its helpers
 * are strict: `responses.stream()` throws on an event out of order, an output or part index that
 * does not append, or an event type it does not know; `chat.completions.stream()` checks choice and
 * tool call indices. A client update must not break anyone, so every answer here goes through them.
 * Types come from ../support only: in this folder `openai` names the installed 7.x, whose classes
 * the drivers' 6.x declarations do not accept.
 */

const T = 20_000;
/** A model on the OpenAI fake, behind a provider that speaks the Responses API to it. */
const RESPONSES_MODEL = 'fake-openai-responses';
const RESPONSES_WEATHER_TOOL = { type: 'function' as const, strict: false, ...WEATHER_TOOL };

describe('the newest openai SDK streaming through the gateway', () => {
  let stack: TestStack;
  let sdk: OpenAIModule;
  let client: OpenAINext;

  beforeAll(async () => {
    sdk = await openaiNextModule();
  }, PINNED_INSTALL_MS);
  beforeAll(async () => {
    stack = await startStack({ config: withResponsesModel(RESPONSES_MODEL) });
    client = openaiNextClient(sdk, stack.gateway.url);
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  describe.each([
    { upstream: 'OpenAI (relayed)', model: MODEL.openai, fake: 'openai' as const },
    { upstream: 'Anthropic (translated)', model: MODEL.anthropic, fake: 'anthropic' as const },
    { upstream: 'Ollama (translated)', model: MODEL.ollama, fake: 'ollama' as const },
  ])('chat.completions.stream() → $upstream', ({ model, fake }) => {
    it(
      'accumulates the streamed text',
      async () => {
        const prompt = `hello from openai 7 to ${fake}`;
        expect(await openaiDriver(stack.gateway.url, client).ask(model, prompt, true)).toBe(`echo: ${prompt}`);
      },
      T,
    );

    it(
      'accumulates a streamed tool call and carries its result back',
      async () => {
        const outcome = await openaiDriver(stack.gateway.url, client).toolRoundTrip(model, true);
        expect(outcome.arguments).toEqual({ city: 'Oslo' });
        expect(outcome.finalText).toContain(`tool said: ${TOOL_RESULT}`);
        expect(stack.fakes[fake].calls).toBe(2);
      },
      T,
    );
  });

  describe.each([
    { upstream: 'Anthropic (translated)', model: MODEL.anthropic, fake: 'anthropic' as const },
    { upstream: 'OpenAI chat (translated)', model: MODEL.openai, fake: 'openai' as const },
    { upstream: 'Ollama (translated)', model: MODEL.ollama, fake: 'ollama' as const },
    { upstream: 'OpenAI Responses (relayed)', model: RESPONSES_MODEL, fake: 'openai' as const },
  ])('responses.stream() → $upstream', ({ model, fake }) => {
    it(
      'reaches a final response with the text',
      async () => {
        const prompt = `hello from openai 7 to ${model}`;
        expect(await responsesDriver(stack.gateway.url, client).ask(model, prompt, true)).toBe(`echo: ${prompt}`);
      },
      T,
    );

    it(
      'reaches a final response with a function call, and answers its output',
      async () => {
        const outcome = await responsesDriver(stack.gateway.url, client).toolRoundTrip(model, true);
        expect(outcome.arguments).toEqual({ city: 'Oslo' });
        expect(outcome.finalText).toContain(`tool said: ${TOOL_RESULT}`);
        expect(stack.fakes[fake].calls).toBe(2);
      },
      T,
    );
  });

  describe('Claude thinking, then calling two tools at once (translated)', () => {
    const cities = ['Oslo', 'Bergen'];

    it(
      'reaches a final response with a reasoning summary, the message and both function calls in order',
      async () => {
        stack.fakes.anthropic.script({ frames: thinkingTurn('Checking both.', cities, 'tool_use') });
        const response = await client.responses
          .stream({ model: MODEL.anthropic, input: 'weather?', tools: [RESPONSES_WEATHER_TOOL] })
          .finalResponse();
        expect(response.output.map((item) => item.type)).toEqual([
          'reasoning',
          'message',
          'function_call',
          'function_call',
        ]);
        const [reasoning, , ...calls] = response.output;
        expect(reasoning.type === 'reasoning' && reasoning.summary.map((s) => s.text)).toEqual([THOUGHT]);
        expect(response.output_text).toBe('Checking both.');
        expect(calls.map((c) => c.type === 'function_call' && JSON.parse(c.arguments))).toEqual(
          cities.map((city) => ({ city })),
        );
      },
      T,
    );

    it(
      'accumulates both tool calls of chat.completions.stream() at their own indices',
      async () => {
        stack.fakes.anthropic.script({ frames: thinkingTurn('Checking both.', cities, 'tool_use') });
        const completion = await client.chat.completions
          .stream({
            model: MODEL.anthropic,
            messages: [{ role: 'user', content: 'weather?' }],
            tools: [{ type: 'function', function: WEATHER_TOOL }],
          })
          .finalChatCompletion();
        const choice = completion.choices[0];
        expect(choice?.finish_reason).toBe('tool_calls');
        expect(choice?.message.content).toBe('Checking both.');
        const calls = choice?.message.tool_calls ?? [];
        expect(calls.map((c) => c.type === 'function' && JSON.parse(c.function.arguments))).toEqual(
          cities.map((city) => ({ city })),
        );
      },
      T,
    );

    it(
      'reaches an incomplete final response when the answer hits max_tokens',
      async () => {
        stack.fakes.anthropic.script({ frames: thinkingTurn('Checking', [], 'max_tokens') });
        const response = await client.responses.stream({ model: MODEL.anthropic, input: 'weather?' }).finalResponse();
        expect(response.status).toBe('incomplete');
        expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
        expect(response.output_text).toBe('Checking');
      },
      T,
    );
  });
});
