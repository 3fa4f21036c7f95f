import { boundedWait, type Schedule } from './bounded-wait.js';

describe('boundedWait', () => {
  let timers: Array<{ ms: number; fire: () => void; cancelled: boolean }>;
  const schedule: Schedule = (ms, fire) => {
    const timer = { ms, fire, cancelled: false };
    timers.push(timer);
    return () => void (timer.cancelled = true);
  };
  const settled = async (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  beforeEach(() => (timers = []));

  it('ends when told to, and cancels its timer', async () => {
    const { ended, end } = boundedWait(1_000, schedule);
    expect(await settled(ended)).toBe(false);
    end();
    expect(await settled(ended)).toBe(true);
    expect(timers).toEqual([expect.objectContaining({ ms: 1_000, cancelled: true })]);
  });

  it('ends after its bound when never told to, and a late end does nothing more', async () => {
    const { ended, end } = boundedWait(2_000, schedule);
    timers[0].fire();
    expect(await settled(ended)).toBe(true);
    expect(() => end()).not.toThrow();
  });
});
