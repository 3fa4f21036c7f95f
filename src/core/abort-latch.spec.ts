import { jest } from '@jest/globals';
import { AbortLatch, type AbortWatch } from './abort-latch.js';

describe('AbortLatch', () => {
  const why = new Error('deadline');

  it('is aborted by the first abort only, with its reason', () => {
    const latch = new AbortLatch();
    expect(latch.aborted).toBe(false);
    latch.abort(why);
    latch.abort(new Error('later'));
    expect(latch.aborted).toBe(true);
    expect(latch.reason).toBe(why);
  });

  it('tells each listener once, and not one that stopped listening', () => {
    const latch = new AbortLatch();
    const heard: string[] = [];
    const gone = () => heard.push('gone');
    latch.addEventListener('abort', () => heard.push('kept'));
    latch.addEventListener('abort', gone);
    latch.removeEventListener('abort', gone);
    latch.abort(why);
    latch.abort(why);
    expect(heard).toEqual(['kept']);
  });

  it('does not call a listener added after it aborted, as a signal would not', () => {
    const latch = new AbortLatch();
    latch.abort(why);
    let called = false;
    latch.addEventListener('abort', () => (called = true));
    expect(called).toBe(false);
  });

  it('is aborted even when no reason is given', () => {
    const latch = new AbortLatch();
    latch.abort();
    expect(latch.aborted).toBe(true);
    expect(latch.reason).toBeInstanceOf(Error);
  });

  it('tells its listeners in the order they were added, once each, however others came and went', () => {
    const latch = new AbortLatch();
    const heard: string[] = [];
    const listener = (name: string) => () => heard.push(name);
    const [a, b, c] = [listener('a'), listener('b'), listener('c')];
    latch.addEventListener('abort', a);
    latch.addEventListener('abort', b);
    latch.removeEventListener('abort', a);
    latch.addEventListener('abort', c);
    latch.addEventListener('abort', b);
    latch.addEventListener('abort', a);
    latch.abort(why);
    expect(heard).toEqual(['b', 'c', 'a']);
  });

  it('does not tell a listener that an earlier one removed, as a signal would not', () => {
    const latch = new AbortLatch();
    const heard: string[] = [];
    const second = () => heard.push('second');
    latch.addEventListener('abort', () => {
      heard.push('first');
      latch.removeEventListener('abort', second);
    });
    latch.addEventListener('abort', second);
    latch.abort(why);
    expect(heard).toEqual(['first']);
  });

  it('tells every listener when one throws, and reports the error later rather than to the caller of abort', () => {
    const later: (() => void)[] = [];
    const queue = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => void later.push(task));
    const latch = new AbortLatch();
    const heard: string[] = [];
    const broken = new Error('listener broke');
    latch.addEventListener('abort', () => {
      throw broken;
    });
    latch.addEventListener('abort', () => heard.push('upstream aborted'));

    try {
      expect(() => latch.abort(why)).not.toThrow();
    } finally {
      queue.mockRestore();
    }
    expect(heard).toEqual(['upstream aborted']);
    expect(later).toHaveLength(1);
    expect(later[0]).toThrow(broken);
  });

  it('has the shape of an AbortSignal, so a real signal is accepted where a latch is', () => {
    const controller = new AbortController();
    const watch: AbortWatch = controller.signal;
    controller.abort(why);
    expect(watch.aborted).toBe(true);
    expect(watch.reason).toBe(why);
  });
});
