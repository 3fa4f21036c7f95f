import type { ChatEvent } from '#src/core/chat.types.js';
import { collectResponse } from '#src/core/collect.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { parseSseStream } from '#src/core/sse.js';
import { fromOpenAISseBody, fromOpenAIStream } from './openai-stream.mapper.js';

async function* wire(parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

type Decoder = (parts: string[], toolNames: Map<string, string>) => AsyncGenerator<ChatEvent>;

/** The frame-level mapper and the one that reads the body's bytes itself must agree on every stream. */
const DECODERS: Record<string, Decoder> = {
  fromOpenAIStream: (parts, toolNames) =>
    fromOpenAIStream(parseSseStream(wire(parts)), { provider: 'openai', toolNames }),
  fromOpenAISseBody: (parts, toolNames) =>
    fromOpenAISseBody(wire(parts), { provider: 'openai', toolNames }, new AbortController().signal),
};
let decodeWith: Decoder = DECODERS.fromOpenAIStream;

function decode(parts: string[], toolNames: Map<string, string> = new Map()): AsyncGenerator<ChatEvent> {
  return decodeWith(parts, toolNames);
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

const chunk = (body: object) => `data: ${JSON.stringify({ id: 'chatcmpl-1', model: 'gpt-4o', ...body })}\n\n`;
const delta = (d: object, finish: string | null = null) =>
  chunk({ choices: [{ index: 0, delta: d, finish_reason: finish }], usage: null });
const usage = (u: object) => chunk({ choices: [], usage: u });
const DONE = 'data: [DONE]\n\n';

describe.each(Object.keys(DECODERS))('%s', (name) => {
  beforeAll(() => {
    decodeWith = DECODERS[name];
  });

  it('turns a text stream into start, text, usage and a stop that waits for the usage chunk', async () => {
    const text = [
      delta({ role: 'assistant', content: '' }),
      delta({ content: 'Hel' }),
      delta({ content: 'lo' }),
      delta({}, 'stop'),
      usage({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 }),
      DONE,
    ].join('');
    expect(await events([text])).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o' },
      { type: 'text_delta', text: 'Hel' },
      { type: 'text_delta', text: 'lo' },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 2 } },
      { type: 'stop', reason: 'end_turn' },
    ]);
  });

  it('reassembles a frame split in the middle across network chunks', async () => {
    const whole = delta({ content: 'split me' }) + delta({}, 'stop') + DONE;
    const cut = whole.indexOf('split') + 3;
    const out = await events([whole.slice(0, cut), whole.slice(cut, cut + 5), whole.slice(cut + 5)]);
    expect(out).toContainEqual({ type: 'text_delta', text: 'split me' });
    expect(out.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('reassembles argument fragments, accepts a call sent whole in one chunk, and reports tool_use', async () => {
    const frames = [
      delta({ role: 'assistant', content: null }),
      delta({
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'call_2', function: { name: 'get_time', arguments: '{}' } }] }),
      delta({}, 'tool_calls'),
      usage({ prompt_tokens: 82, completion_tokens: 17 }),
      DONE,
    ];
    const response = await collectResponse(decode(frames));
    expect(response.content).toEqual([
      { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'tool_call', id: 'call_2', name: 'get_time', arguments: '{}' },
    ]);
    expect(response.stopReason).toBe('tool_use');
  });

  it('starts a call once when a server repeats its id and name on later deltas', async () => {
    const frames = [
      delta({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'ls', arguments: '{"a"' } }] }),
      delta({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'ls', arguments: ':1}' } }] }),
      delta({}, 'stop'),
      DONE,
    ];
    const out = await events(frames);
    expect(out.filter((e) => e.type === 'tool_call_start')).toEqual([
      { type: 'tool_call_start', index: 0, id: 'c1', name: 'ls' },
    ]);
    const response = await collectResponse(decode(frames));
    expect(response.content).toEqual([{ type: 'tool_call', id: 'c1', name: 'ls', arguments: '{"a":1}' }]);
    // Ollama's compatibility layer says `stop` after calling a tool.
    expect(response.stopReason).toBe('tool_use');
  });

  it("keeps a call's arguments sent under another id without a name with that call", async () => {
    const frames = [
      delta({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'ls', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, id: 'c2', function: { arguments: '{"a"' } }] }),
      delta({ tool_calls: [{ index: 0, id: 'c3', function: { arguments: ':1}' } }] }),
      delta({}, 'tool_calls'),
      DONE,
    ];
    const response = await collectResponse(decode(frames));
    expect(response.content).toEqual([{ type: 'tool_call', id: 'c1', name: 'ls', arguments: '{"a":1}' }]);
  });

  it('restores a tool name that was shortened on the way out', async () => {
    const frames = [delta({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'short_1', arguments: '{}' } }] })];
    const out: ChatEvent[] = [];
    for await (const e of decode([...frames, delta({}, 'tool_calls'), DONE], new Map([['short_1', 'a_long_name']]))) {
      out.push(e);
    }
    expect(out).toContainEqual({ type: 'tool_call_start', index: 0, id: 'c1', name: 'a_long_name' });
  });

  it('reads reasoning_content as thinking', async () => {
    const out = await events([delta({ reasoning_content: 'Let me think' }), delta({ content: 'Hi' }, 'stop'), DONE]);
    expect(out.slice(1, 3)).toEqual([
      { type: 'thinking_delta', text: 'Let me think' },
      { type: 'text_delta', text: 'Hi' },
    ]);
  });

  it('reads reasoning when a server sends reasoning_content empty beside it', async () => {
    const out = await events([
      delta({ reasoning_content: '', reasoning: 'Hmm' }),
      delta({ content: 'Hi' }, 'stop'),
      DONE,
    ]);
    expect(out.slice(1, 3)).toEqual([
      { type: 'thinking_delta', text: 'Hmm' },
      { type: 'text_delta', text: 'Hi' },
    ]);
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['function_call', 'tool_use'],
    ['content_filter', 'refusal'],
  ])('maps finish_reason %s to %s', async (finish, reason) => {
    const out = await events([delta({ content: 'x' }, finish), DONE]);
    expect(out.at(-1)).toEqual({ type: 'stop', reason });
  });

  it('maps cached and reasoning token details, accepting a usage chunk with choices: null', async () => {
    const u = {
      prompt_tokens: 100,
      completion_tokens: 40,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 30 },
    };
    const out = await events([delta({ content: 'x' }, 'stop'), chunk({ choices: null, usage: u }), DONE]);
    expect(out.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 100, outputTokens: 40, cacheReadTokens: 64, reasoningTokens: 30 } },
      { type: 'stop', reason: 'end_turn' },
    ]);
  });

  it('leaves the start id undefined when the upstream sends none', async () => {
    const frame = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x' }, finish_reason: 'stop' }] })}\n\n`;
    const out = await events([frame, DONE]);
    expect(out[0]).toEqual({ type: 'start', id: undefined, model: undefined });
  });

  it('ends normally at [DONE] without a finish_reason, and ignores anything after [DONE]', async () => {
    const out = await events([delta({ content: 'x' }), DONE, delta({ content: 'late' })]);
    expect(out.map((e) => e.type)).toEqual(['start', 'text_delta', 'stop']);
  });

  it('treats a stream that ends without finish_reason or [DONE] as truncated, not as success', async () => {
    const err = await failure([delta({ content: 'half an ans' })]);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.kind).toBe('invalid_upstream_response');
  });

  it('accepts a stream that has a finish_reason but lost its [DONE]', async () => {
    const out = await events([delta({ content: 'x' }, 'stop')]);
    expect(out.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('rejects a data line that is not JSON', async () => {
    expect((await failure([delta({ content: 'x' }), 'data: {"choices": [\n\n'])).kind).toBe(
      'invalid_upstream_response',
    );
  });

  it('throws a classified error for an error chunk mid-stream', async () => {
    const error = 'data: {"error":{"message":"Rate limit reached","type":"rate_limit_exceeded"}}\n\n';
    const err = await failure([delta({ content: 'x' }), error]);
    expect(err.kind).toBe('rate_limited');
    expect(err.detail).toContain('Rate limit reached');
    expect(err.message).not.toContain('Rate limit reached');
  });

  it('keeps the words of an error event whose data is plain text', async () => {
    const err = await failure([delta({ content: 'x' }), 'event: error\ndata: Internal error\n\n']);
    expect(err.kind).toBe('upstream_5xx');
    expect(err.detail).toContain('Internal error');
  });

  it('throws a server error for an untyped error chunk', async () => {
    const err = await failure([delta({ content: 'x' }), 'data: {"error":"model crashed"}\n\n']);
    expect(err.kind).toBe('upstream_5xx');
  });
});

describe('fromOpenAISseBody once the client has gone', () => {
  it('throws a 499 instead of handing out the next event', async () => {
    const abort = new AbortController();
    const stream = fromOpenAISseBody(
      wire([delta({ content: 'one' }) + delta({ content: 'two' }), delta({}, 'stop') + DONE]),
      { provider: 'openai', toolNames: new Map() },
      abort.signal,
    );
    expect((await stream.next()).value).toEqual({ type: 'start', id: 'chatcmpl-1', model: 'gpt-4o' });
    abort.abort();
    await expect(stream.next()).rejects.toMatchObject({ kind: 'client_gone', status: 499 });
  });
});
