import { LatencyHistogram } from './latency-histogram.js';
import { TrafficSeries } from './traffic-series.js';
import type { TrafficSample } from './traffic-tally.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const sample = (over: Partial<TrafficSample> = {}): TrafficSample => ({
  model: 'gpt-4o',
  failed: false,
  latencyMs: 100,
  tokensIn: 10,
  tokensOut: 5,
  costUsd: 0.01,
  ...over,
});

describe('TrafficSeries', () => {
  it('counts each exchange into the 10 s bucket it finished in, and lists empty buckets too', () => {
    const series = new TrafficSeries();
    series.add(sample(), T0 + 1_000);
    series.add(sample({ failed: true, tokensIn: 3 }), T0 + 9_999);
    series.add(sample(), T0 + 25_000);
    const points = series.points(30_000, T0 + 29_000);
    expect(points.map((p) => [p.t, p.requests, p.errors, p.tokens_in])).toEqual([
      ['2026-01-01T12:00:00.000Z', 2, 1, 13],
      ['2026-01-01T12:00:10.000Z', 0, 0, 0],
      ['2026-01-01T12:00:20.000Z', 1, 0, 10],
    ]);
    expect(points[1].p50_ms).toBeNull();
  });

  it('forgets buckets older than its span, reusing their slots', () => {
    const series = new TrafficSeries(10_000, 60_000);
    series.add(sample(), T0);
    series.add(sample({ model: 'claude' }), T0 + 60_000);
    const window = series.window(60_000, T0 + 60_000);
    expect(window.counts.requests).toBe(1);
    expect(window.byModel().map((m) => m.model)).toEqual(['claude']);
  });

  it('adds up a window per model, busiest first, with cost', () => {
    const series = new TrafficSeries();
    series.add(sample({ model: 'claude', costUsd: 0.5 }), T0);
    series.add(sample({ model: 'gpt-4o' }), T0 + 10_000);
    series.add(sample({ model: 'gpt-4o', failed: true }), T0 + 20_000);
    expect(series.window(60_000, T0 + 20_000).byModel()).toEqual([
      { model: 'gpt-4o', requests: 2, errors: 1, tokens_in: 20, tokens_out: 10, cost_usd: 0.02 },
      { model: 'claude', requests: 1, errors: 0, tokens_in: 10, tokens_out: 5, cost_usd: 0.5 },
    ]);
  });

  it('never keeps more buckets than its span holds, however long the window asked for', () => {
    const series = new TrafficSeries(10_000, 60_000);
    expect(series.points(3_600_000, T0)).toHaveLength(6);
  });
});

describe('LatencyHistogram', () => {
  it('estimates percentiles within the bucket that holds them, never above the slowest seen', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 90; i++) h.add(40);
    for (let i = 0; i < 10; i++) h.add(900);
    const p50 = h.percentile(0.5)!;
    expect(p50).toBeGreaterThan(25);
    expect(p50).toBeLessThanOrEqual(50);
    const p95 = h.percentile(0.95)!;
    expect(p95).toBeGreaterThan(600);
    expect(p95).toBeLessThanOrEqual(900);
  });

  it('has no percentile before anything is counted, and merges counts', () => {
    const a = new LatencyHistogram();
    expect(a.percentile(0.5)).toBeNull();
    const b = new LatencyHistogram();
    b.add(7);
    a.merge(b);
    expect(a.count).toBe(1);
    expect(a.percentile(0.99)).toBe(7);
  });
});
