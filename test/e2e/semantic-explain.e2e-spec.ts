import { phrasedRoutes } from '../factories/phrased-routes.js';
import { richRoutes } from '../factories/rich-routes.js';
import { startGateway, type RunningGateway } from '../support/gateway-process.js';
import { postRaw } from '../support/requests.js';

/**
 * Semantic routes at their defaults: no threshold in the config, each route calibrated from its own
 * utterances; `/api/route/explain` shows the nearest route, its score, the threshold and the runner-up.
 */

const T = 20_000;

const CONFIG = {
  providers: { mock: { type: 'mock' } },
  models: ['coder', 'translator', 'fallback'].map((name) => ({ name, provider: 'mock', upstream_model: name })),
  routing: {
    default: ['fallback'],
    semantic: {
      encoder: 'local',
      routes: [
        {
          name: 'code',
          models: ['coder'],
          utterances: [
            'write a python function that sorts a list',
            'why does this javascript function throw an error',
            'refactor this typescript class',
            '写一个排序函数',
            '这段代码为什么报错',
          ],
        },
        {
          name: 'translation',
          models: ['translator'],
          utterances: [
            'translate this sentence into french',
            'how do you say good morning in german',
            'translate this paragraph into english',
            '请把这句话翻译成英文',
            '翻译成中文：hello world',
          ],
        },
      ],
    },
  },
};

interface Explained {
  model: string;
  _route: { reason: string; route?: string; semantic?: Record<string, unknown> };
}

async function explainOn(gateway: RunningGateway, text: string): Promise<Explained> {
  const res = await postRaw(
    gateway.url,
    '/api/route/explain',
    JSON.stringify({ messages: [{ role: 'user', content: text }] }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Explained;
}

describe('semantic routing at its defaults', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ config: CONFIG });
  }, T);
  afterAll(() => gateway?.stop(), T);

  const explain = (text: string) => explainOn(gateway, text);

  it(
    'routes a prompt like a route’s examples there, showing score, calibrated threshold and runner-up',
    async () => {
      const out = await explain('write a python function that reverses a list');
      expect(out.model).toBe('coder');
      await gateway.waitForLog('semantic route thresholds: code');
      expect(out._route).toMatchObject({ reason: 'semantic', route: 'code' });
      expect(out._route.semantic).toMatchObject({
        route: 'code',
        thresholdSource: 'calibrated',
        measuredOn: 'content',
        runnerUp: { route: 'translation' },
      });
      const { score, threshold } = out._route.semantic as { score: number; threshold: number };
      expect(score).toBeGreaterThanOrEqual(threshold);
    },
    T,
  );

  it(
    'answers GET /api/route/explain?text= as it answers the same message posted, and logs the path without the text',
    async () => {
      const text = 'write a python function that merges two sorted lists';
      const res = await fetch(`${gateway.url}/api/route/explain?text=${encodeURIComponent(text)}`);
      expect(res.status).toBe(200);
      const got = (await res.json()) as Explained;
      expect(got).toEqual(await explain(text));
      expect(got._route.semantic).toMatchObject({ route: 'code', thresholdSource: 'calibrated', runnerUp: {} });
      await gateway.waitForLog('"url":"/api/route/explain"');
      expect(gateway.logs()).not.toContain('merges');
    },
    T,
  );

  it(
    'refuses GET /api/route/explain without a text, as a request without a message',
    async () => {
      const res = await fetch(`${gateway.url}/api/route/explain`);
      expect(res.status).toBe(400);
    },
    T,
  );

  it(
    'sends a prompt like none of them to the default route, still saying which route came nearest',
    async () => {
      const out = await explain('qqq zzz xyzzy');
      expect(out.model).toBe('fallback');
      expect(out._route.reason).toBe('default');
      const seen = out._route.semantic as {
        score: number;
        threshold: number;
        similarity: number;
        similarityFloor: number;
      };
      // Below the threshold or the floor, or sharing nothing at all with a route whose floor is 0.
      const below = seen.score < seen.threshold || seen.similarity < seen.similarityFloor;
      expect(below || (seen.similarity === 0 && seen.similarityFloor === 0)).toBe(true);
    },
    T,
  );
});

/** Routes whose examples share their phrasing ("can you …", "could you …") besides their subject. */
const PHRASED = {
  ...CONFIG,
  routing: {
    default: ['fallback'],
    semantic: {
      encoder: 'local',
      routes: phrasedRoutes({ code: 'coder', translation: 'translator' }),
    },
  },
};
const WEATHER = 'can you tell me the weather in this city';

