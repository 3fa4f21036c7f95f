import { Logger } from '@nestjs/common';
import { jest } from '@jest/globals';
import { aRequest } from '../../../test/factories/gateway-config.factory.js';
import { phrasedRoutes } from '../../../test/factories/phrased-routes.js';
import type { Embedder, Embedders } from '../embedder.js';
import { buildSemanticStep } from './semantic.step.js';

/** A toy embedding model: one dimension per topic word, so "similar" means "shares the word". */
const TOPICS = ['code', 'poem', 'tax'];
const toyEmbedder = (calls: string[][]): Embedder => ({
  embed: async (texts) => {
    calls.push([...texts]);
    return texts.map((t) => [...TOPICS.map((w) => (t.includes(w) ? 1 : 0)), 0.01]);
  },
});
const embeddersWith = (embedder: Embedder | undefined, asked: string[] = []): Embedders => ({
  find: (provider, model) => {
    asked.push(`${provider}/${model}`);
    return embedder;
  },
});

const semantic = (encoder: string) => ({
  encoder,
  threshold: 0.5,
  fixedThreshold: 0.4,
  routes: [
    { name: 'coding', models: ['coder'], utterances: ['write some code', 'fix my code'] },
    { name: 'verse', models: ['writer'], utterances: ['a poem please'] },
  ],
});
const input = (text: string) => ({ request: aRequest(text), text: () => text });

describe('SemanticStep with an upstream embedding model', () => {
  it("asks the Embedders port for the encoder's provider and model, and routes by similarity", async () => {
    const asked: string[] = [];
    const calls: string[][] = [];
    const step = await buildSemanticStep(semantic('local-ai/embed-small'), embeddersWith(toyEmbedder(calls), asked));
    expect(asked).toEqual(['local-ai/embed-small']);
    expect(await step?.propose(input('can you review this code?'))).toMatchObject({
      models: ['coder'],
      route: 'coding',
    });
    expect(calls.at(-1)).toEqual(['can you review this code?']);
  });

  it('proposes no model for a text like no route, but says which route came nearest and what it needed', async () => {
    const step = await buildSemanticStep(semantic('local-ai/embed-small'), embeddersWith(toyEmbedder([])));
    expect(step).toBeDefined();
    expect(await step?.propose(input('what is my tax rate'))).toEqual({
      models: [],
      semantic: expect.objectContaining({ threshold: 0.5, thresholdSource: 'configured' }),
    });
  });

  it('without a configured threshold, routes with enough utterances calibrate theirs and turn unrelated text away', async () => {
    const routes = [
      { name: 'coding', models: ['coder'], utterances: ['write code', 'fix my code', 'review this code'] },
      { name: 'verse', models: ['writer'], utterances: ['a poem please', 'write a poem', 'poem about rain'] },
    ];
    const step = await buildSemanticStep(
      { encoder: 'local-ai/embed-small', fixedThreshold: 0.4, routes },
      embeddersWith(toyEmbedder([])),
    );
    const coding = await step?.propose(input('explain this code'));
    expect(coding).toMatchObject({ models: ['coder'], semantic: { route: 'coding', thresholdSource: 'calibrated' } });
    expect(coding?.semantic?.runnerUp?.route).toBe('verse');
    expect(await step?.propose(input('what is my tax rate'))).toMatchObject({ models: [] });
  });

  it('refuses, at start, an encoder whose provider cannot embed, naming the setting', async () => {
    await expect(buildSemanticStep(semantic('chat-only/model'), embeddersWith(undefined))).rejects.toThrow(
      "routing.semantic.encoder: provider 'chat-only' cannot serve embeddings",
    );
  });

  it('steps aside, without failing the request, when the embedding upstream fails', async () => {
    let failing = false;
    const flaky: Embedder = {
      embed: async (texts) => {
        if (failing) throw new Error('upstream down');
        return texts.map(() => [1, 0]);
      },
    };
    const step = await buildSemanticStep(semantic('local-ai/embed-small'), embeddersWith(flaky));
    expect(step).toBeDefined();
    failing = true;
    expect(await step?.propose(input('write some code'))).toBeUndefined();
  });
  it('lets a failing embedding upstream rest, routing meanwhile without waiting on it, then asks it again', async () => {
    let failing = false;
    let calls = 0;
    const flaky: Embedder = {
      embed: async (texts) => {
        calls += 1;
        if (failing) throw new Error('upstream down');
        return texts.map(() => [1, 0]);
      },
    };
    let now = 0;
    const step = await buildSemanticStep(semantic('local-ai/embed-small'), embeddersWith(flaky), () => now);
    failing = true;
    const before = calls;
    expect(await step?.propose(input('write some code'))).toBeUndefined();
    expect(await step?.propose(input('fix my code'))).toBeUndefined();
    expect(calls - before).toBe(1);
    now += 15_000;
    failing = false;
    expect(await step?.propose(input('write some code'))).toMatchObject({ models: ['coder'] });
    expect(calls - before).toBe(2);
  });
});

