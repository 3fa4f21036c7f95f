import { openaiNextClient, openaiNextModule, type OpenAIModule, type OpenAINext } from '../support/openai-next.js';
import { PINNED_INSTALL_MS } from '../support/pinned-package.js';
import { MODEL, startStack, UPSTREAM_MODEL, type TestStack } from '../support/test-stack.js';
import { fakeKits } from '../fakes/fake-kits.js';

/**
 * The gateway's errors as the newest `openai` release (pinned in test/sdk-next/) reads them: the
 * error class it picks, the code and type it exposes, and what the gateway's `retry-after` makes its
 * retries do (counted at the fake upstream; the gateway itself makes one attempt).
 */

const T = 20_000;

/** Claude starts answering, then reports itself overloaded. */
const overloadedTurn = () => [
  ...fakeKits.anthropic.textStream(UPSTREAM_MODEL.anthropic, ['Hel'], false),
  fakeKits.anthropic.midStreamError('Overloaded'),
];

describe('the newest openai SDK meeting the gateway’s errors', () => {
  let stack: TestStack;
  let sdk: OpenAIModule;
  let client: OpenAINext;

  beforeAll(async () => {
    sdk = await openaiNextModule();
  }, PINNED_INSTALL_MS);
  beforeAll(async () => {
    stack = await startStack();
    client = openaiNextClient(sdk, stack.gateway.url);
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

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
    it(
      'rejects responses.stream() with an APIError carrying the gateway’s code',
      async () => {
        stack.fakes.anthropic.script({ frames: overloadedTurn() });
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
        stack.fakes.anthropic.script({ frames: overloadedTurn() });
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
