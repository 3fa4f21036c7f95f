import { jest } from '@jest/globals';
import type { ChatEvent, ChatRequest } from '#src/core/chat.types.js';
import { DEFAULT_CACHE } from '#src/config/config-defaults.js';
import type { CacheConfig } from '#src/config/gateway-config.types.js';
import { guardedKeyValue } from '#src/state/guarded-parts.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import type { SharedKeyValue } from '#src/state/shared-state.types.js';
import { StoreGuard } from '#src/state/store-guard.js';
import { LocalEncoder } from '#src/routing/matchers/semantic/local-encoder.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import { AnswerCache } from './answer-cache.js';
import { collectResponse } from '#src/core/collect.js';
import { encodeCachedAnswer, replay } from './cached-answer.js';
import { answerKey } from './cache-key.js';
import { MemoryAnswerStore } from './memory-answer.store.js';
import { PurgeMarks } from './purge-marks.js';
import { SemanticIndex } from './semantic-index.js';
import { SharedAnswerStore } from './shared-answer.store.js';

const MODELS = ['gpt'];
const ORIGIN = { model: 'gpt', provider: 'openai' };

function answerEvents(text: string): ChatEvent[] {
  return [
    { type: 'start', id: 'up-1', model: 'gpt-upstream' },
    { type: 'text_delta', text },
    { type: 'usage', usage: { inputTokens: 10, outputTokens: 5 } },
    { type: 'stop', reason: 'end_turn' },
  ];
}

async function* stream(events: ChatEvent[]): AsyncGenerator<ChatEvent> {
  yield* events;
}

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  stream: false,
  ...extra,
});

function aCache(config: Partial<CacheConfig> = {}) {
  const clock = new ManualClock();
  const state = new MemorySharedState(clock);
  const full = { ...DEFAULT_CACHE, mode: 'exact' as const, ...config };
  const semantic =
    full.mode === 'semantic' ? { encoder: LocalEncoder.fit([]), index: new SemanticIndex(100) } : undefined;
  const cache = new AnswerCache({
    config: full,
    store: new MemoryAnswerStore(full.maxBytes, clock),
    marks: new PurgeMarks(state, clock),
    clock,
    semantic,
  });
  return { cache, clock };
}

/**
 * A shared store as the gateway holds it with Redis: calls go to `primary` through a store guard
 * (50 ms deadline, `connected` saying whether the link is up), `standIn` answering once the guard
 * has given up on `primary`; its health says whether it has.
 */
function guardedStore(clock: ManualClock, connected: () => boolean, primary: SharedKeyValue, standIn: SharedKeyValue) {
  const guard = new StoreGuard({
    deadlineMs: 50,
    warnIntervalMs: 30_000,
    clock,
    connected,
    warn: () => undefined,
    info: () => undefined,
  });
  return {
    kv: guardedKeyValue(guard, primary, standIn),
    health: () => (guard.degraded() ? ('degraded' as const) : ('up' as const)),
  };
}

/** Asks the cache, and when it misses, answers with `text` and lets the answer go out in full. */
async function serve(cache: AnswerCache, request: ChatRequest, text = 'Paris.', headers = {}) {
  const lookup = await cache.lookup({ request, models: MODELS, headers });
  if (lookup.answer) return { status: lookup.status, text: contentOf(await collectResponse(replay(lookup.answer))) };
  const kept = cache.keep(lookup, { events: stream(answerEvents(text)) }, ORIGIN);
  const response = await collectResponse(kept.events);
  await Promise.resolve();
  return { status: lookup.status, text: contentOf(response) };
}

const contentOf = (r: { content: Array<{ type: string; text?: string }> }) => r.content.map((p) => p.text).join('');

/**
 * Redis's key-value store, whose writes of answers (`setShared`) fail as on a connection reset;
 * with `plainSetsFail`, its plain writes too.
 */
