import { Histogram, Registry } from 'prom-client';
import { BucketedSeries } from './bucketed-series.js';

const SPEC = {
  name: 'demo_seconds',
  help: 'Demo durations',
  labelNames: ['dialect', 'model'] as const,
  buckets: [0.05, 0.1, 1, 10],
};

/** Values on, between, below and beyond the bounds, for two label sets. */
const OBSERVED: Array<[{ dialect: string; model: string }, number]> = [
  [{ dialect: 'openai', model: 'gpt' }, 0.05],
  [{ dialect: 'anthropic', model: 'claude' }, 0.2],
  [{ dialect: 'openai', model: 'gpt' }, 0.001],
  [{ dialect: 'openai', model: 'gpt' }, 42],
  [{ dialect: 'anthropic', model: 'claude' }, 1],
  [{ dialect: 'openai', model: 'gpt' }, 0.07],
];

describe('BucketedSeries', () => {
  it('shows on /metrics exactly what prom-client’s histogram shows for the same observations', async () => {
    const ours = new Registry();
    const series = new BucketedSeries(SPEC, ours);
    const theirs = new Registry();
    const histogram = new Histogram({ ...SPEC, registers: [theirs] });
    for (const [labels, value] of OBSERVED) {
      series.slot(labels).observe(value);
      histogram.observe(labels, value);
    }

    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('demo_seconds_bucket{le="0.05",dialect="openai",model="gpt"} 2');
    expect(text).toContain('demo_seconds_bucket{le="+Inf",dialect="openai",model="gpt"} 4');
  });

  it('lists nothing for a label set never observed, and counts the same slot once per observation', async () => {
    const registry = new Registry();
    const series = new BucketedSeries(SPEC, registry);
    series.slot({ dialect: 'openai', model: 'unused' });
    const slot = series.slot({ dialect: 'openai', model: 'gpt' });
    slot.observe(0.5);
    series.slot({ dialect: 'openai', model: 'gpt' }).observe(0.5);

    const text = await registry.metrics();
    expect(text).not.toContain('unused');
    expect(text).toContain('demo_seconds_count{dialect="openai",model="gpt"} 2');
    expect(text).toContain('demo_seconds_sum{dialect="openai",model="gpt"} 1');
  });

  it('starts over when the registry resets its metrics', async () => {
    const registry = new Registry();
    const series = new BucketedSeries(SPEC, registry);
    const slot = series.slot({ dialect: 'openai', model: 'gpt' });
    slot.observe(0.5);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('demo_seconds_count');

    slot.observe(2);
    expect(await registry.metrics()).toContain('demo_seconds_count{dialect="openai",model="gpt"} 1');
  });
});
