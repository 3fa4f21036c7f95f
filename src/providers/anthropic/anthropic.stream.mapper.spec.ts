import type { ChatEvent } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { SseParser } from '#src/core/sse.js';
import { AnthropicStreamDecoder } from './anthropic.stream.mapper.js';

/** Feeds raw SSE text to a decoder in small slices, cutting frames mid-line, as a socket would. */
async function* decode(raw: string, sliceSize = 7): AsyncGenerator<ChatEvent> {
  const parser = new SseParser();
  const decoder = new AnthropicStreamDecoder('claude');
  for (let i = 0; i < raw.length; i += sliceSize) {
    for (const frame of parser.push(raw.slice(i, i + sliceSize))) yield* decoder.push(frame);
  }
  for (const frame of parser.end()) yield* decoder.push(frame);
  decoder.end();
}

async function events(raw: string): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of decode(raw)) out.push(e);
  return out;
}

async function failure(raw: string): Promise<GatewayError> {
  try {
    await events(raw);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected the stream to fail');
}

function sse(...frames: Array<[string, unknown]>): string {
  return frames.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

const START = [
  'message_start',
  {
    type: 'message_start',
    message: {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'claude-sonnet-4-5',
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 849, cache_read_input_tokens: 0, output_tokens: 1 },
    },
  },
] as [string, unknown];

const STOP = ['message_stop', { type: 'message_stop' }] as [string, unknown];

function messageDelta(stopReason: string, usage: Record<string, number>, stopSequence: string | null = null) {
  return [
    'message_delta',
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage },
  ] as [string, unknown];
}

const TEXT_THEN_TOOL =
  `event: message_start\ndata: ${JSON.stringify(START[1])}\n\n` +
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
  'event: ping\ndata: {"type": "ping"}\n\n' +
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking "}}\n\n' +
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"the weather."}}\n\n' +
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
  'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{}}}\n\n' +
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}\n\n' +
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Os"}}\n\n' +
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"lo\\"}"}}\n\n' +
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n' +
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":47}}\n\n' +
  'event: message_stop\ndata: {"type":"message_stop"}\n\n';