function failingSharedWrites(redis: MemorySharedState, plainSetsFail: boolean): SharedKeyValue {
  const reset = () => Promise.reject(new Error('connection reset'));
  return {
    get: (key) => redis.kv.get(key),
    set: plainSetsFail ? reset : (key, value, ttlMs) => redis.kv.set(key, value, ttlMs),
    setShared: reset,
    setIfAbsent: (key, value, ttlMs) => redis.kv.setIfAbsent(key, value, ttlMs),
    delete: (key) => redis.kv.delete(key),
    deleteIfEquals: (key, value) => redis.kv.deleteIfEquals(key, value),
  };
}

describe('AnswerCache', () => {
  it('answers the same request from the cache the second time', async () => {
    const { cache } = aCache();
    expect((await serve(cache, ask('capital of France?'))).status).toBe('miss');
    expect(await serve(cache, ask('capital of France?'), 'other')).toEqual({ status: 'hit', text: 'Paris.' });
  });

  it('does not tell the stream flag or the end-user id apart', async () => {
    const { cache } = aCache();
    await serve(cache, ask('q', { stream: true, user: 'alice' }));
    expect((await serve(cache, ask('q', { stream: false, user: 'bob' }))).status).toBe('hit');
  });

  it('keeps one client key’s answers from another', async () => {
    const { cache } = aCache();
    const a = { keyId: 'k1', keyName: 'a' };
    const b = { keyId: 'k2', keyName: 'b' };
    await serve(cache, ask('secret plan', { caller: a }));
    expect((await serve(cache, ask('secret plan', { caller: b }))).status).toBe('miss');
    expect((await serve(cache, ask('secret plan'))).status).toBe('miss');
    expect((await serve(cache, ask('secret plan', { caller: a }))).status).toBe('hit');
  });

  it('shares answers within a team when the scope is team', async () => {
    const { cache } = aCache({ scope: 'team' });
    await serve(cache, ask('q', { caller: { keyId: 'k1', keyName: 'a', team: 'red' } }));
    expect((await serve(cache, ask('q', { caller: { keyId: 'k2', keyName: 'b', team: 'red' } }))).status).toBe('hit');
    expect((await serve(cache, ask('q', { caller: { keyId: 'k3', keyName: 'c', team: 'blue' } }))).status).toBe('miss');
  });

  it('serves an answer no older than max-age', async () => {
    const { cache, clock } = aCache();
    await serve(cache, ask('q'));
    clock.advance(30_000);
    expect((await serve(cache, ask('q'), 'x', { 'cache-control': 'max-age=60' })).status).toBe('hit');
    expect((await serve(cache, ask('q'), 'x', { 'cache-control': 'max-age=10' })).status).toBe('miss');
  });

  it('ignores a max-age without a number, as any malformed one', async () => {
    const { cache } = aCache();
    await serve(cache, ask('q'));
    for (const malformed of ['max-age=', 'max-age=""', 'max-age=0x10', 'max-age= '])
      expect(await serve(cache, ask('q'), 'x', { 'cache-control': malformed })).toEqual({
        status: 'hit',
        text: 'Paris.',
      });
  });

  it('forgets an answer once its TTL has passed', async () => {
    const { cache, clock } = aCache({ ttlS: 60 });
    await serve(cache, ask('q'));
    clock.advance(61_000);
    expect((await serve(cache, ask('q'))).status).toBe('miss');
  });

  it('does not store an answer that ended early', async () => {
    const { cache } = aCache();
    const lookup = await cache.lookup({ request: ask('q'), models: MODELS });
    const kept = cache.keep(lookup, { events: stream(answerEvents('x').slice(0, 2)) }, ORIGIN);
    for await (const _ of kept.events) void _;
    expect((await serve(cache, ask('q'))).status).toBe('miss');
  });

  it('keeps no answer from a model the request was not routed to, nor from one whose own cache is off', async () => {
    const { cache } = aCache({ models: { quiet: { mode: 'off' } } });
    const answerFrom = async (model: string, models: string[]) => {
      const lookup = await cache.lookup({ request: ask('q'), models });
      const kept = cache.keep(lookup, { events: stream(answerEvents('x')) }, { model, provider: 'openai' });
      for await (const _ of kept.events) void _;
      return lookup.status;
    };
    expect(await answerFrom('fallback', ['gpt'])).toBe('miss');
    expect(await answerFrom('quiet', ['gpt', 'quiet'])).toBe('miss');
    expect(await answerFrom('gpt', ['gpt', 'quiet'])).toBe('miss');
    expect((await cache.lookup({ request: ask('q'), models: ['gpt'] })).status).toBe('miss');
    expect((await cache.lookup({ request: ask('q'), models: ['gpt', 'quiet'] })).status).toBe('hit');
  });

  it('serves no stored answer whose model the request was not routed to', async () => {
    const clock = new ManualClock();
    const store = new MemoryAnswerStore(DEFAULT_CACHE.maxBytes, clock);
    const config = { ...DEFAULT_CACHE, mode: 'exact' as const };
    const cache = new AnswerCache({ config, store, marks: new PurgeMarks(new MemorySharedState(clock), clock), clock });
    const stored = { v: 1 as const, model: 'fallback', provider: 'openai', storedAt: 0, scope: 'anonymous' };
    const key = answerKey(ask('q'), undefined, MODELS, 'anonymous');
    await store.set(key, encodeCachedAnswer({ ...stored, events: answerEvents('x') }), 60_000, stored);
    expect((await cache.lookup({ request: ask('q'), models: MODELS })).status).toBe('miss');
  });

  it('purges by model and by client key', async () => {
    const { cache, clock } = aCache();
    const a = { keyId: 'k1', keyName: 'a' };
    await serve(cache, ask('one', { caller: a }));
    await serve(cache, ask('two'));
    clock.advance(1);
    await cache.purge({ scope: 'key:k1' });
    expect((await serve(cache, ask('one', { caller: a }))).status).toBe('miss');
    expect((await serve(cache, ask('two'))).status).toBe('hit');
    clock.advance(1);
    await cache.purge({ model: 'gpt' });
    expect((await serve(cache, ask('two'))).status).toBe('miss');
  });

  it('does not keep an answer that was still streaming when its model was purged', async () => {
    const { cache, clock } = aCache();
    const lookup = await cache.lookup({ request: ask('long essay'), models: MODELS });
    const kept = cache.keep(lookup, { events: stream(answerEvents('Once upon a time')) }, ORIGIN);
    const events = kept.events[Symbol.asyncIterator]();
    await events.next();
    clock.advance(5_000);
    await cache.purge({ model: 'gpt' });
    clock.advance(5_000);
    while (!(await events.next()).done);
    await Promise.resolve();
    expect(cache.holdings().bytes).toBe(0);
    expect((await serve(cache, ask('long essay'))).status).toBe('miss');
  });

  it('purges answers held in memory without decoding them', async () => {
    const { cache, clock } = aCache();
    await serve(cache, ask('one'));
    await serve(cache, ask('two'));
    clock.advance(1);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      await cache.purge({ model: 'gpt' });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(cache.holdings().bytes).toBe(0);
  });

  it('matches a paraphrase by meaning, but never one in another conversation', async () => {
    const { cache } = aCache({ mode: 'semantic', semantic: { ...DEFAULT_CACHE.semantic, threshold: 0.8 } });
    await serve(cache, ask('What is the capital city of France?'));
    expect((await serve(cache, ask('what is the capital city of france'))).status).toBe('semantic-hit');
    expect((await serve(cache, ask('How do I bake bread?'))).status).toBe('miss');
    const other = ask('what is the capital city of france', { system: [{ type: 'text', text: 'Answer in German' }] });
    expect((await serve(cache, other)).status).toBe('miss');
  });

  it('passes over a closer prompt whose answer expired to a valid one, and forgets it', async () => {
    const semantic = { ...DEFAULT_CACHE.semantic, threshold: 0.8 };
    const { cache, clock } = aCache({ mode: 'semantic', ttlS: 60, semantic });
    await serve(cache, ask('What is the capital city of France?'), 'Paris (expired).');
    clock.advance(50_000);
    await serve(cache, ask('Tell me, what is the capital city of France?'), 'Paris.', { 'cache-control': 'no-cache' });
    clock.advance(20_000);
    expect(await serve(cache, ask('what is the capital city of france'))).toEqual({
      status: 'semantic-hit',
      text: 'Paris.',
    });
    expect(cache.holdings().indexed).toBe(1);
  });

  it('keeps the prompts it matches by meaning while the shared store does not answer', async () => {
    const clock = new ManualClock();
    const [redis, standIn] = [new MemorySharedState(clock), new MemorySharedState(clock)];
    const link = { up: true };
    const shared = guardedStore(clock, () => link.up, redis.kv, standIn.kv);
    const config = {
      ...DEFAULT_CACHE,
      mode: 'semantic' as const,
      semantic: { ...DEFAULT_CACHE.semantic, threshold: 0.8 },
    };
    const cache = new AnswerCache({
      config,
      store: new SharedAnswerStore(shared),
      marks: new PurgeMarks(redis, clock),
      clock,
      semantic: { encoder: LocalEncoder.fit([]), index: new SemanticIndex(100) },
    });
    await serve(cache, ask('What is the capital city of France?'));
    link.up = false;
    const paraphrase = { request: ask('what is the capital city of france'), models: MODELS };
    expect((await cache.lookup(paraphrase)).status).toBe('miss');
    link.up = true;
    expect((await cache.lookup(paraphrase)).status).toBe('semantic-hit');
    expect(cache.holdings().indexed).toBe(1);
  });

  it('keeps no answer while the shared store does not answer, leaving its stand-in to leases and pins', async () => {
    const clock = new ManualClock();
    const [redis, standIn] = [new MemorySharedState(clock), new MemorySharedState(clock)];
    const shared = guardedStore(clock, () => false, redis.kv, standIn.kv);
    const config = { ...DEFAULT_CACHE, mode: 'exact' as const };
    const store = new SharedAnswerStore(shared);
    const cache = new AnswerCache({ config, store, marks: new PurgeMarks(redis, clock), clock });
    expect((await serve(cache, ask('during the outage'))).status).toBe('miss');
    const key = answerKey(ask('during the outage'), undefined, MODELS, 'anonymous');
    expect(await standIn.kv.get(`cache:answer:${key}`)).toBeUndefined();
    expect((await serve(cache, ask('during the outage'))).status).toBe('miss');
  });

  it('keeps no answer in the stand-in when the write to the shared store is the call that finds it gone', async () => {
    const clock = new ManualClock();
    const [redis, standIn] = [new MemorySharedState(clock), new MemorySharedState(clock)];
    const shared = guardedStore(clock, () => true, failingSharedWrites(redis, true), standIn.kv);
    const config = { ...DEFAULT_CACHE, mode: 'exact' as const };
    const cache = new AnswerCache({
      config,
      store: new SharedAnswerStore(shared),
      marks: new PurgeMarks(redis, clock),
      clock,
    });
    expect(shared.health()).toBe('up');
    expect((await serve(cache, ask('as Redis goes away'))).status).toBe('miss');
    await new Promise((settled) => setImmediate(settled));
    expect(shared.health()).toBe('degraded');
    const key = answerKey(ask('as Redis goes away'), undefined, MODELS, 'anonymous');
    expect(await standIn.kv.get(`cache:answer:${key}`)).toBeUndefined();
  });

  it.each([
    ['the write to the shared store fails', true],
    ['the shared store is known not to answer', false],
  ])('indexes no prompt by meaning when its answer is not stored: %s', async (_name, connected) => {
    const clock = new ManualClock();
    const [redis, standIn] = [new MemorySharedState(clock), new MemorySharedState(clock)];
    const shared = guardedStore(clock, () => connected, failingSharedWrites(redis, false), standIn.kv);
    const cache = new AnswerCache({
      config: { ...DEFAULT_CACHE, mode: 'semantic' as const },
      store: new SharedAnswerStore(shared),
      marks: new PurgeMarks(redis, clock),
      clock,
      semantic: { encoder: LocalEncoder.fit([]), index: new SemanticIndex(100) },
    });
    expect((await serve(cache, ask('What is the capital city of France?'))).status).toBe('miss');
    await new Promise((settled) => setImmediate(settled));
    expect(cache.holdings().indexed).toBe(0);
  });

  it('forgets every indexed prompt when everything is purged', async () => {
    const { cache, clock } = aCache({ mode: 'semantic' });
    await serve(cache, ask('What is the capital city of France?'));
    clock.advance(1);
    await cache.purge({ all: true });
    expect(cache.holdings().indexed).toBe(0);
    clock.advance(1);
    await serve(cache, ask('What is the capital city of France?'), 'Paris again.');
    expect(await serve(cache, ask('what is the capital city of france'))).toEqual({
      status: 'semantic-hit',
      text: 'Paris again.',
    });
  });

  it('forgets every indexed prompt on every instance when everything is purged on one', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    const instance = async () => {
      const marks = new PurgeMarks(state, clock);
      await marks.load();
      const config = { ...DEFAULT_CACHE, mode: 'semantic' as const };
      const semantic = { encoder: LocalEncoder.fit([]), index: new SemanticIndex(100) };
      return new AnswerCache({ config, store: new SharedAnswerStore(state), marks, clock, semantic });
    };
    const [a, b] = [await instance(), await instance()];
    await serve(b, ask('What is the capital city of France?'));
    expect(b.holdings().indexed).toBe(1);
    clock.advance(1);
    await a.purge({ all: true });
    await new Promise((announced) => setImmediate(announced));
    expect(b.holdings().indexed).toBe(0);
  });

  it('does not embed the prompt of a request that neither reads nor stores an answer', async () => {
    const local = LocalEncoder.fit([]);
    const embedded: string[] = [];
    const encoder = { encode: (texts: readonly string[]) => (embedded.push(...texts), local.encode(texts)) };
    const clock = new ManualClock();
    const config = { ...DEFAULT_CACHE, mode: 'semantic' as const };
    const cache = new AnswerCache({
      config,
      store: new MemoryAnswerStore(config.maxBytes, clock),
      marks: new PurgeMarks(new MemorySharedState(clock), clock),
      clock,
      semantic: { encoder, index: new SemanticIndex(100) },
    });
    const headers = { 'cache-control': 'no-cache, no-store' };
    expect(await serve(cache, ask('What is the capital city of France?'), 'Paris.', headers)).toEqual({
      status: 'refresh',
      text: 'Paris.',
    });
    expect(embedded).toEqual([]);
    expect((await serve(cache, ask('What is the capital city of France?'))).status).toBe('miss');
    expect(embedded).toEqual(['What is the capital city of France?']);
  });

  it('never matches prompts that differ in a number by meaning', async () => {
    const { cache } = aCache({ mode: 'semantic', semantic: { ...DEFAULT_CACHE.semantic, threshold: 0.5 } });
    await serve(cache, ask('What does HTTP status 404 mean?'));
    expect((await serve(cache, ask('What does HTTP status 500 mean?'))).status).toBe('miss');
  });

  it('never matches prompts that give the same numbers in another order by meaning', async () => {
    const { cache } = aCache({ mode: 'semantic', semantic: { ...DEFAULT_CACHE.semantic, threshold: 0.5 } });
    await serve(cache, ask('What is 5 - 2?'), '3');
    expect(await serve(cache, ask('What is 2 - 5?'), '-3')).toEqual({ status: 'miss', text: '-3' });
    expect((await serve(cache, ask('what is 5 - 2'))).status).toBe('semantic-hit');
  });

  it('does not match tool results by meaning', async () => {
    const { cache } = aCache({ mode: 'semantic' });
    const withResult = (text: string): ChatRequest => ({
      messages: [
        { role: 'user', content: [{ type: 'tool_result', toolCallId: 't1', content: 'ok' }] },
        { role: 'user', content: [{ type: 'text', text }] },
      ],
      stream: false,
    });
    await serve(cache, withResult('What is the capital city of France?'));
    expect((await serve(cache, withResult('what is the capital city of france'))).status).toBe('miss');
  });

  it('matches by meaning a question about the same image only, when non-text turns are matched', async () => {
    const semantic = { ...DEFAULT_CACHE.semantic, threshold: 0.8, nonText: true };
    const { cache } = aCache({ mode: 'semantic', semantic });
    const aboutImage = (url: string, text: string): ChatRequest => ({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'url', url } },
            { type: 'text', text },
          ],
        },
      ],
      stream: false,
    });
    await serve(cache, aboutImage('https://img.example/cat.png', 'Describe this image in detail.'), 'A cat.');
    expect(
      await serve(cache, aboutImage('https://img.example/dog.png', 'Describe this image in detail.'), 'A dog.'),
    ).toEqual({ status: 'miss', text: 'A dog.' });
    expect(await serve(cache, aboutImage('https://img.example/cat.png', 'describe this image in detail'))).toEqual({
      status: 'semantic-hit',
      text: 'A cat.',
    });
  });

  it('bypasses a sampled request unless configured', async () => {
    expect((await serve(aCache().cache, ask('q', { temperature: 0.5 }))).status).toBe('bypass');
    const { cache } = aCache({ sampled: true });
    await serve(cache, ask('q', { temperature: 0.5 }));
    expect((await serve(cache, ask('q', { temperature: 0.5 }))).status).toBe('hit');
  });

  it('keeps a sampled answer only from a model whose own settings cache sampled requests', async () => {
    const { cache } = aCache({ models: { loose: { sampled: true } } });
    const sampled = ask('q', { temperature: 0.5 });
    const answerFrom = async (model: string) => {
      const lookup = await cache.lookup({ request: sampled, models: ['loose', 'strict'] });
      const kept = cache.keep(lookup, { events: stream(answerEvents('x')) }, { model, provider: 'openai' });
      for await (const _ of kept.events) void _;
      await Promise.resolve();
      return lookup.status;
    };
    expect(await answerFrom('strict')).toBe('miss');
    expect(await answerFrom('loose')).toBe('miss');
    expect(await answerFrom('loose')).toBe('hit');
  });

  it('shares answers and purges across instances through the shared store', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    const instance = async () => {
      const marks = new PurgeMarks(state, clock);
      await marks.load();
      const config = { ...DEFAULT_CACHE, mode: 'exact' as const };
      return new AnswerCache({ config, store: new SharedAnswerStore(state), marks, clock });
    };
    const [a, b] = [await instance(), await instance()];
    await serve(a, ask('shared question'));
    expect((await serve(b, ask('shared question'))).status).toBe('hit');
    clock.advance(1);
    await a.purge({ all: true });
    await new Promise((announced) => setImmediate(announced));
    expect((await serve(b, ask('shared question'))).status).toBe('miss');
    const late = await instance();
    clock.advance(1);
    await serve(late, ask('after the purge'));
    expect((await serve(a, ask('after the purge'))).status).toBe('hit');
  });

  it('does not replay a stored answer once the model name points at another upstream model', async () => {
    const clock = new ManualClock();
    const state = new MemorySharedState(clock);
    const config = { ...DEFAULT_CACHE, mode: 'exact' as const };
    const gateway = async (upstream: string) =>
      new AnswerCache({
        config,
        store: new SharedAnswerStore(state),
        marks: new PurgeMarks(state, clock),
        clock,
        sources: (model) => `${model}=openai/${upstream}`,
      });
    await serve(await gateway('gpt-4o'), ask('which model are you?'));
    expect((await serve(await gateway('gpt-4o'), ask('which model are you?'))).status).toBe('hit');
    expect((await serve(await gateway('gpt-5'), ask('which model are you?'))).status).toBe('miss');
  });
});
