import { RuleMatcher, RulePatternError } from './rule-matcher.js';

describe('RuleMatcher', () => {
  const matcher = RuleMatcher.compile([
    { pattern: '代码|code|bug', models: ['cursor'] },
    { pattern: '翻译|translate', models: ['gpt-4o', 'llama3'] },
    { pattern: '.', models: ['fallback'] },
  ]);

  it('matches Chinese and English alternatives, ignoring ASCII case', () => {
    expect(matcher.match('帮我看看这段代码')?.models).toEqual(['cursor']);
    expect(matcher.match('There is a BUG in my loop')?.models).toEqual(['cursor']);
    expect(matcher.match('Code review please')?.index).toBe(0);
  });

  it('lets the first matching rule win when several match', () => {
    expect(matcher.match('translate this code')).toEqual({
      index: 0,
      pattern: '代码|code|bug',
      models: ['cursor'],
    });
    expect(matcher.match('请翻译这句话')).toEqual({
      index: 1,
      pattern: '翻译|translate',
      models: ['gpt-4o', 'llama3'],
    });
  });

  it('returns undefined when no rule matches', () => {
    const only = RuleMatcher.compile([{ pattern: '^math$', models: ['m'] }]);
    expect(only.match('mathematics')).toBeUndefined();
    expect(only.match('')).toBeUndefined();
  });

  it('answers the catastrophic pattern (a+)+$ correctly on 30 a’s and a bang', () => {
    const evil = RuleMatcher.compile([{ pattern: '(a+)+$', models: ['x'] }]);
    expect(evil.match('a'.repeat(30) + '!')).toBeUndefined();
    expect(evil.match('a'.repeat(30))?.models).toEqual(['x']);
  });

  it('answers (x+x+)+y on a long string without the y', () => {
    const evil = RuleMatcher.compile([{ pattern: '(x+x+)+y', models: ['x'] }]);
    expect(evil.match('x'.repeat(5000))).toBeUndefined();
    expect(evil.match('x'.repeat(5000) + 'y')?.index).toBe(0);
  });

  it('refuses a backreference, naming the rule', () => {
    const attempt = (): RuleMatcher =>
      RuleMatcher.compile([
        { pattern: 'ok', models: ['a'] },
        { pattern: '(a)\\1', models: ['b'] },
      ]);
    expect(attempt).toThrow(RulePatternError);
    expect(attempt).toThrow(/rule 1: .*\\1/);
  });

  it('keeps its own copy of the models list', () => {
    const models = ['a'];
    const own = RuleMatcher.compile([{ pattern: 'x', models }]);
    models.push('b');
    own.match('x')?.models.push('c');
    expect(own.match('x')?.models).toEqual(['a']);
  });
});
