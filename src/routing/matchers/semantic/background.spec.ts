import { PHRASED_UTTERANCES, phrasedRoutes } from '../../../../test/factories/phrased-routes.js';
import { richRoutes } from '../../../../test/factories/rich-routes.js';
import { BUILT_IN_BACKGROUND } from './background.js';
import { createLocalSemanticRouter } from './local-semantic-router.js';
import { passes } from './semantic-router.js';

const routes = phrasedRoutes({ code: 'coder', translation: 'polyglot' });

/** A route a user might configure for everyday talk: greetings, jokes, how the day went. */
const smallTalk = {
  name: 'smalltalk',
  models: ['chatty'],
  utterances: [
    'hi, how are you today',
    'good morning! how was your weekend',
    'tell me a joke to cheer me up',
    'what is the weather like today',
    'thanks, talk to you later',
  ],
};

describe('the built-in background of everyday requests', () => {
  const withBackground = createLocalSemanticRouter({ routes });
  const without = createLocalSemanticRouter({ routes, background: false });

  it('sends a prompt that shares a route’s phrasing but is closer to everyday requests to the default route', () => {
    const prompt = 'can you explain why my dog barks at night';
    expect(without.matchSync(prompt)?.route).toBe('code');
    expect(withBackground.matchSync(prompt)).toBeUndefined();
  });

  it('says so in what it reports: the background was closer than the route', async () => {
    const seen = await withBackground.nearestTo('can you explain why my dog barks at night');
    expect(seen?.route).toBe('code');
    expect(seen?.score).toBeGreaterThanOrEqual(seen?.threshold ?? Infinity);
    expect(seen?.background?.similarity).toBeGreaterThan(
      (seen?.background?.routeSimilarity ?? Infinity) + (seen?.background?.margin ?? 0),
    );
    expect(seen && passes(seen)).toBe(false);
  });

  it('keeps the prompts a route was made for', () => {
    expect(withBackground.matchSync('can you fix the bug in this javascript function')?.route).toBe('code');
    expect(withBackground.matchSync('could you translate this menu into french')?.route).toBe('translation');
    for (const [route, utterances] of Object.entries(PHRASED_UTTERANCES)) {
      for (const utterance of utterances) expect(withBackground.matchSync(utterance)?.route).toBe(route);
    }
  });

  it('leaves a configured route of everyday talk its prompts', () => {
    const router = createLocalSemanticRouter({ routes: [...routes, smallTalk] });
    expect(router.matchSync('good morning, how are you doing')?.route).toBe('smalltalk');
    expect(router.matchSync('can you tell me a joke')?.route).toBe('smalltalk');
    for (const utterance of smallTalk.utterances) expect(router.matchSync(utterance)?.route).toBe('smalltalk');
  });

  it('is off for routes with a configured threshold, and when switched off', async () => {
    const configured = createLocalSemanticRouter({ routes, threshold: 0.05 });
    expect((await configured.nearestTo('can you explain why my dog barks at night'))?.background).toBeUndefined();
    expect((await without.nearestTo('can you explain why my dog barks at night'))?.background).toBeUndefined();
  });

  it('is learnt by the route classifier as a class of its own, which turns away what it scores as everyday', async () => {
    const rich = richRoutes({ code: 'coder', translation: 'polyglot' });
    const learnt = createLocalSemanticRouter({ routes: rich });
    const similarityOnly = createLocalSemanticRouter({ routes: rich, classifier: false });
    const prompt = 'can you explain why my dog barks at night';
    expect(learnt.matchSync(prompt)).toBeUndefined();
    const reading = (await learnt.nearestTo(prompt))?.background;
    // Not closer to the background texts than to its route by the margin, but the classifier ranks the background well above it.
    expect(reading?.similarity).toBeLessThanOrEqual((reading?.routeSimilarity ?? -Infinity) + (reading?.margin ?? 0));
    expect(reading?.classifier?.score).toBeGreaterThan(
      (reading?.classifier?.routeScore ?? Infinity) + (reading?.classifier?.margin ?? 0),
    );
    expect((await similarityOnly.nearestTo(prompt))?.background).not.toHaveProperty('classifier');
    expect(learnt.matchSync('write a function that merges two sorted lists')?.route).toBe('code');
  });

  it('is not learnt as a class when a route has too few examples to hold its own against it', async () => {
    // Five examples a route: a class of some 200 everyday requests would take most of their prompts.
    const prompt = 'can you write a shopping list for the party';
    expect((await withBackground.nearestTo(prompt))?.background).not.toHaveProperty('classifier');
    expect(withBackground.matchSync(prompt)?.route).toBe('code');
    expect(withBackground.matchSync('could you fix this sql query for me')?.route).toBe('code');
  });

  it('holds everyday requests in English and in Chinese', () => {
    expect(BUILT_IN_BACKGROUND.length).toBeGreaterThan(200);
    expect(BUILT_IN_BACKGROUND.some((text) => /[\u4e00-\u9fff]/.test(text))).toBe(true);
    expect(BUILT_IN_BACKGROUND.some((text) => /^[\x20-\x7e]+$/.test(text))).toBe(true);
  });
});
