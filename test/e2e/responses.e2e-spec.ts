import { TOOL_RESULT } from '../support/dialects/dialect-driver.js';
import { responsesDriver } from '../support/dialects/responses-driver.js';
import { EXPECTED_IMAGE, imagesSeen } from '../support/recorded-upstream.js';
import { FAKE_CASES, MODEL, startStack, type TestStack } from '../support/test-stack.js';

/**
 * The Responses API (`POST /v1/responses`) through the official SDK's `responses.create` and
 * `responses.stream`, against every fake upstream, translated through the canonical form.
 */

const T = 20_000;
const cases = FAKE_CASES.flatMap((provider) => [false, true].map((stream) => ({ provider, stream })));

describe('Responses API clients', () => {
  let stack: TestStack;
  const driver = () => responsesDriver(stack.gateway.url);

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  describe.each(cases)('→ $provider upstream, stream=$stream', ({ provider, stream }) => {
    it(
      'answers with the upstream’s text',
      async () => {
        const prompt = `hello from responses to ${provider}`;
        expect(await driver().ask(MODEL[provider], prompt, stream)).toBe(`echo: ${prompt}`);
        expect(stack.fakes[provider].calls).toBe(1);
      },
      T,
    );

    it(
      'carries a function call out and its output back in',
      async () => {
        const outcome = await driver().toolRoundTrip(MODEL[provider], stream);
        expect(outcome.arguments).toEqual({ city: 'Oslo' });
        expect(outcome.finalText).toContain(`tool said: ${TOOL_RESULT}`);
        expect(stack.fakes[provider].calls).toBe(2);
      },
      T,
    );

    it(
      'delivers an input image in the upstream’s own format',
      async () => {
        const text = await driver().askWithImage(MODEL[provider], 'what is this?', stream);
        expect(imagesSeen(provider, stack.fakes[provider].lastChat())).toEqual([EXPECTED_IMAGE[provider]]);
        expect(text).toBe('echo: what is this? [images: 1]');
      },
      T,
    );
  });
});