describe('SemanticStep on the built-in encoder', () => {
  const routes = phrasedRoutes({ code: 'coder', translation: 'polyglot' });
  const local = (contentGate?: boolean) => ({ encoder: 'local', fixedThreshold: 0.05, contentGate, routes });

  it('says when the content gate decided, with the score and threshold it compared', async () => {
    const step = await buildSemanticStep(local(), embeddersWith(undefined));
    const seen = await step?.propose(input('can you write a python function that sorts this list'));
    expect(seen).toMatchObject({
      models: ['coder'],
      semantic: { route: 'code', thresholdSource: 'calibrated', measuredOn: 'content' },
    });
    expect(seen?.semantic?.score).toBeGreaterThanOrEqual(seen?.semantic?.threshold ?? Infinity);
  });

  it('with the gate off in the config, decides on the ranking score as before', async () => {
    const step = await buildSemanticStep(local(false), embeddersWith(undefined));
    const seen = await step?.propose(input('can you write a python function that sorts this list'));
    expect(seen).toMatchObject({ models: ['coder'], semantic: { route: 'code', thresholdSource: 'calibrated' } });
    expect(seen?.semantic).not.toHaveProperty('measuredOn');
  });

  it('ranks routes with the classifier unless the config turns it off, and says which ranked them', async () => {
    // Phrased like the translation examples, about code: similarity follows the phrasing.
    const prompt = input('could you fix this sql query for me');
    const plain = await buildSemanticStep({ ...local(), threshold: 0, classifier: false }, embeddersWith(undefined));
    const ranked = await buildSemanticStep({ ...local(), threshold: 0 }, embeddersWith(undefined));
    const byPlain = await plain?.propose(prompt);
    expect(byPlain).toMatchObject({ models: ['polyglot'], semantic: { route: 'translation' } });
    expect(byPlain?.semantic).not.toHaveProperty('rankedBy');
    expect(await ranked?.propose(prompt)).toMatchObject({
      models: ['coder'],
      semantic: { route: 'code', rankedBy: 'classifier', runnerUp: { route: 'translation' } },
    });
  });

  describe('says once at start when the classifier the config turns on cannot apply', () => {
    const warnings = (): string[] => warn.mock.calls.map(([message]) => String(message));
    let warn: jest.Spied<Logger['warn']>;
    beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
    afterEach(() => warn.mockRestore());

    it('with an upstream embedding model', async () => {
      await buildSemanticStep(
        { ...semantic('local-ai/embed-small'), classifier: true },
        embeddersWith(toyEmbedder([])),
      );
      expect(warnings()).toEqual([
        "routing.semantic.classifier is ignored: it needs the built-in encoder, not 'local-ai/embed-small'",
      ]);
    });

    it('with more utterances than it trains on', async () => {
      const many = Array.from({ length: 800 }, (_, i) => `example request number ${i}`);
      const crowded = [
        { name: 'a', models: ['coder'], utterances: many },
        { name: 'b', models: ['writer'], utterances: many.map((u) => `${u} again`) },
      ];
      await buildSemanticStep(
        { ...local(false), threshold: 0, routes: crowded, classifier: true },
        embeddersWith(undefined),
      );
      expect(warnings()).toEqual([
        'routing.semantic.classifier is ignored: the routes have 1600 utterances, more than the 1500 it trains on',
      ]);
    });

    it('and says nothing when it applies', async () => {
      await buildSemanticStep({ ...local(), classifier: true }, embeddersWith(undefined));
      expect(warnings()).toEqual([]);
    });
  });
});
