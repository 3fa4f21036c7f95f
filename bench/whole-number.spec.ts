import { wholeNumber } from './whole-number.js';

describe('wholeNumber', () => {
  it('reads a count as typed', () => {
    expect(wholeNumber('12', '--rounds')).toBe(12);
  });

  it('takes 0 only where the option allows it', () => {
    expect(wholeNumber('0', '--warmup-ms', 0)).toBe(0);
    expect(() => wholeNumber('0', '--slices')).toThrow('--slices: expected a whole number of at least 1, got "0"');
  });

  it('refuses an empty value, a fraction and a word, naming the option', () => {
    expect(() => wholeNumber('', '--warmup-ms', 0)).toThrow('--warmup-ms: expected a whole number of at least 0');
    expect(() => wholeNumber('2.5', '--slices')).toThrow('--slices');
    expect(() => wholeNumber('four', '--concurrency')).toThrow('--concurrency');
  });
});
