import type { ChatResponse } from '#src/core/chat.types.js';
import type { ResponseMeta } from '#src/dialects/dialect.types.js';
import { ManualClock } from '../../../test/factories/manual-clock.js';
import { encodeOllamaResponse } from './ollama-response.encoder.js';

const meta: ResponseMeta = {
  model: 'claude',
  provider: 'anthropic',
  requestId: 'r',
  route: { reason: 'explicit' },
  attempts: [{ model: 'claude', provider: 'anthropic', outcome: 'ok', ms: 40 }],
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
      // The winning attempt's first byte stands for the end of the prompt evaluation.
      prompt_eval_duration: 40_000_000,
      eval_count: 9,
      eval_duration: 60_000_000,
    });
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
