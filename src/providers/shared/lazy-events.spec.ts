import { lazyEvents } from './lazy-events.js';

async function* numbers() {
  yield 1;
  yield 2;
}

describe('lazyEvents', () => {
  it('opens its source only when the first event is asked for, then hands out all of it', async () => {
    let opened = 0;
    const events = lazyEvents(() => {
      opened += 1;
      return Promise.resolve(numbers());
    });
    const iterator = events[Symbol.asyncIterator]();
    expect(opened).toBe(0);
    const out: number[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) out.push(r.value);
    expect(out).toEqual([1, 2]);
    expect(opened).toBe(1);
  });

  it('rejects the first event when opening fails, and is done after that', async () => {
    const iterator = lazyEvents<number>(() => Promise.reject(new Error('refused')))[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow('refused');
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });
});
