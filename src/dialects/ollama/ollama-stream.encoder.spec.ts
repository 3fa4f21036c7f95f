import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { ManualClock } from '../../../test/factories/manual-clock.js';
import { OllamaStreamEncoder } from './ollama-stream.encoder.js';
import type { OllamaEndpoint } from './ollama-line.encoder.js';

function encoderAt(clock: ManualClock, endpoint: OllamaEndpoint = 'chat'): OllamaStreamEncoder {
  return new OllamaStreamEncoder({ endpoint, model: 'gpt-4o', clock, startedAt: clock.monotonic() });
}

/** Every event through the encoder, with `msBetween` passing before each; the NDJSON text parsed line by line. */
function encode(events: ChatEvent[], endpoint: OllamaEndpoint = 'chat', msBetween = 0): Record<string, unknown>[] {
  const clock = new ManualClock();
  const encoder = encoderAt(clock, endpoint);
  let text = '';
  for (const event of events) {
    clock.advance(msBetween);
    text += encoder.event(event);
  }
  text += encoder.end();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const start: ChatEvent = { type: 'start', usage: { inputTokens: 12, outputTokens: 0 } };
const usage: ChatEvent = { type: 'usage', usage: { inputTokens: 12, outputTokens: 5 } };

describe('the Ollama NDJSON stream', () => {
  it('writes one line per text piece and a done line with the counts and durations in nanoseconds', () => {
    const lines = encode(
      [
        start,
        { type: 'text_delta', text: 'Hel' },
        { type: 'text_delta', text: 'lo' },
        usage,
        { type: 'stop', reason: 'end_turn' },
      ],
      'chat',
      10,
    );
    expect(lines.map((l) => (l.message as { content: string }).content)).toEqual(['Hel', 'lo', '']);
    expect(lines.map((l) => l.done)).toEqual([false, false, true]);
    expect(lines[0]).toMatchObject({ model: 'gpt-4o', created_at: '2025-01-01T00:00:00.020Z' });
    expect(lines[2]).toMatchObject({
      done_reason: 'stop',
      prompt_eval_count: 12,
      eval_count: 5,
      load_duration: 0,
      // Started at 0; the first text came at 20 ms and the stop at 50 ms.
      prompt_eval_duration: 20_000_000,
      eval_duration: 30_000_000,
      total_duration: 50_000_000,
    });
  });

  it('sends a tool call whole, its arguments an object, once its pieces are in', () => {
    const lines = encode([
      start,
      { type: 'tool_call_start', index: 0, id: 'call_1', name: 'get_weather' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: '{"city"' },
      { type: 'tool_call_delta', index: 0, argumentsDelta: ':"Oslo"}' },
      { type: 'tool_call_start', index: 1, id: 'call_2', name: 'get_time' },
      { type: 'stop', reason: 'tool_use' },
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0].message).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'call_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Oslo' } } },
        { id: 'call_2', function: { index: 1, name: 'get_time', arguments: {} } },
      ],
    });
    expect(lines[1]).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('reports a turn cut at the token limit as done_reason length', () => {
    const lines = encode([start, { type: 'text_delta', text: 'cut' }, { type: 'stop', reason: 'max_tokens' }]);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'length' });
  });

  it('carries thinking in its own field', () => {
    const lines = encode([start, { type: 'thinking_delta', text: 'hmm' }, { type: 'stop', reason: 'end_turn' }]);
    expect(lines[0].message).toEqual({ role: 'assistant', content: '', thinking: 'hmm' });
  });

  it('writes generate lines with a response string instead of a message', () => {
    const lines = encode([start, { type: 'text_delta', text: 'Hi' }, { type: 'stop', reason: 'end_turn' }], 'generate');
    expect(lines[0]).toEqual({ model: 'gpt-4o', created_at: expect.any(String), response: 'Hi', done: false });
    expect(lines[1]).toMatchObject({ response: '', done: true, done_reason: 'stop' });
  });

  it('closes a stream that never said stop with the done line the client waits for', () => {
    const lines = encode([start, { type: 'text_delta', text: 'Hi' }]);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('ends a failed stream with an error line and nothing after it', () => {
    const encoder = encoderAt(new ManualClock());
    encoder.event({ type: 'text_delta', text: 'Hi' });
    const line = encoder.error(new GatewayError('upstream_5xx', 'The upstream failed'));
    expect(JSON.parse(line)).toEqual({ error: 'The upstream failed' });
    expect(encoder.end()).toBe('');
  });

  it('writes no error line after the done line', () => {
    const encoder = encoderAt(new ManualClock());
    encoder.event({ type: 'text_delta', text: 'Hi' });
    const done = encoder.event({ type: 'stop', reason: 'end_turn' });
    expect(JSON.parse(done)).toMatchObject({ done: true });
    expect(encoder.error(new GatewayError('connection', 'The upstream closed the connection'))).toBe('');
  });

  it('names its media type, so the writer sends NDJSON rather than SSE', () => {
    expect(encoderAt(new ManualClock()).contentType).toBe('application/x-ndjson');
  });
});
