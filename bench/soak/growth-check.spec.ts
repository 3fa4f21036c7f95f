import { judgeGrowth, type RssSample } from './growth-check.js';

const MB = 2 ** 20;

/** 60 one-second samples at 300 requests/s with a GC sawtooth of 60 MB every 12 s, plus `leak` bytes per request. */
function run(leak: number): RssSample[] {
  return Array.from({ length: 60 }, (_, s) => ({
    seconds: s,
    requests: s * 300,
    rssBytes: 150 * MB + ((s % 12) / 12) * 60 * MB + s * 300 * leak,
  }));
}

describe('judgeGrowth', () => {
  it('passes a steady GC sawtooth', () => {
    expect(judgeGrowth(run(0)).pass).toBe(true);
  });

  it('fails when every request keeps 2 KB', () => {
    const verdict = judgeGrowth(run(2048));
    expect(verdict.pass).toBe(false);
    expect(verdict.reason).toMatch(/^RSS grows/);
  });

  it('does not judge a run too short to leave samples after warm-up', () => {
    expect(judgeGrowth(run(0).slice(0, 6)).pass).toBe(false);
  });
});
