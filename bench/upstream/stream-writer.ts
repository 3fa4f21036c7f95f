import type { ServerResponse } from 'node:http';
import type { FakeCounters } from './fake-counters.js';
import type { StreamFrames } from './reply-frames.js';

export interface StreamPlan {
  chunkDelayMs: number;
  /** Reset the socket once this many text chunks are out; -1 never. */
  resetAfterChunks: number;
}

/**
 * Head frames and the first text chunk leave together, then one chunk per gap, then the tail at
 * once: an answer of n chunks lasts (n − 1) gaps after the first byte. Each chunk is its own write
 * so a proxy that coalesces or drops events shows it in the client's event count.
 */
export function writeStream(res: ServerResponse, frames: StreamFrames, plan: StreamPlan, counters: FakeCounters): void {
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  res.once('close', () => {
    clearTimeout(timer);
    if (!done) counters.streamsCancelled += 1;
  });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const frame of frames.head) res.write(frame);

  const step = (): void => {
    if (res.destroyed) return;
    if (sent === plan.resetAfterChunks) {
      done = true;
      counters.injectedResets += 1;
      res.socket?.resetAndDestroy();
      return;
    }
    res.write(frames.chunks[sent]);
    sent += 1;
    if (sent < frames.chunks.length) {
      timer = setTimeout(step, plan.chunkDelayMs);
      return;
    }
    for (const frame of frames.tail) res.write(frame);
    done = true;
    counters.streamsCompleted += 1;
    res.end();
  };
  step();
}
