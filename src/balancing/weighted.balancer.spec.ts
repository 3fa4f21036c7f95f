import type { BalanceTarget } from './balancer.types.js';
import { WeightedBalancer } from './weighted.balancer.js';

const t = (key: string, weight: number): BalanceTarget => ({ key, weight });

/** The first choice of `calls` consecutive calls. */
function picks(balancer: WeightedBalancer, targets: BalanceTarget[], calls: number): string[] {
  return Array.from({ length: calls }, () => balancer.order(targets)[0].key);
}

describe('WeightedBalancer', () => {
  it('gives weights 3:1 exactly three of every four picks, interleaved', () => {
    const targets = [t('a', 3), t('b', 1)];
    expect(picks(new WeightedBalancer(), targets, 8)).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
  });

  it('spreads weights 5:1:1 smoothly instead of sending five in a row to the first', () => {
    const targets = [t('a', 5), t('b', 1), t('c', 1)];
    expect(picks(new WeightedBalancer(), targets, 7)).toEqual(['a', 'a', 'b', 'a', 'c', 'a', 'a']);
  });

  it('keeps exact proportions over a long run', () => {
    const counts = picks(new WeightedBalancer(), [t('a', 5), t('b', 1), t('c', 1)], 700).reduce(
      (acc, key) => acc.set(key, (acc.get(key) ?? 0) + 1),
      new Map<string, number>(),
    );
    expect(Object.fromEntries(counts)).toEqual({ a: 500, b: 100, c: 100 });
  });

  it('returns the pick first and the rest by descending weight, as the failover order', () => {
    const balancer = new WeightedBalancer();
    const targets = [t('c', 1), t('a', 5), t('b', 1)];
    picks(balancer, targets, 2);
    expect(balancer.order(targets).map((x) => x.key)).toEqual(['b', 'a', 'c']);
  });

  it('does not depend on the order in which the caller lists the targets', () => {
    const forward = picks(new WeightedBalancer(), [t('a', 3), t('b', 1)], 4);
    const backward = picks(new WeightedBalancer(), [t('b', 1), t('a', 3)], 4);
    expect(backward).toEqual(forward);
  });

  it('uses an edited weight from the very next call', () => {
    const balancer = new WeightedBalancer();
    expect(picks(balancer, [t('a', 1), t('b', 1)], 2)).toEqual(['a', 'b']);
    expect(picks(balancer, [t('a', 3), t('b', 1)], 4)).toEqual(['a', 'a', 'b', 'a']);
    expect(picks(balancer, [t('a', 1), t('b', 0)], 3)).toEqual(['a', 'a', 'a']);
  });

  it('never returns a drained (weight 0) target, not even as a failover', () => {
    const balancer = new WeightedBalancer();
    const targets = [t('a', 3), t('b', 1), t('c', 0)];
    const orders = Array.from({ length: 4 }, () => balancer.order(targets).map((x) => x.key));
    expect(orders).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['b', 'a'],
      ['a', 'b'],
    ]);
  });

  it('returns nothing when every target is drained, rather than picking uniformly', () => {
    const balancer = new WeightedBalancer();
    expect(balancer.order([t('a', 0), t('b', 0)])).toEqual([]);
    expect(balancer.order([])).toEqual([]);
  });

  it('forgets the running state when a target disappears', () => {
    const balancer = new WeightedBalancer();
    expect(picks(balancer, [t('a', 1), t('b', 1), t('c', 1)], 1)).toEqual(['a']);
    // A pair that inherited a's deficit would start with b; a fresh pair starts with a.
    expect(picks(balancer, [t('a', 1), t('b', 1)], 2)).toEqual(['a', 'b']);
  });

  it('keeps separate sequences for separate target sets served by one balancer', () => {
    const balancer = new WeightedBalancer();
    const gpt = [t('gpt/0', 3), t('gpt/1', 1)];
    const claude = [t('claude/0', 1), t('claude/1', 1)];
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(balancer.order(gpt)[0].key);
      balancer.order(claude);
    }
    expect(seen).toEqual(['gpt/0', 'gpt/0', 'gpt/1', 'gpt/0']);
  });
});

describe('WeightedBalancer with extreme weights', () => {
  it('alternates between two targets at the largest finite weight', () => {
    const targets = [t('a', Number.MAX_VALUE), t('b', Number.MAX_VALUE)];
    expect(picks(new WeightedBalancer(), targets, 4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('balances 1:1 again at once after huge weights are set back to 1:1', () => {
    const balancer = new WeightedBalancer();
    picks(balancer, [t('a', 1.7e308), t('b', 1.7e308)], 3);
    expect(picks(balancer, [t('a', 1), t('b', 1)], 6).sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });

  it('balances 1:1 again at once after lopsided weights are set back to 1:1', () => {
    const balancer = new WeightedBalancer();
    picks(balancer, [t('a', 1_000_000), t('b', 1)], 5);
    expect(picks(balancer, [t('a', 1), t('b', 1)], 6).sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });

  it('keeps exact 3:1 proportions when the weights are scaled far up or far down', () => {
    for (const unit of [2 ** 1000, 1e300, 1e-300, Number.MIN_VALUE]) {
      const targets = [t('a', 3 * unit), t('b', unit)];
      expect(picks(new WeightedBalancer(), targets, 8)).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
    }
  });

  it('still lists a target far too light to be picked first as a failover', () => {
    const balancer = new WeightedBalancer();
    expect(balancer.order([t('a', Number.MAX_VALUE), t('b', Number.MIN_VALUE)]).map((x) => x.key)).toEqual(['a', 'b']);
  });
});
