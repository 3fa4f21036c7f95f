import { overheadOf, pairedRatio, verdictOf, type Cycle } from './keys-overhead.report.js';

/** Turns of 200 requests each, at the given CPU µs per request. */
const turns = (...perRequest: number[]): Cycle[] => perRequest.map((p) => ({ requests: 200, micros: p * 200 }));

describe('a round’s ratio of a keyed gateway to keys off', () => {
  it('compares each turn with keys off’s turn in the same cycle', () => {
    expect(pairedRatio(turns(330, 440, 220), turns(300, 400, 200))).toBeCloseTo(1.1, 10);
  });

  it('is not moved by one turn in which keys off alone ran a burst of its own', () => {
    expect(pairedRatio(turns(330, 330, 330), turns(300, 300, 900))).toBeCloseTo(1.1, 10);
  });

  it('weighs each turn by its requests when it adds up a round', () => {
    const keyed = overheadOf(
      'every check',
      [
        [
          { requests: 100, micros: 33_000 },
          { requests: 300, micros: 99_000 },
        ],
      ],
      [
        [
          { requests: 100, micros: 30_000 },
          { requests: 300, micros: 90_000 },
        ],
      ],
    );
    expect(keyed.cpuPerRequest).toEqual([330]);
    expect(keyed.added).toBeCloseTo(0.1, 10);
    expect(keyed.addedByTotals).toBeCloseTo(0.1, 10);
  });
});

describe('the overhead over rounds', () => {
  it('is the median of the rounds’ ratios, minus one, with their spread', () => {
    const off = [turns(300), turns(300), turns(300)];
    const keyed = overheadOf('every check', [turns(303), turns(330), turns(600)], off);
    expect(keyed.added).toBeCloseTo(0.1, 10);
    expect(keyed.spread.min).toBeCloseTo(0.01, 10);
    expect(keyed.spread.max).toBeCloseTo(1, 10);
  });
});

describe('the verdict against the 5 % budget', () => {
  const off = Array.from({ length: 12 }, () => turns(400));
  const rounds = (...perRequest: number[]) => perRequest.map((p) => turns(p));

  it('passes only when the whole interval is within the budget', () => {
    const keyed = overheadOf('every check', rounds(408, 410, 412, 409, 411, 410, 408, 412, 410, 409, 411, 410), off);
    expect(keyed.interval?.high).toBeLessThanOrEqual(0.05);
    expect(verdictOf(keyed)).toBe('PASS');
  });

  it('fails when even the bottom of the interval is over it', () => {
    const keyed = overheadOf('every check', rounds(424, 426, 428, 425, 427, 426, 424, 428, 426, 425, 427, 426), off);
    expect(keyed.interval?.low).toBeGreaterThan(0.05);
    expect(verdictOf(keyed)).toBe('FAIL');
  });

  it('cannot tell from fewer than 5 rounds, however close they are', () => {
    const keyed = overheadOf('every check', rounds(400, 401, 400, 401), off.slice(0, 4));
    expect(keyed.interval).toBeUndefined();
    expect(verdictOf(keyed)).toBe('UNRESOLVED');
  });

  it('cannot tell when the rounds scatter across it', () => {
    const keyed = overheadOf('every check', rounds(380, 460, 400, 440, 390, 450, 410, 430, 370, 470, 420, 425), off);
    expect(keyed.interval?.low).toBeLessThan(0.05);
    expect(keyed.interval?.high).toBeGreaterThan(0.05);
    expect(verdictOf(keyed)).toBe('UNRESOLVED');
  });
});
