import { OPENAI_DONE, openaiChunk } from '../fakes/openai-frames.js';
import type { FakeFrame } from '../fakes/fake-upstream.types.js';
import { openaiNextClient, openaiNextModule, type OpenAIModule } from '../support/openai-next.js';
import { PINNED_INSTALL_MS } from '../support/pinned-package.js';
import { openaiClient } from '../support/sdk-clients.js';
import { MODEL, startStack, UPSTREAM_MODEL, type TestStack } from '../support/test-stack.js';

/**
 * OpenAI-compatible servers that number streamed tool calls their own way: no `index` at all, or
 * index 0 for every parallel call. An OpenAI client relayed to one still gets each call whole, read
 * by the pinned SDK and by the newest release (test/sdk-next/), whose helper checks indices.
 */

const T = 20_000;

const TOOLS = ['get_weather', 'get_time'].map((name) => ({
  type: 'function' as const,
  function: { name, parameters: { type: 'object', properties: {} } },
}));

const EXPECTED = [
  { id: 'call_weather', name: 'get_weather', arguments: '{"city":"Oslo"}' },
  { id: 'call_time', name: 'get_time', arguments: '{"tz":"CET"}' },
];

/** Two calls one after the other, every delta under `index` as given (left out when undefined). */
function twoCalls(index: number | undefined): FakeFrame[] {
  const chunk = (delta: unknown, finish: string | null = null) =>
    openaiChunk('tools', UPSTREAM_MODEL.openai, delta, finish);
  const start = (id: string, name: string) => ({ index, id, type: 'function', function: { name, arguments: '' } });
  const args = (text: string) => ({ index, function: { arguments: text } });
  return [
    chunk({ role: 'assistant', content: null, tool_calls: [start('call_weather', 'get_weather')] }),
    chunk({ tool_calls: [args('{"city":')] }),
    chunk({ tool_calls: [args('"Oslo"}')] }),
    chunk({ tool_calls: [start('call_time', 'get_time')] }),
    chunk({ tool_calls: [args('{"tz":"CET"}')] }),
    chunk({}, 'tool_calls'),
    OPENAI_DONE,
  ];
}

describe('parallel tool calls streamed by an upstream that numbers them wrong', () => {
  let stack: TestStack;
  let next: OpenAIModule;

  beforeAll(async () => {
    next = await openaiNextModule();
  }, PINNED_INSTALL_MS);
  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  describe.each(['pinned', 'newest'])('the %s openai release', (release) => {
    const client = () =>
      release === 'newest' ? openaiNextClient(next, stack.gateway.url) : openaiClient(stack.gateway.url);

    it.each([
      ['without an index', undefined],
      ['all at index 0, each with its own id', 0],
    ])(
      'reach the openai SDK stream helper as two whole calls when sent %s',
      async (_case, index) => {
        stack.fakes.openai.script({ frames: twoCalls(index) });
        const completion = await client()
          .chat.completions.stream({
            model: MODEL.openai,
            messages: [{ role: 'user', content: 'Weather and time in Oslo?' }],
            tools: TOOLS,
          })
          .finalChatCompletion();
        const calls = (completion.choices[0].message.tool_calls ?? []).map((call) =>
          call.type === 'function'
            ? { id: call.id, name: call.function.name, arguments: call.function.arguments }
            : call,
        );
        expect(calls).toEqual(EXPECTED);
        expect(completion.choices[0].finish_reason).toBe('tool_calls');
        expect(stack.fakes.openai.calls).toBe(1);
      },
      T,
    );
  });
});
