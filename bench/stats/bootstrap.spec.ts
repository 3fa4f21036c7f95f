import { medianInterval } from './bootstrap.js';

describe('the interval of a median', () => {
  it('holds the median, and narrows as rounds agree more', () => {
    const scattered = [0.02, 0.09, 0.04, 0.12, 0.01, 0.07, 0.05, 0.1, 0.03, 0.08];
    const close = [0.05, 0.052, 0.049, 0.051, 0.048, 0.05, 0.053, 0.047, 0.05, 0.051];
    const wide = medianInterval(scattered);
    const narrow = medianInterval(close);
    expect(wide.low).toBeLessThanOrEqual(0.06);
    expect(wide.high).toBeGreaterThanOrEqual(0.06);
    expect(narrow.low).toBeGreaterThan(0.045);
    expect(narrow.high).toBeLessThan(0.055);
    expect(narrow.high - narrow.low).toBeLessThan((wide.high - wide.low) / 4);
  });

  it('is the same every time the same rounds are reported', () => {
    const rounds = [0.03, 0.06, 0.02, 0.09, 0.05];
    expect(medianInterval(rounds)).toEqual(medianInterval(rounds));
  });

  it('is a point when every round agrees, and empty without rounds', () => {
    expect(medianInterval([0.04, 0.04, 0.04])).toEqual({ low: 0.04, high: 0.04 });
    expect(medianInterval([])).toEqual({ low: Number.NaN, high: Number.NaN });
  });
});
