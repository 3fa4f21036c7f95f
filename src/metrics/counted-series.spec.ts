import { Counter, Registry } from 'prom-client';
import { CountedSeries } from './counted-series.js';

function setUp() {
  const counts = new CountedSeries(['model', 'status'] as const);
  const registry = new Registry();
  new Counter({
    name: 'calls_total',
    help: 'calls',
    labelNames: ['model', 'status'] as const,
    registers: [registry],
    collect() {
      counts.publishTo(this);
    },
  });
  const samples = async () => (await registry.metrics()).split('\n').filter((l) => l.startsWith('calls_total'));
  return { counts, samples };
}

describe('CountedSeries', () => {
  it('shows each label set’s total when read, whichever slot counted it', async () => {
    const { counts, samples } = setUp();
    counts.slot({ model: 'gpt', status: '200' }).add(2);
    counts.slot({ model: 'gpt', status: '200' }).add(1);
    counts.slot({ model: 'claude', status: '500' }).add(1);

    expect(await samples()).toEqual([
      'calls_total{model="gpt",status="200"} 3',
      'calls_total{model="claude",status="500"} 1',
    ]);
  });

  it('lists series in the order they were first counted, not made', async () => {
    const { counts, samples } = setUp();
    const early = counts.slot({ model: 'a', status: '200' });
    counts.slot({ model: 'b', status: '200' }).add(1);
    early.add(1);

    expect(await samples()).toEqual(['calls_total{model="b",status="200"} 1', 'calls_total{model="a",status="200"} 1']);
  });

  it('leaves out a series that was never counted', async () => {
    const { counts, samples } = setUp();
    counts.slot({ model: 'gpt', status: '200' });

    expect(await samples()).toEqual([]);
  });

  it('gives the same totals when read twice', async () => {
    const { counts, samples } = setUp();
    counts.slot({ model: 'gpt', status: '200' }).add(4);
    await samples();

    expect(await samples()).toEqual(['calls_total{model="gpt",status="200"} 4']);
  });
});
