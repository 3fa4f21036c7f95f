import type { ChatEvent } from '#src/core/chat.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import { trackedStream } from './tracked-stream.js';

const text = (t: string): ChatEvent => ({ type: 'text_delta', text: t });

function watch() {
  const seen = { errors: [] as GatewayError[], ends: 0 };
  return { seen, tracking: { onError: (e: GatewayError) => seen.errors.push(e), onEnd: () => (seen.ends += 1) } };
}

describe('trackedStream', () => {
  it('hands out the first event, then the rest, and ends once', async () => {
    async function* rest() {
      yield text('b');
      yield text('c');
    }
    const { seen, tracking } = watch();
    const out: ChatEvent[] = [];
    for await (const e of trackedStream(text('a'), rest(), tracking)) out.push(e);
    expect(out).toEqual([text('a'), text('b'), text('c')]);
    expect(seen).toEqual({ errors: [], ends: 1 });
  });

  it('tells its watcher the stream is open as the first event is in, before any other is read', async () => {
    const order: string[] = [];
    async function* rest() {
      order.push('read b');
      yield text('b');
    }
    const { tracking } = watch();
    const stream = trackedStream(text('a'), rest(), {
      ...tracking,
      onOpen: () => order.push('open'),
      onItem: (e) => order.push(`item ${(e as { text: string }).text}`),
    });
    expect(order).toEqual(['open']);
    for await (const e of stream) order.push(`out ${(e as { text: string }).text}`);
    expect(order).toEqual(['open', 'out a', 'read b', 'item b', 'out b']);
  });

  it('reports a failure after the first event as a gateway error and still ends once', async () => {
    async function* rest(): AsyncGenerator<ChatEvent> {
      yield text('b');
      throw new Error('socket reset');
    }
    const { seen, tracking } = watch();
    const out: ChatEvent[] = [];
    const run = async () => {
      for await (const e of trackedStream(text('a'), rest(), tracking)) out.push(e);
    };
    await expect(run()).rejects.toBeInstanceOf(GatewayError);
    expect(out).toHaveLength(2);
    expect(seen.errors.map((e) => e.kind)).toEqual(['internal']);
    expect(seen.ends).toBe(1);
  });

  it('releases the upstream when the consumer stops right after the first event', async () => {
    let released = 0;
    const upstream: AsyncIterator<ChatEvent> = {
      next: () => Promise.resolve({ done: false, value: text('b') }),
      return: () => {
        released += 1;
        return Promise.resolve({ done: true, value: undefined });
      },
    };
    const { seen, tracking } = watch();
    for await (const event of trackedStream(text('a'), upstream, tracking)) {
      expect(event).toEqual(text('a'));
      break;
    }
    expect(released).toBe(1);
    expect(seen.ends).toBe(1);
  });
});
