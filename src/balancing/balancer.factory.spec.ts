import { systemRandom } from '#src/core/clock.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { createBalancer } from './balancer.factory.js';
import { InFlightTracker } from './in-flight.tracker.js';
import { LatencyTracker } from './latency.tracker.js';

const targets = [
  { key: 'a', weight: 3 },
  { key: 'b', weight: 1 },
];
const firsts = (order: (x: typeof targets) => { key: string }[], n: number) =>
  Array.from({ length: n }, () => order(targets)[0].key);

describe('createBalancer', () => {
  const clock = new ManualClock();
  const deps = { clock, random: systemRandom };

  it('builds the smooth weighted balancer for "weighted"', () => {
    const balancer = createBalancer('weighted', deps);
    expect(firsts((x) => balancer.order(x), 4)).toEqual(['a', 'a', 'b', 'a']);
  });

  it('builds a rotation for "round_robin"', () => {
    const balancer = createBalancer('round_robin', deps);
    expect(firsts((x) => balancer.order(x), 4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('reads the shared in-flight counts for "least_busy"', () => {
    const inFlight = new InFlightTracker();
    const balancer = createBalancer('least_busy', { ...deps, inFlight });
    inFlight.acquire('a');
    expect(balancer.order(targets)[0].key).toBe('b');
  });

  it('reads the shared latency readings for "latency"', () => {
    const latency = new LatencyTracker(clock);
    const balancer = createBalancer('latency', { ...deps, latency });
    latency.observe('a', 500);
    latency.observe('b', 50);
    expect(balancer.order(targets)[0].key).toBe('b');
  });

  it.each(['weighted', 'round_robin', 'least_busy', 'latency'] as const)(
    'has "%s" hand back the very targets it was given, drained ones left out, one alone included',
    (strategy) => {
      const balancer = createBalancer(strategy, deps);
      const given = [
        { key: 'x/0', weight: 2, provider: 'p' },
        { key: 'x/1', weight: 0, provider: 'q' },
        { key: 'x/2', weight: 1, provider: 'r' },
      ];
      const ordered = balancer.order(given);
      expect(ordered).toHaveLength(2);
      for (const target of ordered) expect(given).toContain(target);
      expect(ordered.map((t) => t.provider).sort()).toEqual(['p', 'r']);
      const alone = [given[2]];
      expect(balancer.order(alone)[0]).toBe(given[2]);
    },
  );
});
