import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { SseParser } from '#src/core/sse.js';
import { AnthropicStreamEncoder } from './anthropic-stream.encoder.js';
import { buildMeta, buildRequest } from './anthropic.spec-fixtures.js';

interface Written {
  event?: string;
  data: Record<string, unknown>;
}

/** Runs events through a fresh encoder and parses what it wrote back into SSE frames. */
function stream(events: ChatEvent[], finish: (e: AnthropicStreamEncoder) => string = (e) => e.end()): Written[] {
  const encoder = new AnthropicStreamEncoder(buildRequest(), buildMeta());
  const text = events.map((e) => encoder.event(e)).join('') + finish(encoder);
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((f) => ({ event: f.event, data: JSON.parse(f.data) }));
}

const names = (frames: Written[]) => frames.map((f) => f.event);
const start: ChatEvent = { type: 'start', id: 'msg_up1', usage: { inputTokens: 849, outputTokens: 1 } };
const usage: ChatEvent = { type: 'usage', usage: { inputTokens: 849, outputTokens: 47 } };

describe('AnthropicStreamEncoder', () => {
  it('streams a text answer as one text block between message_start and message_stop', () => {
    const frames = stream([
      start,
      { type: 'text_delta', text: 'Hel' },
      { type: 'text_delta', text: 'lo' },
      usage,
      { type: 'stop', reason: 'end_turn' },
    ]);
    expect(names(frames)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(frames.every((f) => f.event === f.data.type)).toBe(true);
    expect(frames[0].data.message).toMatchObject({
      id: 'msg_up1',
      model: 'claude-sonnet-4-5',
      content: [],
      usage: { input_tokens: 849 },
    });
    expect(frames[2].data).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    expect(frames[4].data).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text: 'lo' },
    });
    expect(frames[6].data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 849, output_tokens: 47, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  });

  it('closes a signed thinking block before the text that follows it', () => {
    const frames = stream([
      start,
      { type: 'thinking_delta', text: 'Hmm' },
      { type: 'thinking_signature', signature: 'sig-1' },
      { type: 'text_delta', text: 'Answer' },
      { type: 'stop', reason: 'end_turn' },
    ]);
    expect(frames.slice(2, 8).map((f) => [f.event, f.data.index, f.data.delta ?? f.data.content_block])).toEqual([
      ['content_block_start', 0, { type: 'thinking', thinking: '', signature: '' }],
      ['content_block_delta', 0, { type: 'thinking_delta', thinking: 'Hmm' }],
      ['content_block_delta', 0, { type: 'signature_delta', signature: 'sig-1' }],
      ['content_block_stop', 0, undefined],
      ['content_block_start', 1, { type: 'text', text: '' }],
      ['content_block_delta', 1, { type: 'text_delta', text: 'Answer' }],
    ]);
  });

  it('gives each tool call its own block and routes argument deltas by tool index', () => {
    const frames = stream([
      start,
      { type: 'text_delta', text: 'Checking.' },
      { type: 'tool_call_start', index: 0, id: 'call:1', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '"Oslo"}' },
      { type: 'tool_call_start', index: 1, id: 'call:2', name: 'get_time' },
      { type: 'tool_call_delta', index: 1, argumentsDelta: '{}' },
      { type: 'stop', reason: 'end_turn' },
    ]);
    const blocks = frames.filter((f) => f.event?.startsWith('content_block'));
    expect(blocks.map((f) => [f.event, f.data.index])).toEqual([
      ['content_block_start', 0],
      ['content_block_delta', 0],
      ['content_block_stop', 0],
      ['content_block_start', 1],
      ['content_block_delta', 1],
      ['content_block_delta', 1],
      ['content_block_stop', 1],
      ['content_block_start', 2],
      ['content_block_delta', 2],
      ['content_block_stop', 2],
    ]);
    expect(blocks[3].data.content_block).toEqual({ type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} });
    expect(blocks[4].data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"city":' });
    expect(frames.find((f) => f.event === 'message_delta')?.data.delta).toEqual({
      stop_reason: 'tool_use',
      stop_sequence: null,
    });
  });

  it('writes a redacted thinking block whole', () => {
    const frames = stream([start, { type: 'redacted_thinking', data: 'opaque' }, { type: 'stop', reason: 'end_turn' }]);
    expect(frames.slice(2, 4).map((f) => f.data)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque' } },
      { type: 'content_block_stop', index: 0 },
    ]);
  });

  it('estimates input_tokens when the upstream has not reported them yet', () => {
    const frames = stream([{ type: 'start' }, { type: 'stop', reason: 'end_turn' }]);
    const startUsage = (frames[0].data.message as { usage: { input_tokens: number } }).usage;
    expect(startUsage.input_tokens).toBeGreaterThan(0);
  });

  it('ends with the error event and nothing after it when the upstream fails mid-stream', () => {
    const frames = stream(
      [start, { type: 'text_delta', text: 'Hal' }],
      (e) =>
        e.error(new GatewayError('overloaded', 'Overloaded')) + e.event({ type: 'text_delta', text: 'f' }) + e.end(),
    );
    expect(names(frames)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'error']);
    expect(frames[4].data).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: 'req_test1',
    });
  });

  it('writes nothing after message_stop', () => {
    const frames = stream(
      [start, { type: 'stop', reason: 'end_turn' }, { type: 'text_delta', text: 'late' }, usage],
      (e) => e.end() + e.error(new GatewayError('timeout', 'late')),
    );
    expect(names(frames).at(-1)).toBe('message_stop');
    expect(names(frames).filter((n) => n === 'message_stop')).toHaveLength(1);
  });

  it('turns a stream that ends without a stop into an error event', () => {
    const frames = stream([start, { type: 'text_delta', text: 'Hal' }]);
    expect(names(frames).at(-1)).toBe('error');
    expect(frames.at(-1)?.data.error).toMatchObject({ type: 'api_error' });
  });

  it('opens the message itself when content comes before any start event, and ignores a second start', () => {
    const frames = stream([{ type: 'text_delta', text: 'Hi' }, start, { type: 'stop', reason: 'end_turn' }]);
    expect(names(frames).filter((n) => n === 'message_start')).toHaveLength(1);
    expect(names(frames)[0]).toBe('message_start');
  });
});
