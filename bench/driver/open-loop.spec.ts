import { runAtRate } from './open-loop.js';

describe('runAtRate', () => {
  it('starts rate × duration requests and waits for the last answer', async () => {
    const answered: number[] = [];
    const result = await runAtRate({ perSecond: 2_000, durationMs: 20, maxInFlight: 8 }, async (seq) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      answered.push(seq);
      return seq;
    });
    expect(result.samples).toHaveLength(40);
    expect([...answered].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
  });

  it('never holds more than maxInFlight requests at once', async () => {
    let inFlight = 0;
    let most = 0;
    await runAtRate({ perSecond: 10_000, durationMs: 10, maxInFlight: 3 }, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return 200;
    });
    expect(most).toBeLessThanOrEqual(3);
  });

  it('answers at once when the duration asks for no request', async () => {
    const result = await runAtRate({ perSecond: 10, durationMs: 0, maxInFlight: 1 }, () => Promise.resolve(200));
    expect(result.samples).toEqual([]);
  });

  it('rejects with the first failure once the requests in flight are done', async () => {
    let finished = 0;
    const run = runAtRate({ perSecond: 5_000, durationMs: 20, maxInFlight: 4 }, async (seq) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      finished += 1;
      if (seq === 3) throw new Error('connection refused');
      return 200;
    });
    await expect(run).rejects.toThrow('connection refused');
    expect(finished).toBeLessThan(100);
  });
});
