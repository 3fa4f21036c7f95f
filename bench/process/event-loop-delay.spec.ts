import { gcSeconds } from './event-loop-delay.js';

const METRICS = [
  '# HELP switchyard_nodejs_gc_duration_seconds Garbage collection duration by kind.',
  '# TYPE switchyard_nodejs_gc_duration_seconds histogram',
  'switchyard_nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 3',
  'switchyard_nodejs_gc_duration_seconds_sum{kind="minor"} 0.25',
  'switchyard_nodejs_gc_duration_seconds_count{kind="minor"} 40',
  'switchyard_nodejs_gc_duration_seconds_sum{kind="major"} 0.125',
  'switchyard_nodejs_gc_duration_seconds_count{kind="major"} 2',
  'switchyard_nodejs_gc_duration_seconds_sum{kind="incremental"} 0.0625',
].join('\n');

describe('gateway GC time read from /metrics', () => {
  it('adds up the pause totals of every kind, leaving buckets and counts out', () => {
    expect(gcSeconds(METRICS)).toBeCloseTo(0.4375, 10);
  });

  it('is unknown when the gateway exports no GC histogram', () => {
    expect(gcSeconds('switchyard_nodejs_eventloop_lag_p99_seconds 0.01')).toBeUndefined();
  });
});
