import type { ChatEvent } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import type { GatewayError } from '#src/core/gateway-error.js';
import { parseNdjsonStream } from '#src/core/ndjson.js';
import { fromOllamaResponse, fromOllamaStream } from './ollama-stream.mapper.js';

async function* wire(parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

function decode(parts: string[]): AsyncGenerator<ChatEvent> {
  return fromOllamaStream(parseNdjsonStream(wire(parts)), 'ollama');
}

async function events(parts: string[]): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const event of decode(parts)) out.push(event);
  return out;
}

async function failure(parts: string[]): Promise<GatewayError> {
  try {
    await events(parts);
  } catch (err) {
    return err as GatewayError;
  }
  throw new Error('the stream was expected to fail');
}

const line = (message: object, extra: object = {}) =>
  JSON.stringify({ model: 'llama3.2', created_at: '2026-01-01T00:00:00Z', message, done: false, ...extra }) + '\n';
const done = (extra: object = {}) =>
  line(
    { role: 'assistant', content: '' },
    { done: true, done_reason: 'stop', total_duration: 4883583458, prompt_eval_count: 26, eval_count: 282, ...extra },
  );

describe('fromOllamaStream', () => {
  it('turns an NDJSON stream into start, text, usage and stop, even with a line split mid-way', async () => {
    const text = line({ role: 'assistant', content: 'The' }) + line({ role: 'assistant', content: ' sky' }) + done();
    const cut = text.indexOf('sky') + 1;
    expect(await events([text.slice(0, cut), text.slice(cut)])).toEqual([
      { type: 'start', model: 'llama3.2' },
      { type: 'text_delta', text: 'The' },
      { type: 'text_delta', text: ' sky' },
      { type: 'usage', usage: { inputTokens: 26, outputTokens: 282 } },
      { type: 'stop', reason: 'end_turn' },
    ]);
  });

  it('reads thinking, and tool calls with object arguments, reporting tool_use though Ollama says stop', async () => {
    const call = { function: { name: 'get_weather', arguments: { city: 'Oslo' } } };
    const response = await collectResponse(
      decode([
        line({ role: 'assistant', content: '', thinking: 'Need weather.' }),
        line({ role: 'assistant', content: '', tool_calls: [call] }),
        done(),
      ]),
    );
    expect(response.content).toEqual([
      { type: 'thinking', text: 'Need weather.' },
      {
        type: 'tool_call',
        id: expect.stringMatching(/^call_/) as unknown as string,
        name: 'get_weather',
        arguments: '{"city":"Oslo"}',
      },
    ]);
    expect(response.stopReason).toBe('tool_use');
  });

  it('keeps a tool-call id the server sends', async () => {
    const call = { id: 'call_srv1', function: { index: 0, name: 'ls', arguments: {} } };
    const out = await events([line({ role: 'assistant', content: '', tool_calls: [call] }), done()]);
    expect(out).toContainEqual({ type: 'tool_call_start', index: 0, id: 'call_srv1', name: 'ls' });
  });

  it('maps done_reason length to max_tokens and missing counts to 0', async () => {
    const final = JSON.stringify({
      model: 'm',
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'length',
    });
    const out = await events([line({ role: 'assistant', content: 'x' }), final]);
    expect(out.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 0, outputTokens: 0 } },
      { type: 'stop', reason: 'max_tokens' },
    ]);
  });

  it('treats a stream without its done line as truncated', async () => {
    expect((await failure([line({ role: 'assistant', content: 'Once upon' })])).kind).toBe('invalid_upstream_response');
  });

  it('rejects a line that is not JSON', async () => {
    expect((await failure([line({ content: 'x' }), '{"model":\n'])).kind).toBe('invalid_upstream_response');
  });

  it('throws an error line mid-stream as a server failure', async () => {
    const err = await failure([
      line({ role: 'assistant', content: 'x' }),
      '{"error":"llama runner process has terminated"}\n',
    ]);
    expect(err).toMatchObject({ kind: 'upstream_5xx', detail: 'llama runner process has terminated' });
    expect(err.message).not.toContain('llama runner');
  });

  it('classifies an error line about a missing model as not_found', async () => {
    expect((await failure(['{"error":"model \'llama9\' not found"}\n'])).kind).toBe('not_found');
  });
});

describe('fromOllamaResponse', () => {
  it('decodes a non-streaming answer', async () => {
    const wire =
      '{"model":"llama3.2","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"Hello!"},"done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":3}';
    const response = await collectResponse(wire2events(wire));
    expect(response).toMatchObject({
      model: 'llama3.2',
      content: [{ type: 'text', text: 'Hello!' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 9, outputTokens: 3 },
    });
  });
});

async function* wire2events(text: string): AsyncGenerator<ChatEvent> {
  yield* fromOllamaResponse(JSON.parse(text), 'ollama');
}
