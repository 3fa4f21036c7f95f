import type { ServerResponse } from 'node:http';
import type { AbortWatch } from '#src/core/abort-latch.js';

/** A dialect's keepalive frame and how long a stream may stay silent before it is written. */
export interface Keepalive {
  frame: string;
  afterMs: number;
}

/**
 * Writes the keepalive frame into a started stream that has written nothing for `afterMs`, so the
 * idle timeouts of clients and of proxies in between do not cut a stream whose upstream is still
 * thinking. Armed only once the head is out: before it, the gateway may still answer an error
 * status. One timer per stream, re-armed in place on every write; nothing is allocated per frame.
 * The frame goes to the socket only, never to the request log or the response cache.
 */
export class StreamKeepalive {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly keepalive: Keepalive,
    private readonly signal: AbortWatch,
  ) {}

  /** The stream just wrote: silence is counted from now. */
  wrote(): void {
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(this.beat, this.keepalive.afterMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private readonly beat = (): void => {
    // A client that left gets nothing more, and the timer stays disarmed.
    if (this.signal.aborted || this.res.writableEnded || this.res.destroyed) return;
    // A client not reading has unread bytes waiting already: they keep the connection busy.
    if (!this.res.writableNeedDrain) this.res.write(this.keepalive.frame);
    this.timer?.refresh();
  };
}
