import type { Measurement } from './measurement.types.js';
import { compareWithBaseline } from './build-comparison.js';
import type { RoundMeasurements } from './round-figures.js';

const measured = (target: Measurement['target'], cpu: number, p50: number, rps: number): Measurement => ({
  target,
  requests: 1_000,
  errors: 0,
  elapsedMs: 1_000,
  requestsPerSecond: rps,
  latency: { count: 1_000, p50, p90: p50, p99: p50, max: p50, mean: p50 },
  cpuMicrosPerRequest: cpu,
});

const round = (switchyardCpu: number, baselineCpu: number): RoundMeasurements => ({
  switchyard: measured('switchyard', switchyardCpu, 2, 3_000),
  baseline: measured('baseline', baselineCpu, 1, 4_000),
});

describe('a build against the baseline build', () => {
  it('takes each round’s ratio within the round, then their median', () => {
    const rounds = [round(220, 200), round(330, 300), round(440, 400), round(300, 200), round(110, 100)];
    const compared = compareWithBaseline(rounds, 'switchyard');
    expect(compared.cpuMicrosPerRequest.median).toBeCloseTo(1.1, 10);
    expect(compared.cpuMicrosPerRequest.max).toBeCloseTo(1.5, 10);
    expect(compared.p50.median).toBe(2);
    expect(compared.requestsPerSecond.median).toBe(0.75);
  });

  it('leaves out a round in which either side has no figure', () => {
    const rounds = [round(220, 200), { switchyard: measured('switchyard', 300, 1, 1) }];
    expect(compareWithBaseline(rounds, 'switchyard').cpuMicrosPerRequest.rounds).toBe(1);
  });

  it('gives no ratio for a round in which either side failed a request or broke a stream, and counts them', () => {
    const broken = { ...measured('baseline', 100, 1, 1), brokenStreams: 2 };
    const failing = { ...measured('switchyard', 100, 1, 1), errors: 3 };
    const rounds = [round(220, 200), { switchyard: measured('switchyard', 900, 1, 1), baseline: broken }];
    rounds.push({ switchyard: failing, baseline: measured('baseline', 10, 1, 1) });
    const compared = compareWithBaseline(rounds, 'switchyard');
    expect(compared.cpuMicrosPerRequest.rounds).toBe(1);
    expect(compared.cpuMicrosPerRequest.median).toBeCloseTo(1.1, 10);
    expect(compared.failures).toBe(5);
  });

  it('reads the control copy of the baseline build the same way', () => {
    const rounds = [{ control: measured('control', 210, 1, 1), baseline: measured('baseline', 200, 1, 1) }];
    expect(compareWithBaseline(rounds, 'control').cpuMicrosPerRequest.median).toBeCloseTo(1.05, 10);
  });
});
