import { ratioReading, ratioSummary } from './ratio-summary.js';

describe('a summary of per-round ratios', () => {
  it('gives their median, the rounds’ extremes and how many rounds had a ratio', () => {
    const summary = ratioSummary([1.1, 0.9, 1.3, Number.NaN, 1.0]);
    expect(summary).toMatchObject({ median: 1.05, min: 0.9, max: 1.3, rounds: 4 });
  });

  it('shows a difference only when the whole interval leaves 1 out', () => {
    expect(ratioReading(ratioSummary([1.08, 1.12, 1.1, 1.09, 1.11, 1.1]))).toBe('above 1');
    expect(ratioReading(ratioSummary([0.9, 0.92, 0.91, 0.93, 0.9, 0.94]))).toBe('below 1');
    expect(ratioReading(ratioSummary([0.9, 1.2, 0.95, 1.15, 1.0, 1.05]))).toBe('holds 1');
  });

  it('cannot tell from fewer than 5 rounds, however far from 1 they are', () => {
    const summary = ratioSummary([1.5, 1.6, 1.55, 1.52]);
    expect(summary.interval).toBeUndefined();
    expect(ratioReading(summary)).toBe('too few rounds');
  });
});
