import { phrasedRoutes } from '../../../../test/factories/phrased-routes.js';
import { richRoutes } from '../../../../test/factories/rich-routes.js';
import { EmbeddingEncoder } from './embedding-encoder.js';
import { createLocalSemanticRouter } from './local-semantic-router.js';
import { DEFAULT_ROUTE_CLASSIFIER } from './route-classifier.js';
import { DEFAULT_CALIBRATION } from './threshold-calibration.js';
import { isSyncEncoder } from './semantic-encoder.js';
import { type SemanticRoute, SemanticRouter } from './semantic-router.js';

const routes: SemanticRoute[] = [
  {
    name: 'code',
    models: ['cursor'],
    utterances: [
      'write a python function that sorts a list',
      'why does this javascript throw an error',
      '写一个排序函数',
      '这段代码为什么报错',
    ],
  },
  {
    name: 'translation',
    models: ['gpt-4o'],
    utterances: [
      'translate this sentence into french',
      'how do you say good morning in german',
      '请把这句话翻译成英文',
      '翻译成中文：hello',
    ],
  },
  {
    name: 'creative',
    models: ['claude'],
    utterances: [
      'write a poem about the sea',
      'tell me a story about a dragon',
      '写一首关于月亮的诗',
      '讲一个关于龙的故事',
    ],
    threshold: 0.99,
  },
];

describe('SemanticRouter on the built-in encoder', () => {
  const router = createLocalSemanticRouter({ routes, threshold: 0.05 });

  it('chooses the route whose utterances the text resembles', () => {
    expect(router.matchSync('write a python function that reverses a list')?.route).toBe('code');
    expect(router.matchSync('请把这段话翻译成法语')).toMatchObject({ route: 'translation', models: ['gpt-4o'] });
  });

  it('returns undefined when the best score is below the threshold', () => {
    expect(router.matchSync('qqq zzz')).toBeUndefined();
  });

  it('applies a route’s own threshold over the default', () => {
    const poem = '写一首关于大海的诗';
    const encoder = router.encoder;
    if (!isSyncEncoder(encoder)) throw new Error('the built-in encoder is synchronous');
    expect(router.nearest(encoder.encodeSync([poem])[0], poem)).toMatchObject({ route: 'creative', threshold: 0.99 });
    expect(router.matchSync(poem)).toBeUndefined();
  });

  it('reports a similarity score between 0 and 1 for a match', () => {
    const match = router.matchSync('why does this python code throw an error');
    expect(match?.score).toBeGreaterThan(0.05);
    expect(match?.score).toBeLessThanOrEqual(1);
  });

  it('refuses a route without utterances at start', () => {
    expect(() =>
      createLocalSemanticRouter({ routes: [{ name: 'empty', models: ['m'], utterances: [] }], threshold: 0 }),
    ).toThrow(/no utterances/);
  });
});

describe('SemanticRouter with a classifier', () => {
  const phrased = phrasedRoutes({ code: 'coder', translation: 'polyglot' });
  // Phrased like the translation examples, about code: similarity follows the phrasing.
  const prompt = 'could you fix this sql query for me';
  const routeOf = async (options: Omit<Parameters<typeof createLocalSemanticRouter>[0], 'routes'>) =>
    (await createLocalSemanticRouter({ routes: phrased, ...options }).nearestTo(prompt))?.route;

  it('ranks by what tells the routes apart, at a configured threshold and calibrated alike', async () => {
    expect(await routeOf({ threshold: 0, classifier: false })).toBe('translation');
    expect(await routeOf({ threshold: 0 })).toBe('code');
    expect(await routeOf({ classifier: false })).toBe('translation');
    expect(await routeOf({})).toBe('code');
  });

  it('with the background learnt, leaves calibrated thresholds the room of its own calibration margin', () => {
    const rich = richRoutes({ code: 'coder', translation: 'polyglot' });
    const thresholdsOf = (options: Omit<Parameters<typeof createLocalSemanticRouter>[0], 'routes'>) =>
      createLocalSemanticRouter({ routes: rich, ...options })
        .routeThresholds()
        .map((t) => t.value);
    const room = DEFAULT_ROUTE_CLASSIFIER.calibrationMargin - DEFAULT_CALIBRATION.margin;
    const bySimilarity = thresholdsOf({ classifier: false });
    thresholdsOf({}).forEach((value, r) => expect(value).toBeCloseTo(bySimilarity[r] - room, 12));
    expect(thresholdsOf({ background: false })).toEqual(bySimilarity);
  });

  it('keeps the usual calibration margin where the background class cannot be learnt', () => {
    const thresholdsOf = (routes: typeof phrased, options: { classifier?: false | { maxUtterances: number } }) =>
      createLocalSemanticRouter({ routes, ...options })
        .routeThresholds()
        .map((t) => t.value);
    const rich = richRoutes({ code: 'coder', translation: 'polyglot' });
    const usual = (routes: typeof phrased) => thresholdsOf(routes, { classifier: false });
    // Routes with enough examples learn it, and their thresholds take the wider margin.
    expect(thresholdsOf(rich, {})).not.toEqual(usual(rich));
    // One route: nothing to tell apart, so no classifier and no background class.
    expect(thresholdsOf(rich.slice(0, 1), {})).toEqual(usual(rich.slice(0, 1)));
    // The utterances fit under the limit, the built-in background with them does not.
    const limit = rich.reduce((n, route) => n + route.utterances.length, 0);
    expect(thresholdsOf(rich, { classifier: { maxUtterances: limit } })).toEqual(usual(rich));
    // Routes of five examples each: too few to learn the background against.
    expect(thresholdsOf(phrased, {})).toEqual(usual(phrased));
  });

  it('ranks by similarity when the routes have more utterances than it trains on', async () => {
    expect(await routeOf({ threshold: 0, classifier: { maxUtterances: 9 } })).toBe('translation');
    expect(await routeOf({ threshold: 0, classifier: { maxUtterances: 10 } })).toBe('code');
    expect(await routeOf({ classifier: { maxUtterances: 9 } })).toBe('translation');
  });
});

describe('SemanticRouter on an embedding model', () => {
  // A fake model: one axis per topic word, so the expected route is obvious.
  const axes = ['code', 'sea', 'french'];
  const embed = (texts: readonly string[]) =>
    Promise.resolve(texts.map((t) => axes.map((word) => (t.includes(word) ? 1 : 0.01))));

  it('encodes the utterances once at start and one text per request', async () => {
    const calls: number[] = [];
    const encoder = new EmbeddingEncoder('fake/embed', (texts) => {
      calls.push(texts.length);
      return embed(texts);
    });
    const router = await SemanticRouter.create({
      routes: [
        { name: 'code', models: ['cursor'], utterances: ['code a', 'code b'] },
        { name: 'creative', models: ['claude'], utterances: ['sea poem'] },
      ],
      threshold: 0.5,
      encoder,
    });
    expect(await router.match('more code')).toMatchObject({ route: 'code', models: ['cursor'] });
    expect(await router.match('the sea')).toMatchObject({ route: 'creative' });
    expect(await router.match('bonjour french')).toBeUndefined();
    expect(calls).toEqual([3, 1, 1, 1]);
  });

  it('cannot answer synchronously', async () => {
    const router = await SemanticRouter.create({
      routes: [{ name: 'code', models: ['m'], utterances: ['code'] }],
      threshold: 0,
      encoder: new EmbeddingEncoder('fake/embed', embed),
    });
    expect(() => router.matchSync('code')).toThrow(/asynchronous/);
  });
});
