import { GatewayError } from '#src/core/gateway-error.js';
import type { RequestRoutingRule } from '#src/core/chat.types.js';
import { PatternCache } from './pattern-cache.js';
import { compileRequestRules } from './request-rules.js';

function refusal(rules: RequestRoutingRule[]): GatewayError {
  try {
    compileRequestRules(rules, new PatternCache(8));
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('the rules were accepted');
}

describe('compileRequestRules', () => {
  it('compiles rules naming one model or a pool, in order', () => {
    const matcher = compileRequestRules([
      { pattern: 'sql', model: 'gpt-4o' },
      { pattern: '代码', models: ['cursor', 'llama3'] },
    ]);
    expect(matcher?.match('写点代码')).toEqual({ index: 1, pattern: '代码', models: ['cursor', 'llama3'] });
    expect(matcher?.match('SQL join')?.models).toEqual(['gpt-4o']);
  });

  it('returns undefined when the request has no rules', () => {
    expect(compileRequestRules(undefined)).toBeUndefined();
    expect(compileRequestRules([])).toBeUndefined();
  });

  it('answers 400 naming routing_rules[0].pattern for a backreference', () => {
    const error = refusal([{ pattern: '(a)\\1', model: 'm' }]);
    expect(error.status).toBe(400);
    expect(error.kind).toBe('invalid_request');
    expect(error.param).toBe('routing_rules[0].pattern');
    expect(error.message).toMatch(/\\1/);
  });

  it('names the index of the bad rule among good ones', () => {
    expect(
      refusal([
        { pattern: 'ok', model: 'm' },
        { pattern: '(?=look)', model: 'm' },
      ]).param,
    ).toBe('routing_rules[1].pattern');
  });

  it('answers 400 naming routing_rules for 17 rules', () => {
    const rules = Array.from({ length: 17 }, (_, i) => ({ pattern: `p${i}`, model: 'm' }));
    const error = refusal(rules);
    expect(error.status).toBe(400);
    expect(error.param).toBe('routing_rules');
    expect(compileRequestRules(rules.slice(0, 16))?.size).toBe(16);
  });

  it('answers 400 for a 513-character pattern and accepts 512', () => {
    const error = refusal([{ pattern: 'a'.repeat(513), model: 'm' }]);
    expect(error.status).toBe(400);
    expect(error.param).toBe('routing_rules[0].pattern');
    expect(compileRequestRules([{ pattern: 'a'.repeat(512), model: 'm' }])?.match('a'.repeat(600))?.index).toBe(0);
  });

  it('answers 400 for a rule with no model', () => {
    expect(refusal([{ pattern: 'x' }]).param).toBe('routing_rules[0].model');
    expect(refusal([{ pattern: 'x', models: [] }]).param).toBe('routing_rules[0].model');
  });

  it('answers 400 for an empty pattern', () => {
    expect(refusal([{ pattern: '', model: 'm' }]).param).toBe('routing_rules[0].pattern');
  });

  it('compiles a repeated pattern once', () => {
    let compiled = 0;
    const cache = new PatternCache(4, () => {
      compiled++;
      return new PatternCache(1).get('code');
    });
    compileRequestRules([{ pattern: 'code', model: 'm' }], cache);
    compileRequestRules([{ pattern: 'code', model: 'm' }], cache);
    expect(compiled).toBe(1);
  });
});
