import { calibratedThreshold, quantile } from './threshold-calibration.js';
import { createLocalSemanticRouter } from './local-semantic-router.js';
import { passes } from './semantic-router.js';

const scores = (...values: number[]) => Float64Array.from(values);

describe('calibratedThreshold', () => {
  it('sits just below the lowest held-out scores of the route', () => {
    const heldOut = { ranking: scores(0.3, 0.1, 0.2, 0.25), similarity: scores(0.4, 0.2, 0.3, 0.35) };
    const threshold = calibratedThreshold(heldOut, { quantile: 0, margin: 0.01, floorShare: 0.5, minUtterances: 3 });
    expect(threshold?.value).toBeCloseTo(0.09);
    expect(threshold?.floor).toBeCloseTo(0.1);
  });

  it('leaves a route with too few utterances uncalibrated', () => {
    expect(calibratedThreshold({ ranking: scores(0.3, 0.1), similarity: scores(0.3, 0.1) })).toBeUndefined();
  });

  it('interpolates quantiles between ranks', () => {
    expect(quantile(scores(4, 1, 3, 2), 0.5)).toBeCloseTo(2.5);
    expect(quantile(scores(4, 1, 3, 2), 0)).toBe(1);
  });
});

describe('passes', () => {
  const candidate = { route: 'code', models: [], threshold: -0.01, thresholdSource: 'calibrated' as const };

  it('turns away a text sharing nothing with the route even when the floor is 0', () => {
    expect(passes({ ...candidate, score: 0, similarity: 0, similarityFloor: 0 })).toBe(false);
    expect(passes({ ...candidate, score: 0, similarity: 0.001, similarityFloor: 0 })).toBe(true);
  });
});

describe('SemanticRouter without a configured threshold', () => {
  const router = createLocalSemanticRouter({
    fixedThreshold: 0.05,
    routes: [
      {
        name: 'code',
        models: ['coder'],
        utterances: [
          'write a python function',
          'fix this python function',
          'why does this function throw',
          'refactor this function',
        ],
      },
      {
        name: 'translation',
        models: ['polyglot'],
        utterances: [
          'translate this into french',
          'translate this sentence into german',
          'translate to english',
          'how do you translate this',
        ],
      },
      { name: 'tiny', models: ['small'], utterances: ['hello there'] },
    ],
  });

  it('calibrates every route with enough utterances and keeps the fixed threshold for the others', () => {
    expect(router.routeThresholds().map((t) => [t.route, t.source])).toEqual([
      ['code', 'calibrated'],
      ['translation', 'calibrated'],
      ['tiny', 'fixed'],
    ]);
  });

  it('routes a prompt like a route’s examples and sends one like none of them to the default', () => {
    expect(router.matchSync('write a python function that sorts')?.route).toBe('code');
    expect(router.matchSync('qqq zzz')).toBeUndefined();
  });
});