const DOG = 'can you explain why my dog barks at night';

interface BackgroundSeen {
  similarity: number;
  routeSimilarity: number;
  margin: number;
  closer: boolean;
  classifier: { score: number; routeScore: number; margin: number };
}

/** The route header of a routed chat answer for `text`. */
async function routeHeaderFor(gateway: RunningGateway, text: string): Promise<string | null> {
  const body = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: text }] });
  const res = await postRaw(gateway.url, '/v1/chat/completions', body);
  expect(res.status).toBe(200);
  return res.headers.get('x-switchyard-route');
}

describe('the content gate and the background of semantic routing, on by default', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ config: PHRASED });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it(
    'sends a prompt close to a route only through its phrasing to the default route',
    async () => {
      const out = await explainOn(gateway, WEATHER);
      expect(out.model).toBe('fallback');
      expect(out._route).toMatchObject({ reason: 'default', semantic: { route: 'code', measuredOn: 'content' } });
    },
    T,
  );

  it(
    'says in the route header that the gate decided on a routed answer',
    async () => {
      expect(await routeHeaderFor(gateway, 'can you write a python function that sorts this list')).toBe(
        'semantic;code;gate=content',
      );
    },
    T,
  );

  it(
    'sends a prompt closer to everyday requests than to its nearest route to the default route, and says why',
    async () => {
      const out = await explainOn(gateway, DOG);
      expect(out.model).toBe('fallback');
      expect(out._route).toMatchObject({
        reason: 'default',
        semantic: { route: 'code', background: { closer: true } },
      });
    },
    T,
  );

  it(
    'names the background in the route header of the answer',
    async () => {
      expect(await routeHeaderFor(gateway, DOG)).toBe('default;gate=content;background');
    },
    T,
  );
});

/** Routes with enough examples (20 each) for the route classifier to learn the background as a class. */
const RICH = {
  ...CONFIG,
  routing: {
    default: ['fallback'],
    semantic: { encoder: 'local', routes: richRoutes({ code: 'coder', translation: 'translator' }) },
  },
};

describe('the background learnt by the route classifier, for routes of 20 examples', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ config: RICH });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it(
    'shows the route classifier turning away a prompt it scores as an everyday request, with both scores and its margin',
    async () => {
      const out = await explainOn(gateway, DOG);
      expect(out.model).toBe('fallback');
      expect(out._route).toMatchObject({
        reason: 'default',
        semantic: { route: 'code', rankedBy: 'classifier', background: { closer: true, classifier: { margin: 0.3 } } },
      });
      const seen = out._route.semantic?.background as BackgroundSeen;
      // Not turned away by similarity: it is not closer to the everyday requests than to the code examples by the margin.
      expect(seen.similarity).toBeLessThanOrEqual(seen.routeSimilarity + seen.margin);
      expect(seen.classifier.score).toBeGreaterThan(seen.classifier.routeScore + seen.classifier.margin);
    },
    T,
  );

  it(
    'routes a prompt for a route as before',
    async () => {
      const out = await explainOn(gateway, 'write a function that merges two sorted lists');
      expect(out._route).toMatchObject({ reason: 'semantic', route: 'code', semantic: { rankedBy: 'classifier' } });
    },
    T,
  );
});

describe('the content gate and the background of semantic routing, off in the config', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    const semantic = { ...PHRASED.routing.semantic, content_gate: false, background: false };
    gateway = await startGateway({ config: { ...PHRASED, routing: { ...PHRASED.routing, semantic } } });
  }, T);
  afterAll(() => gateway?.stop(), T);

  it(
    'routes on the ranking score alone, as before',
    async () => {
      const out = await explainOn(gateway, WEATHER);
      expect(out.model).toBe('coder');
      expect(out._route).toMatchObject({
        reason: 'semantic',
        route: 'code',
        semantic: { thresholdSource: 'calibrated' },
      });
      expect(out._route.semantic).not.toHaveProperty('measuredOn');
      expect(out._route.semantic).not.toHaveProperty('background');
    },
    T,
  );

  it(
    'still ranks the routes with the classifier, which the explanation says',
    async () => {
      const out = await explainOn(gateway, 'could you fix this sql query for me');
      expect(out._route).toMatchObject({
        route: 'code',
        semantic: { rankedBy: 'classifier', runnerUp: { route: 'translation' } },
      });
    },
    T,
  );
});
