import { ManualClock } from '../../test/factories/manual-clock.js';
import type { BalanceTarget } from './balancer.types.js';
import { LatencyBalancer } from './latency.balancer.js';
import { LatencyTracker } from './latency.tracker.js';

const t = (key: string, weight = 1): BalanceTarget => ({ key, weight });
const keys = (targets: BalanceTarget[]) => targets.map((x) => x.key);

describe('LatencyBalancer', () => {
  let clock: ManualClock;
  let tracker: LatencyTracker;
  let balancer: LatencyBalancer;

  beforeEach(() => {
    clock = new ManualClock();
    tracker = new LatencyTracker(clock, { alpha: 0.3, staleAfterMs: 60_000 });
    balancer = new LatencyBalancer(tracker);
  });

  it('puts the lowest average time to first byte first', () => {
    tracker.observe('a', 300);
    tracker.observe('b', 100);
    tracker.observe('c', 200);
    expect(keys(balancer.order([t('a'), t('b'), t('c')]))).toEqual(['b', 'c', 'a']);
  });

  it('averages readings with weight 0.3 on the newest, so one fast reading does not erase a slow history', () => {
    tracker.observe('a', 100);
    tracker.observe('a', 200); // 0.3·200 + 0.7·100 = 130
    tracker.observe('b', 125);
    tracker.observe('c', 135);
    expect(keys(balancer.order([t('a'), t('b'), t('c')]))).toEqual(['b', 'a', 'c']);
  });

  it('tries unmeasured targets first, heaviest first, so that they get measured', () => {
    tracker.observe('fast', 10);
    expect(keys(balancer.order([t('fast', 5), t('new1', 1), t('new2', 3)]))).toEqual(['new2', 'new1', 'fast']);
  });

  it('breaks equal averages by weight, then key', () => {
    for (const key of ['a', 'b', 'c']) tracker.observe(key, 50);
    expect(keys(balancer.order([t('c', 1), t('b', 1), t('a', 2)]))).toEqual(['a', 'b', 'c']);
  });

  it('forgets a stale reading so that a once-slow target is measured again', () => {
    tracker.observe('slow', 900);
    clock.advance(30_000);
    tracker.observe('fast', 10);
    expect(keys(balancer.order([t('fast'), t('slow')]))).toEqual(['fast', 'slow']);
    clock.advance(30_001);
    expect(keys(balancer.order([t('fast'), t('slow')]))).toEqual(['slow', 'fast']);
    tracker.observe('slow', 20); // a fresh start, not blended with the stale 900
    expect(keys(balancer.order([t('fast'), t('slow')]))).toEqual(['fast', 'slow']);
  });

  it('leaves drained targets out', () => {
    expect(balancer.order([t('a', 0)])).toEqual([]);
  });
});
