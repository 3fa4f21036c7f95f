import { fakeKits } from '../fakes/fake-kits.js';
import { readAnswer } from '../support/answer-reader.js';
import { chatBody, postChat, type Dialect } from '../support/requests.js';
import { MODEL, PROVIDER, UPSTREAM_MODEL, startStack, type TestStack } from '../support/test-stack.js';

/**
 * A reasoning model on the Chat Completions wire answers a stream with its head at once, then
 * sends nothing while it thinks. That silence is bounded by the idle deadline, not the first-byte
 * one, which still ends a non-reasoning model's silent stream. Deadlines are shortened so that
 * thinking for two seconds outlasts the first-byte deadline but not the idle one.
 */

const T = 20_000;
const THINKING_MS = 2_000;
const PLAIN_MODEL = 'fake-openai-plain';

describe('a streamed answer silent after its head', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({
      config: (config) => ({
        ...config,
        models: [
          ...config.models,
          { ...config.models[0], name: PLAIN_MODEL, provider: PROVIDER.openai, capabilities: ['tools'] },
        ],
        fallback: { ...config.fallback, timeout_ms: 10_000, first_byte_timeout_ms: 1_000, idle_timeout_ms: 5_000 },
      }),
    });
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  const thinkFirst = () =>
    stack.fakes.openai.script({
      frames: fakeKits.openai.textStream(UPSTREAM_MODEL.openai, ['Forty', '-two']),
      pauseAfterFrames: 0,
      pauseMs: THINKING_MS,
    });

  const dialects: { dialect: Dialect; path: string }[] = [
    { dialect: 'openai', path: 'relayed' },
    { dialect: 'anthropic', path: 'translated' },
  ];

  it.each(dialects)(
    'reaches a $dialect client whole from a reasoning model ($path), asked of the upstream once',
    async ({ dialect }) => {
      thinkFirst();
      const res = await postChat(stack.gateway.url, dialect, chatBody(dialect, MODEL.openai, 'hi', { stream: true }));
      expect((await readAnswer(dialect, res, true)).text).toBe('Forty-two');
      expect(stack.fakes.openai.calls).toBe(1);
    },
    T,
  );

  it(
    'still ends at the first-byte deadline for a model that does not reason',
    async () => {
      thinkFirst();
      const res = await postChat(stack.gateway.url, 'openai', chatBody('openai', PLAIN_MODEL, 'hi', { stream: true }));
      expect(res.status).toBe(504);
      expect(await res.text()).toContain('sent nothing for 1000 ms');
    },
    T,
  );
});
