import { GatewayError } from '#src/core/gateway-error.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import { relayOpenAISseBody } from './openai-relay.stream.js';

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
});
