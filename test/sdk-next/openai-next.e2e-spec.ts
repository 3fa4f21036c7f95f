import {
  anthropicErrorEvent,
  anthropicEvent,
  anthropicMessageStart,
  anthropicTextDelta,
} from '../fakes/anthropic-frames.js';
import type { FakeFrame } from '../fakes/fake-upstream.types.js';
import { TOOL_RESULT } from '../support/dialects/dialect-driver.js';
import { openaiDriver } from '../support/dialects/openai-driver.js';
import { responsesDriver } from '../support/dialects/responses-driver.js';
import { openaiNextClient, openaiNextModule, type OpenAINext, type OpenAIModule } from '../support/openai-next.js';
import { PINNED_INSTALL_MS } from '../support/pinned-package.js';
import { MODEL, startStack, UPSTREAM_MODEL, type TestStack } from '../support/test-stack.js';

/**
 * The newest `openai` release (pinned in test/sdk-next/) against the gateway. Its stream helpers are
 * strict: `responses.stream()` throws on an event out of order, an output or part index that does
 * not append, or an event type it does not know; `chat.completions.stream()` checks choice and tool
 * call indices. A client update must not break anyone, so every answer here goes through them.
 * Types come from ../support only: in this folder `openai` names the installed 7.x, whose classes
 * the drivers' 6.x declarations do not accept.
 */

const T = 20_000;
/** A model on the OpenAI fake, behind a provider that speaks the Responses API to it. */
const RESPONSES_MODEL = 'fake-openai-responses';
const THOUGHT = 'The user wants a greeting; keep it short.';

/** Claude thinking first, then answering: the frames of one extended-thinking turn. */
function thinkingThenText(text: string): FakeFrame[] {
  const thinking = { type: 'thinking', thinking: '', signature: '' };
  return [
    anthropicMessageStart('thought', UPSTREAM_MODEL.anthropic, 12),
    anthropicEvent('content_block_start', { index: 0, content_block: thinking }),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: THOUGHT } }),
    anthropicEvent('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'c2ln' } }),
    anthropicEvent('content_block_stop', { index: 0 }),
    anthropicEvent('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    anthropicTextDelta(1, text),
    anthropicEvent('content_block_stop', { index: 1 }),
    anthropicEvent('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 9 },
    }),
    anthropicEvent('message_stop'),
  ];
}

describe('the newest openai SDK through the gateway', () => {
  let stack: TestStack;
  let sdk: OpenAIModule;
  let client: OpenAINext;

  beforeAll(async () => {
    sdk = await openaiNextModule();
  }, PINNED_INSTALL_MS);
  beforeAll(async () => {
    stack = await startStack({
      config: (config, fakes) => ({
        ...config,
        providers: {
          ...config.providers,
          'openai-responses-fake': {
            type: 'openai',
            base_url: `${fakes.openai.url}/v1`,
            api_key: 'sk-test-upstream',
            wire_api: 'responses',
          },
        },
        models: [...config.models, { ...config.models[0], name: RESPONSES_MODEL, provider: 'openai-responses-fake' }],
      }),
    });
    client = openaiNextClient(sdk, stack.gateway.url);
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  describe.each([
    { upstream: 'OpenAI (relayed)', model: MODEL.openai, fake: 'openai' as const },
    { upstream: 'Anthropic (translated)', model: MODEL.anthropic, fake: 'anthropic' as const },
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

  it(
    'reaches a final response with Claude’s thinking as a reasoning summary before the message',
    async () => {
      stack.fakes.anthropic.script({ frames: thinkingThenText('Hello!') });
      const stream = client.responses.stream({
        model: MODEL.anthropic,
        input: 'greet me',
        reasoning: { summary: 'auto' },
      });
      const response = await stream.finalResponse();
      expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
      const reasoning = response.output[0];
      expect(reasoning.type === 'reasoning' && reasoning.summary.map((s) => s.text)).toEqual([THOUGHT]);
      expect(response.output_text).toBe('Hello!');
    },
    T,
  );

  it(
    'reads an unknown model as an APIError with OpenAI’s status, type and code',
    async () => {
      const failure = await client.chat.completions
        .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] })
        .catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(sdk.NotFoundError);
      expect(failure).toMatchObject({ status: 404, type: 'invalid_request_error', code: 'model_not_found' });
    },
    T,
  );

  describe('an upstream error in the middle of a stream', () => {
    /** Claude starts answering, then reports itself overloaded. */
    const overloaded = (): FakeFrame[] => [
      anthropicMessageStart('cut', UPSTREAM_MODEL.anthropic, 3),
      anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      anthropicTextDelta(0, 'Hel'),
      anthropicErrorEvent('overloaded_error', 'Overloaded'),
    ];

    it(
      'rejects responses.stream() with an APIError carrying the gateway’s code',
      async () => {
        stack.fakes.anthropic.script({ frames: overloaded() });
        const failure = await client.responses
          .stream({ model: MODEL.anthropic, input: 'hello' })
          .finalResponse()
          .catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(sdk.APIError);
        expect(failure).toMatchObject({ code: 'overloaded' });
      },
      T,
    );

    it(
      'rejects chat.completions.stream() with an APIError carrying the gateway’s code',
      async () => {
        stack.fakes.anthropic.script({ frames: overloaded() });
        const failure = await client.chat.completions
          .stream({ model: MODEL.anthropic, messages: [{ role: 'user', content: 'hello' }] })
          .finalChatCompletion()
          .catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(sdk.APIError);
        expect(failure).toMatchObject({ code: 'overloaded', type: 'server_error' });
      },
      T,
    );
  });

  describe('a 429 from the gateway, with one retry allowed', () => {
    /** The upstream's rate limit, which the gateway passes on with the upstream's wait. */
    const rateLimited = (retryAfter: string) => ({
      status: 429,
      headers: { 'retry-after': retryAfter },
      json: { error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } },
    });
    const ask = (prompt: string) =>
      openaiNextClient(sdk, stack.gateway.url, 1).chat.completions.create({
        model: MODEL.openai,
        messages: [{ role: 'user', content: prompt }],
      });

    it(
      'is retried once, after the gateway’s retry-after, and the retry is answered',
      async () => {
        stack.fakes.openai.script(rateLimited('1'));
        const answer = await ask('again');
        expect(answer.choices[0]?.message.content).toBe('echo: again');
        expect(stack.fakes.openai.calls).toBe(2);
      },
      T,
    );

    it(
      'is retried once even when the gateway asks for more than a minute, which the SDK does not wait',
      async () => {
        stack.fakes.openai.script(rateLimited('120'));
        const answer = await ask('later');
        expect(answer.choices[0]?.message.content).toBe('echo: later');
        expect(stack.fakes.openai.calls).toBe(2);
      },
      T,
    );

    it(
      'reads as a RateLimitError with the gateway’s retry-after once the retry is refused too',
      async () => {
        stack.fakes.openai.script(rateLimited('1'), 2);
        const failure = await ask('no luck').catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(sdk.RateLimitError);
        expect(failure).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' });
        expect((failure as { headers: Headers }).headers.get('retry-after')).toBe('1');
        expect(stack.fakes.openai.calls).toBe(2);
      },
      T,
    );
  });
});
