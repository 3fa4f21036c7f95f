import { GatewayError } from '#src/core/gateway-error.js';
import { encodeSse } from '#src/core/sse.js';
import type { RelayFrame } from '#src/providers/relay.types.js';
import {
  ANTHROPIC_TEXT_STREAM as STREAM,
  anthropicEvent as ev,
  upstreamAnswer as answer,
} from '../../../test/factories/anthropic-stream.factory.js';
import { relayAnthropicSseBody } from './anthropic-relay.stream.js';

async function relay(parts: string[], signal = new AbortController().signal): Promise<RelayFrame[]> {
  const out: RelayFrame[] = [];
  for await (const frame of relayAnthropicSseBody(answer(parts).res, 'claude', signal)) out.push(frame);
  return out;
}

const wire = (frames: RelayFrame[]) => frames.map((f) => encodeSse(f.frame!.data, f.frame!.event)).join('');

describe('relaying a Messages stream', () => {
  it('sends every frame with its event name and data as the upstream wrote them, ping included', async () => {
    expect(wire(await relay(STREAM))).toBe(STREAM.join(''));
  });

  it('keeps frames apart even when the upstream packs several into one chunk or splits one', async () => {
    const joined = STREAM.join('');
    const out = await relay([joined.slice(0, 50), joined.slice(50, 400), joined.slice(400)]);
    expect(out).toHaveLength(STREAM.length);
    expect(wire(out)).toBe(joined);
  });

  it('reads the text, usage and stop on the side', async () => {
    const seen = (await relay(STREAM)).flatMap((f) => f.seen);
    expect(seen.filter((e) => e.type === 'text_delta').map((e) => e.text)).toEqual(['Hel', 'lo']);
    expect(seen).toContainEqual({ type: 'usage', usage: expect.objectContaining({ outputTokens: 2 }) });
    expect(seen.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('settles the body after message_stop, keeping its connection', async () => {
    const { res, ends } = answer([...STREAM, ev('ping')]);
    const out: RelayFrame[] = [];
    for await (const frame of relayAnthropicSseBody(res, 'claude', new AbortController().signal)) out.push(frame);
    expect(out).toHaveLength(STREAM.length);
    expect(ends[0]).toBe('settle');
  });

  it('throws an upstream error event instead of sending it on', async () => {
    const failing = [...STREAM.slice(0, 4), ev('error', { error: { type: 'overloaded_error', message: 'busy' } })];
    await expect(relay(failing)).rejects.toMatchObject({ kind: 'overloaded' });
  });

  it('throws when the stream ends before message_stop', async () => {
    await expect(relay(STREAM.slice(0, 5))).rejects.toBeInstanceOf(GatewayError);
  });

  it('stops once the client has gone', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(relay(STREAM, abort.signal)).rejects.toBeInstanceOf(GatewayError);
  });
});