describe('AnthropicStreamDecoder', () => {
  it('passes over a keep-alive sent as an event name without data', async () => {
    const bare = TEXT_THEN_TOOL.replace('event: ping\ndata: {"type": "ping"}\n\n', 'event: ping\n\n');
    expect(bare).toContain('event: ping\n\n');
    const answer = await collectResponse(decode(bare));
    expect(answer.content.map((b) => b.type)).toEqual(['text', 'tool_call']);
  });

  it('turns a text-then-tool stream, cut mid-frame, into one text block and one whole tool call', async () => {
    const response = await collectResponse(decode(TEXT_THEN_TOOL));
    expect(response).toEqual({
      id: 'msg_01',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'text', text: 'Checking the weather.' },
        { type: 'tool_call', id: 'toolu_01A', name: 'get_weather', arguments: '{"city": "Oslo"}' },
      ],
      stopReason: 'tool_use',
      stopSequence: undefined,
      usage: { inputTokens: 849, outputTokens: 47, cacheReadTokens: 0 },
    });
  });

  it('numbers tool calls among tool blocks only, whatever the block index', async () => {
    const out = await events(TEXT_THEN_TOOL);
    expect(out.filter((e) => e.type === 'tool_call_start')).toEqual([
      { type: 'tool_call_start', index: 0, id: 'toolu_01A', name: 'get_weather' },
    ]);
    expect(out[0].type).toBe('start');
    expect(out.at(-1)).toEqual({ type: 'stop', reason: 'tool_use' });
  });

  it('takes a tool input sent whole at the block start, from a server that streams no deltas for it', async () => {
    const tool = { type: 'tool_use', id: 'toolu_02', name: 'Read', input: { file_path: '/a.png' } };
    const raw = sse(
      START,
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: tool }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      messageDelta('tool_use', { output_tokens: 9 }),
      STOP,
    );
    const response = await collectResponse(decode(raw));
    expect(response.content).toEqual([
      { type: 'tool_call', id: 'toolu_02', name: 'Read', arguments: '{"file_path":"/a.png"}' },
    ]);
  });

  it('lets input deltas replace a tool input sent at the block start, as the Anthropic SDK does', async () => {
    const tool = { type: 'tool_use', id: 'toolu_03', name: 'Read', input: { file_path: '/draft' } };
    const delta = { type: 'input_json_delta', partial_json: '{"file_path":"/final"}' };
    const raw = sse(
      START,
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: tool }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      messageDelta('tool_use', { output_tokens: 9 }),
      STOP,
    );
    const response = await collectResponse(decode(raw));
    expect(response.content).toEqual([
      { type: 'tool_call', id: 'toolu_03', name: 'Read', arguments: '{"file_path":"/final"}' },
    ]);
  });

  it('keeps thinking text and its signature for replay', async () => {
    const raw = sse(
      START,
      [
        'content_block_start',
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAh' } },
      ],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'content_block_start',
        { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'c2VjcmV0' } },
      ],
      ['content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: '42' } }],
      messageDelta('end_turn', { output_tokens: 12 }),
      STOP,
    );
    const response = await collectResponse(decode(raw));
    expect(response.content).toEqual([
      { type: 'thinking', text: 'Let me think.', signature: 'EqQBCgIYAh' },
      { type: 'thinking', text: '', redactedData: 'c2VjcmV0' },
      { type: 'text', text: '42' },
    ]);
  });

  it('counts cache reads and writes into input tokens and reports them apart', async () => {
    const start: [string, unknown] = [
      'message_start',
      {
        type: 'message_start',
        message: {
          id: 'msg_02',
          model: 'claude',
          content: [],
          usage: {
            input_tokens: 10,
            cache_read_input_tokens: 2000,
            cache_creation_input_tokens: 300,
            output_tokens: 1,
          },
        },
      },
    ];
    const out = await events(sse(start, messageDelta('end_turn', { output_tokens: 5 }), STOP));
    expect(out[0]).toMatchObject({
      type: 'start',
      usage: { inputTokens: 2310, outputTokens: 1, cacheReadTokens: 2000, cacheWriteTokens: 300 },
    });
    expect(out.find((e) => e.type === 'usage')).toEqual({
      type: 'usage',
      usage: { inputTokens: 2310, outputTokens: 5, cacheReadTokens: 2000, cacheWriteTokens: 300 },
    });
  });

  it('reports the stop sequence and maps a context-window stop', async () => {
    const seq = await events(sse(START, messageDelta('stop_sequence', { output_tokens: 3 }, '###'), STOP));
    expect(seq.at(-1)).toEqual({ type: 'stop', reason: 'stop_sequence', stopSequence: '###' });
    const full = await events(sse(START, messageDelta('model_context_window_exceeded', { output_tokens: 3 }), STOP));
    expect(full.at(-1)).toEqual({ type: 'stop', reason: 'context_window' });
  });

  it('skips server-side tool blocks without shifting the tool numbering', async () => {
    const raw = sse(
      START,
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
        },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' } },
      ],
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        },
      ],
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 2,
          content_block: { type: 'tool_use', id: 'toolu_2', name: 'save', input: {} },
        },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
      ],
      messageDelta('tool_use', { output_tokens: 9 }),
      STOP,
    );
    const response = await collectResponse(decode(raw));
    expect(response.content).toEqual([{ type: 'tool_call', id: 'toolu_2', name: 'save', arguments: '{}' }]);
  });

  it('throws an overload error classified from an error event after the 200', async () => {
    const raw =
      sse(START) +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const err = await failure(raw);
    expect(err).toMatchObject({ kind: 'overloaded', status: 529, detail: 'Overloaded', provider: 'claude' });
    expect(err.message).toBe('The upstream provider "claude" is overloaded');
  });

  it('classifies a mid-stream rate-limit error as rate limited', async () => {
    const raw =
      sse(START) + 'event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}\n\n';
    expect(await failure(raw)).toMatchObject({ kind: 'rate_limited', status: 429 });
  });

  it('fails a stream that ends before message_stop', async () => {
    const truncated = TEXT_THEN_TOOL.slice(0, TEXT_THEN_TOOL.indexOf('event: message_delta'));
    const err = await failure(truncated);
    expect(err.kind).toBe('invalid_upstream_response');
    expect(err.message).toMatch(/ended early/);
  });

  it('fails on a data line that is not JSON', async () => {
    const err = await failure(sse(START) + 'event: content_block_delta\ndata: {"type":"content_blo\n\n');
    expect(err.kind).toBe('invalid_upstream_response');
  });

  it('reads frames without event lines by their data type', async () => {
    const raw = [
      START[1],
      { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 2 } },
      STOP[1],
    ]
      .map((d) => `data: ${JSON.stringify(d)}\n\n`)
      .join('');
    expect((await events(raw)).at(-1)).toEqual({ type: 'stop', reason: 'max_tokens' });
  });

  it('emits nothing after message_stop', async () => {
    const raw =
      TEXT_THEN_TOOL +
      sse([
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'late' } },
      ]);
    const out = await events(raw);
    expect(out.at(-1)?.type).toBe('stop');
  });
});
