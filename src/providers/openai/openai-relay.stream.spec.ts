import { jest } from '@jest/globals';
import { GatewayError } from '#src/core/gateway-error.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import { relayOpenAISseBody } from './openai-relay.stream.js';
import type { OpenAIToolCallDelta } from './openai.wire.types.js';

async function* wire(parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}

const chunk = (body: object) => `data: ${JSON.stringify({ id: 'chatcmpl-1', model: 'gpt-4o', ...body })}\n\n`;
const delta = (d: object, finish: string | null = null) =>
  chunk({ choices: [{ index: 0, delta: d, finish_reason: finish }], usage: null });
const usage = (u: object) => chunk({ choices: [], usage: u });
const DONE = 'data: [DONE]\n\n';
const dataOf = (frame: string) => frame.slice('data: '.length, -2);

async function relay(parts: string[], usageChunk: boolean, signal = new AbortController().signal) {
  const out: RelayFrame[] = [];
  for await (const frame of relayOpenAISseBody(wire(parts), { provider: 'openai', usageChunk }, signal))
    out.push(frame);
  return out;
}

const sent = (frames: RelayFrame[]) => frames.flatMap((f) => (f.frame ? [f.frame.data] : []));

describe('relaying a Chat Completions stream', () => {
  const stream = [delta({ role: 'assistant', content: 'Hi' }), delta({}, 'stop'), usage({ prompt_tokens: 3 }), DONE];

  it("sends every frame's data as it came, then the end of stream", async () => {
    const out = await relay(stream, true);
    expect(sent(out)).toEqual([...stream.slice(0, 3).map(dataOf), '[DONE]']);
  });

  it('reads usage and the stop from the frames on the side', async () => {
    const seen = (await relay(stream, true)).flatMap((f) => f.seen);
    expect(seen).toContainEqual({ type: 'usage', usage: expect.objectContaining({ inputTokens: 3 }) });
    expect(seen.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('keeps the usage chunk back when the client did not ask for it, but still reads its usage', async () => {
    const out = await relay(stream, false);
    expect(sent(out)).toEqual([dataOf(stream[0]), dataOf(stream[1]), '[DONE]']);
    expect(out.flatMap((f) => f.seen)).toContainEqual({
      type: 'usage',
      usage: expect.objectContaining({ inputTokens: 3 }),
    });
  });

  it('ends with [DONE] even when the upstream closed after its finish_reason without one', async () => {
    expect(sent(await relay(stream.slice(0, 2), false)).at(-1)).toBe('[DONE]');
  });

  it('fails with the words of an error event whose data is plain text', async () => {
    const parts = [delta({ role: 'assistant', content: 'Hi' }), 'event: error\ndata: Internal error\n\n', DONE];
    const err = (await relay(parts, false).catch((e: unknown) => e)) as GatewayError;
    expect(err).toMatchObject({ kind: 'upstream_5xx', detail: expect.stringContaining('Internal error') });
  });

  it('never sends on a frame that fails to decode, nor anything after it', async () => {
    const broken = [delta({ role: 'assistant', content: 'Hi' }), 'data: {"error":{"message":"boom"}}\n\n', DONE];
    const out: RelayFrame[] = [];
    const frames = relayOpenAISseBody(
      wire(broken),
      { provider: 'openai', usageChunk: false },
      new AbortController().signal,
    );
    await expect(async () => {
      for await (const frame of frames) out.push(frame);
    }).rejects.toBeInstanceOf(GatewayError);
    expect(sent(out)).toEqual([dataOf(broken[0])]);
  });

  it('refuses a stream cut off mid-answer, with no [DONE] sent', async () => {
    await expect(relay([delta({ role: 'assistant', content: 'Hi' })], false)).rejects.toMatchObject({
      kind: 'invalid_upstream_response',
    });
  });

  it('throws a 499 instead of handing out the next frame once the client has gone', async () => {
    const abort = new AbortController();
    const frames = relayOpenAISseBody(
      wire([delta({ content: 'a' }) + delta({}, 'stop'), DONE]),
      { provider: 'openai', usageChunk: false },
      abort.signal,
    );
    expect((await frames.next()).done).toBe(false);
    abort.abort();
    await expect(frames.next()).rejects.toMatchObject({ status: 499 });
  });

  it('relays every frame of a chunk that carries several, each with its own data', async () => {
    const out = await relay([stream.join('')], true);
    expect(sent(out)).toEqual([...stream.slice(0, 3).map(dataOf), '[DONE]']);
  });

  it("settles the body at the upstream's [DONE] and reads nothing after it", async () => {
    const { body, end, frames } = watchedRelay([
      delta({ role: 'assistant', content: 'Hi' }),
      delta({}, 'stop'),
      DONE,
      'data: late\n\n',
    ]);
    const out: RelayFrame[] = [];
    for await (const frame of frames) out.push(frame);
    expect(sent(out).at(-1)).toBe('[DONE]');
    expect(body.reads).toBe(3);
    expect(end.complete).toHaveBeenCalledTimes(1);
    expect(end.release).toHaveBeenCalledTimes(1);
  });

  it('gives the body up once, and settles nothing, when a frame fails to decode', async () => {
    const { end, frames } = watchedRelay([delta({ role: 'assistant', content: 'Hi' }), 'data: {not json\n\n', DONE]);
    expect((await frames.next()).done).toBe(false);
    await expect(frames.next()).rejects.toBeInstanceOf(GatewayError);
    expect(end.complete).not.toHaveBeenCalled();
    expect(end.release).toHaveBeenCalledTimes(1);
  });

  it('gives the body up once when reading it fails', async () => {
    const lost = new Error('socket hang up');
    async function* failing() {
      yield delta({ role: 'assistant', content: 'Hi' });
      throw lost;
    }
    const end = { complete: jest.fn(), release: jest.fn() };
    const frames = relayOpenAISseBody(
      failing(),
      { provider: 'openai', usageChunk: false },
      new AbortController().signal,
      end,
    );
    expect((await frames.next()).done).toBe(false);
    await expect(frames.next()).rejects.toBe(lost);
    expect(end.complete).not.toHaveBeenCalled();
    expect(end.release).toHaveBeenCalledTimes(1);
  });

  it('gives the body up when the consumer stops early, and hands out nothing more', async () => {
    const { body, end, frames } = watchedRelay([
      delta({ role: 'assistant', content: 'Hi' }),
      delta({ content: '!' }),
      DONE,
    ]);
    expect((await frames.next()).done).toBe(false);
    await frames.return(undefined);
    expect(body.returned).toBe(true);
    expect(end.complete).not.toHaveBeenCalled();
    expect(end.release).toHaveBeenCalledTimes(1);
    expect((await frames.next()).done).toBe(true);
  });
});

describe('relaying tool calls an upstream numbered wrong', () => {
  const calls = (list: object[]) => delta({ tool_calls: list });
  const start = (id: string, name: string, index?: number) => ({
    index,
    id,
    type: 'function',
    function: { name, arguments: '' },
  });
  const args = (text: string, index?: number) => ({ index, function: { arguments: text } });
  const end = [delta({}, 'tool_calls'), DONE];

  /** The calls a client assembles from what it was sent, keyed by `index` as the openai SDK does. */
  function assembled(data: string[]) {
    const byIndex: Array<{ id?: string; name?: string; arguments: string }> = [];
    for (const d of data.filter((x) => x !== '[DONE]')) {
      const list = (JSON.parse(d) as { choices: Array<{ delta: { tool_calls?: OpenAIToolCallDelta[] } }> }).choices[0]
        .delta.tool_calls;
      for (const call of list ?? []) {
        const slot = (byIndex[call.index as number] ??= { arguments: '' });
        slot.id ??= call.id;
        slot.name ??= call.function?.name;
        slot.arguments += call.function?.arguments ?? '';
      }
    }
    return byIndex;
  }

  const twoCalls = [
    { id: 'call_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
    { id: 'call_b', name: 'get_time', arguments: '{"tz":"CET"}' },
  ];

  it('numbers deltas that came without an index in order of first appearance', async () => {
    const stream = [
      calls([start('call_a', 'get_weather')]),
      calls([args('{"city":')]),
      calls([args('"Oslo"}')]),
      calls([start('call_b', 'get_time')]),
      calls([args('{"tz":"CET"}')]),
      ...end,
    ];
    const out = sent(await relay(stream, false));
    expect(assembled(out)).toEqual(twoCalls);
  });

  it('gives a second call sent under index 0 with its own id the next index', async () => {
    const stream = [
      calls([start('call_a', 'get_weather', 0)]),
      calls([args('{"city":"Oslo"}', 0)]),
      calls([start('call_b', 'get_time', 0)]),
      calls([args('{"tz":"CET"}', 0)]),
      ...end,
    ];
    const out = sent(await relay(stream, false));
    expect(assembled(out)).toEqual(twoCalls);
    // The first call's frames were right as they came and are not written again.
    expect(out.slice(0, 2)).toEqual(stream.slice(0, 2).map(dataOf));
  });

  it('renumbers only the wrong delta of a chunk whose first one is right', async () => {
    const stream = [calls([start('call_a', 'get_weather', 0), start('call_b', 'get_time', 0)]), ...end];
    const [data] = sent(await relay(stream, false));
    const [first, second] = (JSON.parse(data) as { choices: Array<{ delta: { tool_calls: OpenAIToolCallDelta[] } }> })
      .choices[0].delta.tool_calls;
    expect([first.index, second.index]).toEqual([0, 1]);
  });

  it('keeps argument deltas that come under another id, without a name, with the call they continue', async () => {
    // Some servers name a call under one id and send its arguments under another.
    const stream = [
      calls([start('call_a', 'get_weather', 0)]),
      calls([{ index: 0, id: 'call_x', function: { arguments: '{"city":' } }]),
      calls([{ index: 0, id: 'call_y', function: { arguments: '"Oslo"}' } }]),
      ...end,
    ];
    const out = sent(await relay(stream, false));
    expect(out).toEqual([...stream.slice(0, 4).map(dataOf), '[DONE]']);
    expect(assembled(out)).toEqual([twoCalls[0]]);
  });

  it('changes nothing but the index in a frame it writes again', async () => {
    const frame = calls([start('call_a', 'get_weather'), start('call_b', 'get_time')]);
    const [data] = sent(await relay([frame, ...end], false));
    const expected = JSON.parse(dataOf(frame)) as { choices: Array<{ delta: { tool_calls: object[] } }> };
    expected.choices[0].delta.tool_calls = [start('call_a', 'get_weather', 0), start('call_b', 'get_time', 1)];
    expect(JSON.parse(data)).toEqual(expected);
  });

  it('sends a conforming stream of parallel calls byte for byte', async () => {
    // Spacing a re-serialisation would not keep.
    const raw = (tool: string) =>
      `data: {"id": "chatcmpl-1", "choices": [{"index": 0, "delta": {"tool_calls": [${tool}]}}]}\n\n`;
    const stream = [
      raw('{"index": 0, "id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": ""}}'),
      raw('{"index": 1, "id": "call_b", "type": "function", "function": {"name": "get_time", "arguments": ""}}'),
      raw('{"index": 0, "function": {"arguments": "{\\"city\\":\\"Oslo\\"}"}}'),
      raw('{"index": 1, "function": {"arguments": "{\\"tz\\":\\"CET\\"}"}}'),
      ...end,
    ];
    const out = sent(await relay(stream, false));
    expect(out).toEqual([...stream.slice(0, 5).map(dataOf), '[DONE]']);
    expect(assembled(out)).toEqual(twoCalls);
  });
});

/** A body that counts its reads and tells whether it was given up. */
function watchedBody(parts: string[]) {
  const watched = {
    reads: 0,
    returned: false,
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const part = parts[watched.reads++];
        return Promise.resolve(
          part === undefined ? { done: true as const, value: undefined } : { done: false, value: part },
        );
      },
      return: () => {
        watched.returned = true;
        return Promise.resolve({ done: true as const, value: undefined });
      },
    }),
  };
  return watched;
}

/** A relay over a watched body, with spies for how the stream ended. */
function watchedRelay(parts: string[]) {
  const body = watchedBody(parts);
  const end = { complete: jest.fn(), release: jest.fn() };
  const frames = relayOpenAISseBody(body, { provider: 'openai', usageChunk: false }, new AbortController().signal, end);
  return { body, end, frames };
}
