import OpenAI from 'openai';
import type { ChatEvent, ChatRequest, ChatResponse } from '#src/core/chat.types.js';
import { ResponsesCodec } from './responses.codec.js';
import { buildBody, buildMeta } from './responses.spec-fixtures.js';

/** Signed thinking carried through a Responses client that keeps no state, as Codex does. */

/** The encoders read the client's own body, not the canonical request. */
const REQUEST: ChatRequest = { messages: [], stream: false };
const codec = new ResponsesCodec({ now: () => 1_764_000_000_000, monotonic: () => 0 });
const TOOLS = [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }];
const CODEX = { tools: TOOLS, store: false, include: ['reasoning.encrypted_content'] };

const answer: ChatResponse = {
  content: [
    { type: 'thinking', text: 'Oslo, so one call.', signature: 'EqQBsig==' },
    { type: 'thinking', text: '', redactedData: 'EmwKAhgBredacted' },
    { type: 'text', text: 'Checking.' },
    { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
  ],
  stopReason: 'tool_use',
  usage: { inputTokens: 10, outputTokens: 20 },
};

const events: ChatEvent[] = [
  { type: 'start', id: 'msg_1' },
  { type: 'thinking_delta', text: 'Oslo, ' },
  { type: 'thinking_delta', text: 'so one call.' },
  { type: 'thinking_signature', signature: 'EqQBsig==' },
  { type: 'redacted_thinking', data: 'EmwKAhgBredacted' },
  { type: 'text_delta', text: 'Checking.' },
  { type: 'tool_call_start', index: 0, id: 'toolu_1', name: 'get_weather' },
  { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":"Oslo"}' },
  { type: 'stop', reason: 'tool_use' },
];

/** The next request: the answer's output items replayed, then the tool's result. */
function followUp(output: unknown[]) {
  const input = [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather in Oslo?' }] },
    ...output,
    { type: 'function_call_output', call_id: 'toolu_1', output: 'sunny' },
  ];
  return codec.decode(buildBody({ ...CODEX, input }), {}).request.messages;
}

const replayedTurn = [
  { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
  {
    role: 'assistant',
    content: [
      { type: 'thinking', text: 'Oslo, so one call.', signature: 'EqQBsig==' },
      { type: 'thinking', text: '', redactedData: 'EmwKAhgBredacted' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    ],
  },
  { role: 'user', content: [{ type: 'tool_result', toolCallId: 'toolu_1', content: 'sunny' }] },
];

async function streamedOutput(body: Record<string, unknown>): Promise<unknown[]> {
  const encoder = codec.streamEncoder(REQUEST, buildMeta(), { shape: 'responses', body, forwardHeaders: {} });
  const sse = events.map((e) => encoder.event(e)).join('') + encoder.end();
  const fetch = async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  const client = new OpenAI({ apiKey: 'test', baseURL: 'http://gateway.test/v1', fetch, maxRetries: 0 });
  const stream = client.responses.stream({ model: 'smart', input: 'Weather in Oslo?' });
  return (await stream.finalResponse()).output;
}

describe('signed thinking through a Responses client', () => {
  it('comes back whole, signatures unchanged, when a collected answer is replayed', () => {
    const response = codec.encodeResponse(answer, REQUEST, buildMeta(), {
      shape: 'responses',
      body: buildBody(CODEX),
      forwardHeaders: {},
    }) as { output: Array<Record<string, unknown>> };
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'reasoning', 'message', 'function_call']);
    expect(response.output[0].summary).toEqual([{ type: 'summary_text', text: 'Oslo, so one call.' }]);
    expect(response.output[1].summary).toEqual([]);
    expect(followUp(response.output)).toEqual(replayedTurn);
  });

  it('comes back whole when a streamed answer, as the SDK assembles it, is replayed', async () => {
    const output = await streamedOutput(buildBody(CODEX));
    expect(output.map((item) => (item as { type: string }).type)).toEqual([
      'reasoning',
      'reasoning',
      'message',
      'function_call',
    ]);
    expect(followUp(output)).toEqual(replayedTurn);
  });

  it('is not sealed for a client that did not ask for encrypted content', async () => {
    const body = buildBody({ tools: TOOLS });
    const response = codec.encodeResponse(answer, REQUEST, buildMeta(), {
      shape: 'responses',
      body,
      forwardHeaders: {},
    }) as { output: Array<Record<string, unknown>> };
    const streamed = (await streamedOutput(body)) as Array<Record<string, unknown>>;
    for (const output of [response.output, streamed]) {
      expect(output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
      expect(output.some((item) => 'encrypted_content' in item)).toBe(false);
    }
  });

  it("leaves out another vendor's reasoning for a translating upstream", () => {
    const messages = followUp([
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAABo-opaque' },
      { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{}' },
    ]);
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{}' }],
    });
  });
});
