import { anthropicDriver } from '../support/dialects/anthropic-driver.js';
import { TOOL_RESULT, type DialectDriver } from '../support/dialects/dialect-driver.js';
import { openaiDriver } from '../support/dialects/openai-driver.js';
import { unifiedDriver } from '../support/dialects/unified-driver.js';
import { askedToStream, EXPECTED_IMAGE, imagesSeen } from '../support/recorded-upstream.js';
import { DIALECTS, type Dialect } from '../support/requests.js';
import {
  FAKE_CASES,
  MODEL,
  PROVIDER_CASES,
  startStack,
  type FakeCase,
  type ProviderCase,
  type TestStack,
} from '../support/test-stack.js';

/**
 * Every client dialect against every provider, streaming and not: the answer arrives, a tool call
 * survives the round trip, and an image reaches the upstream in the upstream's own format.
 */

const T = 20_000;
const DRIVERS: Record<Dialect, (url: string) => DialectDriver> = {
  openai: openaiDriver,
  anthropic: anthropicDriver,
  unified: unifiedDriver,
};

const cases = DIALECTS.flatMap((dialect) =>
  PROVIDER_CASES.flatMap((provider) => [false, true].map((stream) => ({ dialect, provider, stream }))),
);
const fakeCases = cases.filter((c): c is typeof c & { provider: FakeCase } => c.provider !== 'mock');
const mockCases = cases.filter((c) => c.provider === 'mock');

describe('the dialect × provider matrix', () => {
  let stack: TestStack;
  const driver = (dialect: Dialect) => DRIVERS[dialect](stack.gateway.url);
  const otherFakes = (provider: ProviderCase) =>
    FAKE_CASES.filter((k) => k !== provider).map((k) => stack.fakes[k].calls);

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  describe.each(fakeCases)('$dialect client → $provider upstream, stream=$stream', ({ dialect, provider, stream }) => {
    it(
      'answers with the upstream’s text, having asked only that upstream',
      async () => {
        const prompt = `hello from ${dialect} to ${provider}`;
        const text = await driver(dialect).ask(MODEL[provider], prompt, stream);
        expect(text).toBe(`echo: ${prompt}`);
        const fake = stack.fakes[provider];
        expect(fake.calls).toBe(1);
        expect(otherFakes(provider)).toEqual([0, 0]);
        if (stream) expect(askedToStream(provider, fake.lastChat())).toBe(true);
      },
      T,
    );

    it(
      'carries a tool call out with its arguments whole, and the tool result back in',
      async () => {
        const outcome = await driver(dialect).toolRoundTrip(MODEL[provider], stream);
        expect(outcome.arguments).toEqual({ city: 'Oslo' });
        expect(outcome.finalText).toContain(`tool said: ${TOOL_RESULT}`);
        expect(stack.fakes[provider].calls).toBe(2);
      },
      T,
    );

    it(
      'delivers a base64 PNG to the upstream in its own image format',
      async () => {
        const text = await driver(dialect).askWithImage(MODEL[provider], 'what is this?', stream);
        expect(imagesSeen(provider, stack.fakes[provider].lastChat())).toEqual([EXPECTED_IMAGE[provider]]);
        expect(text).toBe('echo: what is this? [images: 1]');
      },
      T,
    );
  });

  describe.each(mockCases)('$dialect client → built-in mock provider, stream=$stream', ({ dialect, stream }) => {
    it(
      'answers with some text without calling any fake',
      async () => {
        const text = await driver(dialect).ask(MODEL.mock, 'hello mock', stream);
        expect(text.trim()).not.toBe('');
        expect(FAKE_CASES.map((k) => stack.fakes[k].calls)).toEqual([0, 0, 0]);
      },
      T,
    );

    it(
      'calls the tool with arguments built from its schema, and reads the result back',
      async () => {
        const outcome = await driver(dialect).toolRoundTrip(MODEL.mock, stream);
        expect(outcome.arguments).toEqual({ city: 'demo' });
        expect(outcome.finalText).toContain(TOOL_RESULT);
      },
      T,
    );

    it(
      'accepts an image and still answers',
      async () => {
        const text = await driver(dialect).askWithImage(MODEL.mock, 'what is this?', stream);
        expect(text.trim()).not.toBe('');
      },
      T,
    );
  });
});
