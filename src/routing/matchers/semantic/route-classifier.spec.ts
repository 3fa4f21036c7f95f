import { PHRASED_UTTERANCES, phrasedRoutes } from '../../../../test/factories/phrased-routes.js';
import { createLocalSemanticRouter } from './local-semantic-router.js';
import { LocalEncoder } from './local-encoder.js';
import { DEFAULT_ROUTE_CLASSIFIER, RouteClassifier, gramOf, solveSymmetric } from './route-classifier.js';
import { RouteScorer } from './route-scorer.js';
import { DEFAULT_ROUTE_SCORING } from './route-scoring.js';

describe('solveSymmetric', () => {
  it('solves a symmetric positive definite system for every column at once', () => {
    const a = [4, 2, 0, 2, 5, 1, 0, 1, 3];
    const b = [2, 1, 3, 0, 4, -1];
    const x = solveSymmetric(Float64Array.from(a), 3, Float64Array.from(b), 2);
    // A times each column of X gives back that column of B.
    for (let row = 0; row < 3; row++) {
      for (let column = 0; column < 2; column++) {
        let product = 0;
        for (let k = 0; k < 3; k++) product += a[row * 3 + k] * x[k * 2 + column];
        expect(product).toBeCloseTo(b[row * 2 + column], 12);
      }
    }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => solveSymmetric(Float64Array.from([1, 2, 2, 1]), 2, Float64Array.from([1, 1]), 1)).toThrow(
      /not positive definite/,
    );
  });
});

describe('RouteClassifier', () => {
  const utterances = [...PHRASED_UTTERANCES.code, ...PHRASED_UTTERANCES.translation];
  const sizes = [PHRASED_UTTERANCES.code.length, PHRASED_UTTERANCES.translation.length];
  const encoder = LocalEncoder.fit(utterances);
  const vectors = encoder.encodeSync(utterances);
  const scorer = new RouteScorer(vectors, sizes, DEFAULT_ROUTE_SCORING);
  const gram = () => gramOf(vectors);
  const scoresOf = (classifier: RouteClassifier | undefined, text: string) =>
    classifier?.scores(scorer.scores(encoder.encodeSync([text])[0]).dots);

  it('puts every utterance it was trained on in its own route', () => {
    const classifier = RouteClassifier.fit(gram(), sizes);
    const routeOf = (text: string) => {
      const [code, translation] = scoresOf(classifier, text) ?? [];
      return code > translation ? 'code' : 'translation';
    };
    expect(PHRASED_UTTERANCES.code.map(routeOf)).toEqual(PHRASED_UTTERANCES.code.map(() => 'code'));
    expect(PHRASED_UTTERANCES.translation.map(routeOf)).toEqual(
      PHRASED_UTTERANCES.translation.map(() => 'translation'),
    );
  });

  it('gives the same scores every time it is trained on the same utterances', () => {
    const text = 'could you fix this sql query for me';
    expect(scoresOf(RouteClassifier.fit(gram(), sizes), text)).toEqual(
      scoresOf(RouteClassifier.fit(gram(), sizes), text),
    );
  });

  it('is not trained above its utterance limit, nor on a matrix of the wrong size', () => {
    expect(RouteClassifier.fit(gram(), sizes, { ...DEFAULT_ROUTE_CLASSIFIER, maxUtterances: 9 })).toBeUndefined();
    expect(() => RouteClassifier.fit(gram().subarray(1), sizes)).toThrow(/10×10/);
  });
});

describe('a semantic router ranking routes with its classifier', () => {
  const routes = phrasedRoutes({ code: 'coder', translation: 'polyglot' });
  // Phrased like the translation examples ("could you … for me"), about code ("fix this sql query").
  const prompt = 'could you fix this sql query for me';

  it('picks the route whose distinctive words the prompt has, where similarity follows the phrasing', () => {
    expect(createLocalSemanticRouter({ routes, threshold: 0, classifier: true }).matchSync(prompt)?.route).toBe('code');
    expect(createLocalSemanticRouter({ routes, threshold: 0, classifier: false }).matchSync(prompt)?.route).toBe(
      'translation',
    );
  });

  it('keeps what scores mean: the route’s own score and threshold, the runner-up measured the same way', async () => {
    const router = createLocalSemanticRouter({ routes, classifier: true });
    const ranked = await router.nearestTo(prompt);
    const plain = await createLocalSemanticRouter({ routes, classifier: false }).nearestTo(prompt);
    expect(ranked?.route).toBe('code');
    expect(plain?.route).toBe('translation');
    // The same two routes on the same measure: only their order differs.
    expect(ranked?.score).toBe(plain?.runnerUp?.score);
    expect(ranked?.runnerUp).toEqual({ route: 'translation', score: plain?.score });
    expect(ranked?.threshold).toBe(router.routeThresholds().find((t) => t.route === 'code')?.value);
  });

  it('routes a single route as before', () => {
    const one = [routes[0]];
    const text = 'can you fix the bug in this python function';
    const withClassifier = createLocalSemanticRouter({ routes: one, threshold: 0, classifier: true }).matchSync(text);
    expect(withClassifier).toEqual(
      createLocalSemanticRouter({ routes: one, threshold: 0, classifier: false }).matchSync(text),
    );
  });
});
