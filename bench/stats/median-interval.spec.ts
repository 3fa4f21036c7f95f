import { medianInterval } from './median-interval.js';

describe('the interval of a median', () => {
  it('is the narrowest pair of order statistics that still holds 90 %: 1st–6th of 6, 2nd–9th of 10, 6th–15th of 20', () => {
    expect(medianInterval([0.06, 0.01, 0.05, 0.02, 0.04, 0.03])).toEqual({ low: 0.01, high: 0.06 });
    expect(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ low: 2, high: 9 });
    expect(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])).toEqual({
      low: 6,
      high: 15,
    });
  });

  it('narrows as rounds agree more', () => {
    const scattered = medianInterval([0.02, 0.09, 0.04, 0.12, 0.01, 0.07, 0.05, 0.1, 0.03, 0.08]);
    const close = medianInterval([0.05, 0.052, 0.049, 0.051, 0.048, 0.05, 0.053, 0.047, 0.05, 0.051]);
    expect(close!.high - close!.low).toBeLessThan((scattered!.high - scattered!.low) / 4);
  });

  it('concludes nothing from fewer than 5 rounds, which cannot hold 90 %', () => {
    expect(medianInterval([0.04, 0.05, 0.06, 0.07])).toBeUndefined();
    expect(medianInterval([0.04, 0.05, 0.06, 0.07, 0.08])).toEqual({ low: 0.04, high: 0.08 });
  });
});
