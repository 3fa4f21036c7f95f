import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { asArray, asRecord } from '../fakes/fake-json.js';
import { THOUGHT, thinkingTurn } from '../sdk-next/claude-turns.js';
import { WEATHER_TOOL } from '../support/dialects/dialect-driver.js';
import { openaiClient } from '../support/sdk-clients.js';
import { MODEL, startStack, UPSTREAM_MODEL, type TestStack } from '../support/test-stack.js';

/**
 * Codex's way of keeping Claude's thinking through a tool loop: `store: false` and
 * `include: ['reasoning.encrypted_content']`, the answer's output items replayed with the tool's
 * result. The official SDK's Responses API, in front of the Anthropic fake.
 */

const T = 20_000;
const SIGNATURE = 'c2ln';
const TOOL = { type: 'function' as const, strict: false, ...WEATHER_TOOL };

/** Claude's non-streamed answer: thinking, a word, then the tool call. */
const thinkingMessage = {
  id: 'msg_thought',
  type: 'message',
  role: 'assistant',
  model: UPSTREAM_MODEL.anthropic,
  content: [
    { type: 'thinking', thinking: THOUGHT, signature: SIGNATURE },
    { type: 'text', text: 'Checking.' },
    { type: 'tool_use', id: 'toolu_Oslo', name: WEATHER_TOOL.name, input: { city: 'Oslo' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 9 },
};

describe('Claude thinking through a Responses client that keeps no state', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack();
  }, T);
  afterAll(() => stack?.stop(), T);
  beforeEach(() => stack.reset());

  it.each([false, true])(
    'reaches the upstream again with its signature in the next request of the tool loop (stream=%s)',
    async (stream) => {
      const client = openaiClient(stack.gateway.url);
      if (stream) stack.fakes.anthropic.script({ frames: thinkingTurn('Checking.', ['Oslo'], 'tool_use') });
      else stack.fakes.anthropic.script({ json: thinkingMessage });
      const question: ResponseInputItem = { role: 'user', content: 'Weather in Oslo?' };
      const settings = {
        model: MODEL.anthropic,
        tools: [TOOL],
        reasoning: { effort: 'low' as const },
        store: false,
        include: ['reasoning.encrypted_content' as const],
      };
      const first = stream
        ? await client.responses.stream({ ...settings, input: [question] }).finalResponse()
        : await client.responses.create({ ...settings, input: [question] });
      expect(asRecord(stack.fakes.anthropic.lastChat().body).thinking).toMatchObject({ type: 'enabled' });
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call).toBeDefined();

      const input = [
        question,
        ...(first.output as ResponseInputItem[]),
        {
          type: 'function_call_output' as const,
          call_id: call?.type === 'function_call' ? call.call_id : '',
          output: 'sunny',
        },
      ];
      await (stream
        ? client.responses.stream({ ...settings, input }).finalResponse()
        : client.responses.create({ ...settings, input }));

      const next = asRecord(stack.fakes.anthropic.lastChat().body);
      expect(next.thinking).toMatchObject({ type: 'enabled' });
      const assistant = asArray(next.messages)
        .map(asRecord)
        .find((m) => m.role === 'assistant');
      expect(asArray(assistant?.content)).toEqual([
        { type: 'thinking', thinking: THOUGHT, signature: SIGNATURE },
        { type: 'text', text: 'Checking.' },
        expect.objectContaining({
          type: 'tool_use',
          id: 'toolu_Oslo',
          name: WEATHER_TOOL.name,
          input: { city: 'Oslo' },
        }),
      ]);
    },
    T,
  );
});
