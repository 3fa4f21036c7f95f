import type { ChatResponse } from '#src/core/chat.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { ManualClock } from '../../../test/factories/manual-clock.js';
import { encodeOllamaResponse } from './ollama-response.encoder.js';

const meta: ResponseMeta = {
  model: 'claude',
  provider: 'anthropic',
  requestId: 'r',
  route: { reason: 'explicit' },
  attempts: [
    { model: 'claude', provider: 'openai', outcome: 'error', errorKind: 'unavailable', ms: 55 },
    { model: 'claude', provider: 'anthropic', outcome: 'ok', ms: 40 },
  ],
  startedAt: 0,
};

const response: ChatResponse = {
  content: [
    { type: 'thinking', text: 'look it up' },
    { type: 'text', text: 'Checking.' },
    { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
  ],
  stopReason: 'tool_use',
  usage: { inputTokens: 30, outputTokens: 9 },
};

describe('a whole Ollama answer (stream: false)', () => {
  const clock = new ManualClock();
  clock.advance(100);

  it('carries the whole message, tool calls with object arguments, and the final counts', () => {
    expect(encodeOllamaResponse('chat', response, meta, clock)).toEqual({
      model: 'claude',
      created_at: '2025-01-01T00:00:00.100Z',
      message: {
        role: 'assistant',
        content: 'Checking.',
        thinking: 'look it up',
        tool_calls: [{ id: 'toolu_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Oslo' } } }],
      },
      done: true,
      done_reason: 'stop',
      total_duration: 100_000_000,
      load_duration: 0,
      prompt_eval_count: 30,
      // The upstream answered in one piece: the winning attempt's whole time is the generation.
      prompt_eval_duration: 60_000_000,
      eval_count: 9,
      eval_duration: 40_000_000,
    });
  });

  it('counts a one-attempt answer as generation, so tokens per second stay finite and plausible', () => {
    const single = { ...meta, attempts: [{ model: 'claude', provider: 'anthropic', outcome: 'ok' as const, ms: 99 }] };
    const line = encodeOllamaResponse('chat', response, single, clock);
    expect(line.eval_duration).toBe(99_000_000);
    expect(line.prompt_eval_duration).toBe(1_000_000);
  });

  it('never reports a zero duration for counted tokens', () => {
    const instant = { ...meta, attempts: [], startedAt: clock.monotonic() };
    const line = encodeOllamaResponse('chat', response, instant, clock);
    expect(line.eval_duration).toBeGreaterThan(0);
    expect(line.prompt_eval_duration).toBeGreaterThan(0);
  });

  it('puts the text in `response` for /api/generate', () => {
    const text: ChatResponse = { ...response, content: [{ type: 'text', text: 'Hi' }], stopReason: 'max_tokens' };
    expect(encodeOllamaResponse('generate', text, meta, clock)).toMatchObject({
      response: 'Hi',
      done: true,
      done_reason: 'length',
    });
  });
});
