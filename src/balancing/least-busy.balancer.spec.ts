import type { BalanceTarget } from './balancer.types.js';
import { InFlightTracker } from './in-flight.tracker.js';
import { LeastBusyBalancer } from './least-busy.balancer.js';

const t = (key: string, weight = 1): BalanceTarget => ({ key, weight });
const keys = (targets: BalanceTarget[]) => targets.map((x) => x.key);

describe('LeastBusyBalancer', () => {
  const targets = [t('b', 1), t('c', 1), t('a', 2), t('z', 0)];

  it('orders idle targets heaviest first, then by key, leaving drained ones out', () => {
    expect(keys(new LeastBusyBalancer(new InFlightTracker()).order(targets))).toEqual(['a', 'b', 'c']);
  });

  it('puts the targets with the fewest calls in flight first', () => {
    const tracker = new InFlightTracker();
    const balancer = new LeastBusyBalancer(tracker);
    tracker.acquire('a');
    tracker.acquire('b');
    tracker.acquire('b');
    expect(keys(balancer.order(targets))).toEqual(['c', 'a', 'b']);
  });

  it('moves a target forward again when its calls finish', () => {
    const tracker = new InFlightTracker();
    const balancer = new LeastBusyBalancer(tracker);
    const done = tracker.acquire('a');
    tracker.acquire('c');
    expect(keys(balancer.order(targets))).toEqual(['b', 'a', 'c']);
    done();
    tracker.release('c');
    expect(keys(balancer.order(targets))).toEqual(['a', 'b', 'c']);
  });

  it('reads the counts a shared tracker records', () => {
    const tracker = new InFlightTracker();
    const balancer = new LeastBusyBalancer(tracker);
    tracker.acquire('a');
    expect(keys(balancer.order(targets))[0]).toBe('b');
  });
});

describe('InFlightTracker', () => {
  it('counts a call out once, however often its release function is called', () => {
    const tracker = new InFlightTracker();
    tracker.acquire('a');
    const done = tracker.acquire('a');
    done();
    done();
    expect(tracker.count('a')).toBe(1);
  });

  it('never counts below zero', () => {
    const tracker = new InFlightTracker();
    tracker.release('a');
    tracker.acquire('a');
    expect(tracker.count('a')).toBe(1);
  });
});
