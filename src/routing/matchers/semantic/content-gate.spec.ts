import { phrasedRoutes } from '../../../../test/factories/phrased-routes.js';
import { ContentGate } from './content-gate.js';
import { createLocalSemanticRouter } from './local-semantic-router.js';
import { LocalEncoder } from './local-encoder.js';
import { DEFAULT_ROUTE_SCORING } from './route-scoring.js';
import { RouteScorer } from './route-scorer.js';

const routes = phrasedRoutes({ code: 'coder', translation: 'polyglot' });

describe('the content gate', () => {
  // Ranked by similarity, so the gate alone decides what the ranking would have taken.
  const plain = createLocalSemanticRouter({ routes, contentGate: false, classifier: false });
  const gated = createLocalSemanticRouter({ routes, classifier: false });

  it('routes a prompt that shares its subject with a route’s examples, as without the gate', () => {
    const prompt = 'can you write a python function that sorts this list';
    expect(gated.matchSync(prompt)?.route).toBe('code');
    expect(plain.matchSync(prompt)?.route).toBe('code');
  });

  it('sends a prompt close to a route only through its function words to the default route', () => {
    const prompt = 'can you tell me the weather in this city';
    expect(plain.matchSync(prompt)?.route).toBe('code');
    expect(gated.matchSync(prompt)).toBeUndefined();
  });

  it('reports the score, threshold and floor it compared, measured on content words', async () => {
    const seen = await gated.nearestTo('can you write a python function that sorts this list');
    expect(seen).toMatchObject({ route: 'code', thresholdSource: 'calibrated', measuredOn: 'content' });
    expect(seen?.score).toBeGreaterThanOrEqual(seen?.threshold ?? Infinity);
    expect(seen?.runnerUp?.route).toBe('translation');
    expect(gated.routeThresholds().every((t) => t.measuredOn === 'content' && t.floor !== undefined)).toBe(true);
  });

  it('scores a prompt exactly as a gate normalising it on its own would, though it reuses the router’s work', async () => {
    const alone = ContentGate.fit(
      routes.map((route) => route.utterances),
      {},
      DEFAULT_ROUTE_SCORING,
    );
    const prompts = [
      'can you write a python function that sorts this list',
      'can you tell me the weather in this city',
    ];
    for (const prompt of prompts) {
      const seen = await gated.nearestTo(prompt);
      const [own] = alone.read(prompt, [routes.findIndex((route) => route.name === seen?.route)]);
      expect(seen?.score).toBe(own.ranking);
      expect(seen?.similarity).toBe(own.similarity);
    }
  });

  it('is off when asked, calibrating on the ranking score as before', async () => {
    const seen = await plain.nearestTo('can you write a python function that sorts this list');
    expect(seen).toMatchObject({ route: 'code', thresholdSource: 'calibrated' });
    expect(seen?.measuredOn).toBeUndefined();
    expect(plain.routeThresholds().some((t) => t.measuredOn !== undefined)).toBe(false);
  });

  it('is not built when every route has a configured threshold', async () => {
    const configured = createLocalSemanticRouter({ routes, threshold: 0.05 });
    expect(configured.routeThresholds().map((t) => t.source)).toEqual(['configured', 'configured']);
    expect((await configured.nearestTo('can you write a python function'))?.measuredOn).toBeUndefined();
  });
});

describe('RouteScorer.scoresOf', () => {
  it('gives one route’s scores, the same as scoring every route', () => {
    const utterances = routes.flatMap((route) => route.utterances);
    const encoder = LocalEncoder.fit(utterances);
    const vectors = encoder.encodeSync(utterances);
    const scorer = new RouteScorer(vectors, [5, 5], DEFAULT_ROUTE_SCORING, { byRoute: true });
    const [query] = encoder.encodeSync(['translate this poem into italian']);
    const all = scorer.scores(query);
    for (const r of [0, 1]) {
      expect(scorer.scoresOf(query, r)).toEqual({ ranking: all.ranking[r], similarity: all.similarity[r] });
    }
  });

  it('refuses when the scorer was not built to score one route at a time', () => {
    const encoder = LocalEncoder.fit(['a b c']);
    const scorer = new RouteScorer(encoder.encodeSync(['a b c']), [1], DEFAULT_ROUTE_SCORING);
    expect(() => scorer.scoresOf(encoder.encodeSync(['a'])[0], 0)).toThrow(/one route at a time/);
  });
});
