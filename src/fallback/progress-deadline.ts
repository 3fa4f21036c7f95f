import type { Clock } from '#src/core/clock.js';
import { MAX_TIMER_MS } from '#src/core/timer-limit.js';

/**
 * The longest a stream may go without progress. An upstream's keep-alives (an Anthropic `ping`, an
 * SSE comment) reset its idle deadline, which only hears bytes, so a stream of keep-alives alone
 * would otherwise never end. One timer, armed for the earliest the deadline can pass: progress is
 * a clock reading, and a timer that fires before the deadline re-arms for what is left.
 */
export class ProgressDeadline {
  private lastAt: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly onExpire: () => void,
  ) {
    this.lastAt = clock.monotonic();
    this.arm(ms);
  }

  progressed(): void {
    this.lastAt = this.clock.monotonic();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    // Node fires a delay past MAX_TIMER_MS after 1 ms instead: a deadline that far off is reached by re-arming.
    this.timer = setTimeout(this.fire, Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(ms))));
  }

  private readonly fire = (): void => {
    if (this.timer === undefined) return;
    const left = this.lastAt + this.ms - this.clock.monotonic();
    if (left > 0) return this.arm(left);
    this.timer = undefined;
    this.onExpire();
  };
}
