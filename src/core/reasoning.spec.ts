import { effortOf } from './reasoning.js';

describe('effortOf', () => {
  it('prefers the effort the client named', () => {
    expect(effortOf({ enabled: true, budgetTokens: 32000, effort: 'low' })).toBe('low');
  });

  it.each([
    [1024, 'low'],
    [4096, 'medium'],
    [10000, 'medium'],
    [16384, 'high'],
    [64000, 'high'],
  ])('reads a thinking budget of %i tokens as %s effort', (budgetTokens, effort) => {
    expect(effortOf({ enabled: true, budgetTokens })).toBe(effort);
  });

  it('says nothing when thinking is off or its strength is left to the model', () => {
    expect(effortOf({ enabled: false, effort: 'high' })).toBeUndefined();
    expect(effortOf({ enabled: true })).toBeUndefined();
    expect(effortOf(undefined)).toBeUndefined();
  });
});
