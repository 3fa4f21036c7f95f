import { AbortLatch } from './abort-latch.js';
import { FollowingLatch } from './following-latch.js';

describe('FollowingLatch', () => {
  const gone = new Error('client disconnected');

  it('aborts with the reason of what it follows, and tells its own listener', () => {
    const source = new AbortLatch();
    const latch = new FollowingLatch(source);
    const heard: unknown[] = [];
    latch.addEventListener('abort', () => heard.push(latch.reason));
    source.abort(gone);
    expect(latch.aborted).toBe(true);
    expect(heard).toEqual([gone]);
  });

  it('no longer aborts once it stopped following', () => {
    const source = new AbortLatch();
    const first = new FollowingLatch(source);
    first.unfollow();
    const second = new FollowingLatch(source);
    source.abort(gone);
    expect(first.aborted).toBe(false);
    expect(second.reason).toBe(gone);
  });

  it('is aborted from the start when what it follows already was', () => {
    const source = new AbortLatch();
    source.abort(gone);
    const latch = new FollowingLatch(source);
    expect(latch.aborted).toBe(true);
    expect(latch.reason).toBe(gone);
  });

  it('aborting it leaves what it follows alone', () => {
    const source = new AbortLatch();
    new FollowingLatch(source).abort(new Error('first byte deadline'));
    expect(source.aborted).toBe(false);
  });

  it('follows an AbortSignal too', () => {
    const controller = new AbortController();
    const latch = new FollowingLatch(controller.signal);
    controller.abort(gone);
    expect(latch.reason).toBe(gone);
  });
});
