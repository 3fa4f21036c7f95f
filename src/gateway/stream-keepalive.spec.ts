import { jest } from '@jest/globals';
import { AbortLatch } from '#src/core/abort-latch.js';
import { StreamClient } from './stream-client.spec-support.js';
import { writeStream, type FrameWriter } from './stream-writer.js';
import type { Keepalive } from './stream-keepalive.js';

const KEEPALIVE: Keepalive = { frame: ': keepalive\n\n', afterMs: 15_000 };

/** An upstream that sends words, silent for a number of milliseconds wherever a number stands. */
async function* upstream(...steps: Array<string | number>): AsyncIterable<string> {
  for (const step of steps) {
    if (typeof step === 'number') await new Promise((resolve) => setTimeout(resolve, step));
    else yield step;
  }
}

const frames: FrameWriter<string> = {
  frame: (word) => (word === '' ? '' : `data: ${word}\n\n`),
  end: () => 'data: [DONE]\n\n',
  error: () => '',
};

describe('writeStream keepalives', () => {
  let client: StreamClient;
  let signal: AbortLatch;

  const write = (items: AsyncIterable<string>, keepalive: Keepalive | 'none' = KEEPALIVE) => {
    const hooks = {
      signal,
      read: {},
      onFirstByte: () => undefined,
      onUsage: () => undefined,
      onError: () => undefined,
    };
    return writeStream(client.response, {}, items, frames, hooks, keepalive === 'none' ? undefined : keepalive);
  };

  beforeEach(() => {
    jest.useFakeTimers();
    client = new StreamClient();
    signal = new AbortLatch();
  });

  afterEach(() => jest.useRealTimers());

  it('writes a keepalive for every stretch of silence after the first frame, and the answer intact around them', async () => {
    const done = write(upstream('one', 35_000, 'two'));
    await jest.advanceTimersByTimeAsync(35_000);
    await done;
    expect(client.received).toEqual([
      'data: one\n\n',
      ': keepalive\n\n',
      ': keepalive\n\n',
      'data: two\n\n',
      'data: [DONE]\n\n',
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('counts silence from the last frame: only the one long pause gets a keepalive', async () => {
    const done = write(upstream('one', 10_000, 'two', 10_000, 'three', 16_000, 'four'));
    await jest.advanceTimersByTimeAsync(36_000);
    await done;
    expect(client.received).toEqual([
      'data: one\n\n',
      'data: two\n\n',
      'data: three\n\n',
      ': keepalive\n\n',
      'data: four\n\n',
      'data: [DONE]\n\n',
    ]);
  });

  it('writes nothing before the first byte, however long the upstream takes to begin', async () => {
    const done = write(upstream(40_000, 'one', 16_000, 'two'));
    await jest.advanceTimersByTimeAsync(56_000);
    await done;
    expect(client.received).toEqual(['data: one\n\n', ': keepalive\n\n', 'data: two\n\n', 'data: [DONE]\n\n']);
  });

  it('keeps a stream alive once its head went out, even before a frame with content', async () => {
    const done = write(upstream('', 16_000, 'one'));
    await jest.advanceTimersByTimeAsync(16_000);
    await done;
    expect(client.received).toEqual([': keepalive\n\n', 'data: one\n\n', 'data: [DONE]\n\n']);
  });

  it('stops once the client left, and leaves no timer behind', async () => {
    const done = write(upstream('one', 60_000, 'two'));
    await jest.advanceTimersByTimeAsync(20_000);
    signal.abort(new Error('client disconnected'));
    await jest.advanceTimersByTimeAsync(40_000);
    await done;
    // One keepalive, in the 20 s before the client left; none in the 40 s after.
    expect(client.received.filter((chunk) => chunk === KEEPALIVE.frame)).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('adds nothing while the client is not reading, and resumes once it reads again', async () => {
    client.writableNeedDrain = true;
    const done = write(upstream('one', 16_000, 'two'));
    await jest.advanceTimersByTimeAsync(45_000);
    client.writableNeedDrain = false;
    client.emit('drain');
    await jest.advanceTimersByTimeAsync(16_000);
    await done;
    expect(client.received).toEqual(['data: one\n\n', ': keepalive\n\n', 'data: two\n\n', 'data: [DONE]\n\n']);
  });
});
