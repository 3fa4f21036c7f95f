import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { UpstreamResponse } from '#src/providers/shared/upstream-http.js';
import {
  ANTHROPIC_TEXT_STREAM as STREAM,
  anthropicEvent as ev,
  upstreamAnswer as answer,
} from '../../../test/factories/anthropic-stream.factory.js';
import { anthropicSseEvents } from './anthropic-events.stream.js';

async function events(res: UpstreamResponse, signal = new AbortController().signal): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const event of anthropicSseEvents(res, 'claude', signal)) out.push(event);
  return out;
}

describe('a Messages stream read as canonical events', () => {
  it('decodes frames however the chunks cut them', async () => {
    const joined = STREAM.join('');
    const { res } = answer([joined.slice(0, 50), joined.slice(50, 333), joined.slice(333)]);
    const out = await events(res);
    expect(out[0]).toMatchObject({ type: 'start', id: 'msg_1', model: 'claude-x' });
    expect(out.filter((e) => e.type === 'text_delta').map((e) => e.text)).toEqual(['Hel', 'lo']);
    expect(out).toContainEqual({ type: 'usage', usage: expect.objectContaining({ outputTokens: 2 }) });
    expect(out.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
  });

  it('stops reading at message_stop and keeps the connection', async () => {
    const { res, ends, read } = answer([...STREAM, ev('ping'), ev('ping')]);
    await events(res);
    expect(read()).toBe(STREAM.length);
    expect(ends).toEqual(['settle', 'discard']);
  });

  it('fails a stream that ends before message_stop, and gives its connection up', async () => {
    const { res, ends } = answer(STREAM.slice(0, -1));
    await expect(events(res)).rejects.toMatchObject({ kind: 'invalid_upstream_response' });
    expect(ends).toEqual(['discard']);
  });

  it('stops with "client went away" once the call is aborted', async () => {
    const abort = new AbortController();
    const stream = anthropicSseEvents(answer(STREAM).res, 'claude', abort.signal);
    await stream.next();
    abort.abort();
    const err = await stream.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'client_gone' });
  });
});
