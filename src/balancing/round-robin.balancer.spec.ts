import type { BalanceTarget } from './balancer.types.js';
import { RoundRobinBalancer } from './round-robin.balancer.js';

const t = (key: string, weight = 1): BalanceTarget => ({ key, weight });
const keys = (targets: BalanceTarget[]) => targets.map((x) => x.key);

describe('RoundRobinBalancer', () => {
  it('starts each call one target further along, ignoring weights', () => {
    const balancer = new RoundRobinBalancer();
    const targets = [t('a', 9), t('b'), t('c')];
    expect(keys(balancer.order(targets))).toEqual(['a', 'b', 'c']);
    expect(keys(balancer.order(targets))).toEqual(['b', 'c', 'a']);
    expect(keys(balancer.order(targets))).toEqual(['c', 'a', 'b']);
    expect(keys(balancer.order(targets))).toEqual(['a', 'b', 'c']);
  });

  it('skips drained targets', () => {
    const balancer = new RoundRobinBalancer();
    const targets = [t('a'), t('b', 0), t('c')];
    const firsts = Array.from({ length: 4 }, () => balancer.order(targets)[0].key);
    expect(firsts).toEqual(['a', 'c', 'a', 'c']);
    expect(keys(balancer.order(targets))).toEqual(['a', 'c']);
  });

  it('returns nothing when every target is drained', () => {
    expect(new RoundRobinBalancer().order([t('a', 0)])).toEqual([]);
  });
});
