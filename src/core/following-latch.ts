import { AbortLatch, type AbortWatch } from './abort-latch.js';

/**
 * A latch of its own that also aborts, with the same reason, when the signal it follows does,
 * until `unfollow()`: an attempt following its client, or one upstream call following its caller.
 * Aborting it leaves the followed signal alone. The link is one listener made with the latch (its
 * own field), so following and unfollowing make nothing more.
 */
export class FollowingLatch extends AbortLatch {
  private readonly heard = (): void => this.abort(this.source.reason as Error);

  constructor(private readonly source: AbortWatch) {
    super();
    if (source.aborted) this.abort(source.reason as Error);
    else source.addEventListener('abort', this.heard);
  }

  /** Stops following; what it follows may abort later without this latch hearing it. */
  unfollow(): void {
    this.source.removeEventListener('abort', this.heard);
  }
}
