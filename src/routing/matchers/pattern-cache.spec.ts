import { PatternCache } from './pattern-cache.js';
import { PatternSyntaxError, compileRe2 } from './re2-pattern.js';

function countingCache(capacity: number): { cache: PatternCache; compiled: string[] } {
  const compiled: string[] = [];
  const cache = new PatternCache(capacity, (pattern) => {
    compiled.push(pattern);
    return compileRe2(pattern);
  });
  return { cache, compiled };
}

describe('PatternCache', () => {
  it('returns a working compiled pattern', () => {
    expect(new PatternCache().get('b.g').matcher('a BIG bag').find()).toBe(true);
  });

  it('evicts the least recently used pattern once full', () => {
    const { cache, compiled } = countingCache(2);
    cache.get('a');
    cache.get('b');
    cache.get('a');
    cache.get('c'); // evicts b, the least recently used
    cache.get('a');
    cache.get('b');
    expect(compiled).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.size).toBe(2);
  });

  it('remembers refusals, throwing the same reason without compiling again', () => {
    const { cache, compiled } = countingCache(4);
    expect(() => cache.get('(a)\\1')).toThrow(PatternSyntaxError);
    expect(() => cache.get('(a)\\1')).toThrow(/invalid escape/);
    expect(compiled).toEqual(['(a)\\1']);
  });
});
