import { boundedMemo } from './bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each key once while the keys are few', () => {
    const computed: string[] = [];
    const upper = boundedMemo((key) => (computed.push(key), key.toUpperCase()), 10);

    expect(['a', 'b', 'a', 'b', 'a'].map(upper)).toEqual(['A', 'B', 'A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
  });

  it('keeps answering right past its bound, computing again what it let go', () => {
    const computed: string[] = [];
    const upper = boundedMemo((key) => (computed.push(key), key.toUpperCase()), 2);

    expect(['a', 'b', 'c', 'a'].map(upper)).toEqual(['A', 'B', 'C', 'A']);
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });

  it('remembers nothing for a key whose computation throws', () => {
    let calls = 0;
    const strict = boundedMemo((key) => {
      calls += 1;
      if (calls === 1) throw new URIError(key);
      return key;
    }, 10);

    expect(() => strict('x')).toThrow(URIError);
    expect(strict('x')).toBe('x');
  });
});
