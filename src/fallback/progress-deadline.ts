import { MAX_TIMER_MS } from '#src/core/timer-limit.js';

/**
 * The longest a stream may go without progress. An upstream's keep-alives (an Anthropic `ping`, an
 * SSE comment) reset the transport's idle deadline, which hears bytes and knows nothing of what
 * they mean, so a stream of keep-alives alone would otherwise never end: hence a deadline of its
 * own, fed by the decoded items. It runs from the stream's first item (before it, the first-byte
 * deadline is the bound) and ends it between `ms` and `2 × ms` after its last progress: progress
 * only sets a flag, and each window that saw some is followed by a whole new one, so the per-item
 * cost is one store, with no clock reading and no timer touched.
 */
export class ProgressDeadline {
  private timer: NodeJS.Timeout | undefined;
  /** What is left of the current window past the timer (only for a window beyond Node's timer limit). */
  private beyond = 0;
  private moved = false;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onExpire: () => void,
  ) {}

  /** The stream's first item is in: the first window opens (once; never after `stop`). */
  start(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.window();
  }

  progressed(): void {
    this.moved = true;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private window(): void {
    this.moved = false;
    this.arm(Math.max(1, Math.ceil(this.ms)));
  }

  private arm(ms: number): void {
    // Node fires a delay past MAX_TIMER_MS after 1 ms instead: a window that long is run in parts.
    const now = Math.min(MAX_TIMER_MS, ms);
    this.beyond = ms - now;
    this.timer = setTimeout(this.fire, now);
  }

  private readonly fire = (): void => {
    if (this.stopped) return;
    if (this.beyond > 0) return this.arm(this.beyond);
    if (this.moved) return this.window();
    this.timer = undefined;
    this.stopped = true;
    this.onExpire();
  };
}
