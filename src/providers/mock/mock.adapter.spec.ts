import type { MockBehaviour, ProviderConfig } from '#src/config/gateway-config.types.js';
import type { ChatEvent, ChatRequest, ToolDefinition } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { UpstreamCall } from '#src/providers/provider.types.js';
import { DEFAULT_DEADLINES } from '#src/providers/shared/upstream-http.js';
import { MockAdapter } from './mock.adapter.js';

function mock(behaviour: Partial<MockBehaviour> = {}): MockAdapter {
  const config: ProviderConfig = {
    name: 'demo',
    type: 'mock',
    baseUrl: '',
    configured: true,
    headers: {},
    mock: { latencyMs: 0, chunkDelayMs: 0, wordsPerChunk: 1, failEvery: 0, failWith: 'upstream_5xx', ...behaviour },
  };
  return new MockAdapter(config);
}

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is a switchyard?' }] }],
    stream: true,
    ...overrides,
  };
}

function call(signal = new AbortController().signal): UpstreamCall {
  return { upstreamModel: 'demo-1', signal, deadlines: DEFAULT_DEADLINES };
}

async function all(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

async function failure(events: AsyncIterable<ChatEvent>): Promise<GatewayError> {
  try {
    await all(events);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const LOOKUP: ToolDefinition = {
  name: 'lookup',
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string' },
      limit: { type: 'integer' },
      exact: { type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' } },
      filter: { type: 'object' },
      unit: { type: 'string', enum: ['metric', 'imperial'] },
    },
  },
};

describe('MockAdapter', () => {
  it('describes the request in a deterministic sentence', async () => {
    const text = 'Hello from Switchyard\'s built-in demo model (demo-1). You said: "What is a switchyard?".';
    const first = await collectResponse(mock().chat(request(), call()));
    const second = await collectResponse(mock().chat(request(), call()));
    expect(first.content).toEqual([{ type: 'text', text }]);
    expect(second.content).toEqual(first.content);
    expect(first.stopReason).toBe('end_turn');
  });

  it('mentions the images it was shown', async () => {
    const messages: ChatRequest['messages'] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/b.png' } },
        ],
      },
    ];
    const response = await collectResponse(mock().chat(request({ messages }), call()));
    expect(response.content[0]).toMatchObject({
      text: expect.stringMatching(/You said: "Look"\. I can see 2 images\.$/),
    });
  });

  it('answers with the configured reply, streamed in word chunks that add up to it', async () => {
    const reply = 'One two  three four five';
    const events = await all(mock({ reply, wordsPerChunk: 2 }).chat(request(), call()));
    const chunks = events.flatMap((e) => (e.type === 'text_delta' ? [e.text] : []));
    expect(chunks).toEqual(['One two  ', 'three four ', 'five']);
    expect(events[0].type).toBe('start');
    expect(events.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('reports estimated usage, never zero', async () => {
    const response = await collectResponse(mock({ reply: 'ok' }).chat(request(), call()));
    expect(response.usage.inputTokens).toBeGreaterThan(0);
    expect(response.usage.outputTokens).toBe(1);
  });

  it('calls the first tool with arguments made from its schema, streamed in fragments', async () => {
    const events = await all(mock().chat(request({ tools: [LOOKUP, { name: 'other', parameters: {} }] }), call()));
    expect(events.filter((e) => e.type === 'tool_call_delta').length).toBeGreaterThanOrEqual(2);
    const response = await collectResponse(mock().chat(request({ tools: [LOOKUP] }), call()));
    expect(response.stopReason).toBe('tool_use');
    const [part] = response.content;
    expect(part).toMatchObject({ type: 'tool_call', name: 'lookup', id: expect.stringMatching(/^call_/) });
    expect(JSON.parse(part.type === 'tool_call' ? part.arguments : '')).toEqual({
      query: 'demo',
      limit: 1,
      exact: true,
      tags: [],
      filter: {},
      unit: 'metric',
    });
  });

  it('calls the tool the tool choice names, and none when told not to', async () => {
    const tools = [LOOKUP, { name: 'save', parameters: {} }];
    const named = await collectResponse(
      mock().chat(request({ tools, toolChoice: { type: 'tool', name: 'save' } }), call()),
    );
    expect(named.content[0]).toMatchObject({ type: 'tool_call', name: 'save', arguments: '{}' });
    const none = await collectResponse(mock().chat(request({ tools, toolChoice: { type: 'none' } }), call()));
    expect(none.content[0].type).toBe('text');
  });

  it('answers a tool result by quoting it', async () => {
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'Find it' }] },
      { role: 'assistant', content: [{ type: 'tool_call', id: 'call_1', name: 'lookup', arguments: '{}' }] },
      {
        role: 'user',
        content: [{ type: 'tool_result', toolCallId: 'call_1', content: [{ type: 'text', text: '42 results' }] }],
      },
    ];
    const response = await collectResponse(mock().chat(request({ messages, tools: [LOOKUP] }), call()));
    expect(response.content).toEqual([{ type: 'text', text: 'The tool returned: 42 results' }]);
    expect(response.stopReason).toBe('end_turn');
  });

  it('fails every Nth call with the configured error, before any event', async () => {
    const adapter = mock({ failEvery: 2, failWith: 'rate_limited' });
    await all(adapter.chat(request(), call()));
    const events: ChatEvent[] = [];
    const err = await failure(
      (async function* () {
        for await (const e of adapter.chat(request(), call())) {
          events.push(e);
          yield e;
        }
      })(),
    );
    expect(events).toEqual([]);
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1000 });
    expect(err.message).toMatch(/on purpose/);
    await expect(all(adapter.chat(request(), call()))).resolves.toBeDefined();
  });

  it('fails with an overload that keeps status 529', async () => {
    const err = await failure(mock({ failEvery: 1, failWith: 'overloaded' }).chat(request(), call()));
    expect(err).toMatchObject({ kind: 'overloaded', status: 529 });
  });

  it('stops at once when the call is aborted during a delay', async () => {
    // Delays far longer than a test may run: only the abort can end this call.
    const adapter = mock({ latencyMs: 3_600_000 });
    const controller = new AbortController();
    const pending = failure(adapter.chat(request(), call(controller.signal)));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'client_gone', status: 499, message: 'The client went away' });
  });

  it('stops between chunks when the call is aborted mid-stream', async () => {
    const adapter = mock({ reply: 'a b c d', chunkDelayMs: 3_600_000 });
    const controller = new AbortController();
    const seen: ChatEvent[] = [];
    const err = await failure(
      (async function* () {
        for await (const e of adapter.chat(request(), call(controller.signal))) {
          seen.push(e);
          if (e.type === 'text_delta') controller.abort();
          yield e;
        }
      })(),
    );
    expect(err.status).toBe(499);
    expect(seen.filter((e) => e.type === 'text_delta')).toHaveLength(1);
  });

  it('lists its demo model and is always up', async () => {
    expect(await mock().listModels()).toEqual([{ id: 'switchyard-demo' }]);
    expect((await mock().health()).status).toBe('up');
  });
});
