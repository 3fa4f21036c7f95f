import { TrafficStats } from './traffic-stats.js';
import type { TrafficSample } from './traffic-tally.js';

const NOW = Date.UTC(2025, 0, 1, 12);
const sample = (model: string, latencyMs: number, failed = false): TrafficSample => ({
  model,
  failed,
  latencyMs,
  tokensIn: 10,
  tokensOut: 5,
  costUsd: 0.01,
});

describe('TrafficStats.sum', () => {
  it('adds several instances’ numbers as if one instance had counted them all', () => {
    const a = new TrafficStats();
    const b = new TrafficStats();
    const together = new TrafficStats();
    const feed = (stats: TrafficStats, s: TrafficSample, at: number) => {
      stats.add(s, at);
      together.add(s, at);
    };
    feed(a, sample('gpt', 20), NOW - 120_000);
    feed(a, sample('gpt', 900, true), NOW);
    feed(b, sample('claude', 40), NOW - 120_000);
    feed(b, sample('gpt', 60), NOW - 5_000);

    const sum = TrafficStats.sum([a.summary(NOW), JSON.parse(JSON.stringify(b.summary(NOW)))]);

    expect(sum.sinceStart.counts).toEqual(together.sinceStart.counts);
    expect(sum.sinceStart.byModel()).toEqual(together.sinceStart.byModel());
    expect(sum.sinceStart.latency.percentile(0.95)).toBe(together.sinceStart.latency.percentile(0.95));
    expect(sum.series.points(15 * 60_000, NOW)).toEqual(together.series.points(15 * 60_000, NOW));
  });

  it('leaves out buckets older than the span', () => {
    const old = new TrafficStats();
    old.add(sample('gpt', 20), NOW - 2 * 3_600_000);
    const sum = TrafficStats.sum([old.summary(NOW)]);
    expect(sum.series.window(3_600_000, NOW).counts.requests).toBe(0);
    expect(sum.sinceStart.counts.requests).toBe(1);
  });
});
