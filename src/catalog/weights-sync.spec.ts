import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import type { Schedule } from '#src/core/bounded-wait.js';
import { MemoryInstanceDirectory } from '#src/state/instance-directory.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import type { SharedMaps, SharedState } from '#src/state/shared-state.types.js';
import { SHARE_WAIT_MS } from './weights-messages.js';
import { WeightsSync } from './weights-sync.js';
import { WeightsService } from './weights.service.js';
import type { WeightOverrides } from './weights.store.js';

const config = aConfig([aModel('a'), aModel('b'), aModel('c')]);

/** Several instances on one shared store: process memory standing in for Redis, which may go away. */
function cluster(schedule?: Schedule) {
  const clock = new ManualClock();
  const memory = new MemorySharedState(clock);
  let reachable = true;
  /** Changes still to be made but answered as failed, as past Redis's deadline. */
  let late = 0;
  const maps: SharedMaps = {
    change: async (key, change, ttlMs) => {
      if (!reachable) throw new Error('down');
      const map = await memory.maps.change(key, change, ttlMs);
      if (late > 0 && late--) throw new Error('Redis did not answer within 50 ms');
      return map;
    },
    read: (key) => (reachable ? memory.maps.read(key) : Promise.reject(new Error('down'))),
  };
  const shared: SharedState = {
    kind: 'redis',
    counters: memory.counters,
    kv: memory.kv,
    bus: memory.bus,
    maps,
    health: () => 'up',
  };
  const directory = new MemoryInstanceDirectory(() => clock.now());
  const syncs: WeightsSync[] = [];
  const announce = (id: string) =>
    directory.announce(
      { id, proxyUrl: '', version: '1', startedAt: 0, lastHeartbeat: 0, load: { inFlight: 0, requestsLastMinute: 0 } },
      60_000,
    );
  const instance = async (id: string, stored: WeightOverrides = {}) => {
    let saved = stored;
    const store = { load: () => saved, save: async (o: WeightOverrides) => void (saved = o), history: async () => [] };
    const weights = new WeightsService(config, store);
    const sync = new WeightsSync(weights, shared, directory, { instanceId: id } as AppEnv, schedule);
    await announce(id);
    await sync.onModuleInit();
    syncs.push(sync);
    return { weights, resync: () => (sync as unknown as { resync(): Promise<void> }).resync() };
  };
  return {
    instance,
    /** An instance listed as live that never hears a change, so never acknowledges one. */
    announce,
    memory,
    reach: (up: boolean) => (reachable = up),
    /** The next change is made, but its answer is lost. */
    answerLate: () => (late = 1),
    stop: () => syncs.forEach((s) => s.onApplicationShutdown()),
  };
}

describe('WeightsSync', () => {
  it('does not send again a change made past the deadline, so a later change elsewhere stays', async () => {
    const { instance, answerLate, stop } = cluster();
    const [a, b] = [await instance('a'), await instance('b')];
    answerLate();
    await a.weights.apply({ weights: { a: 3 } }, 'test');
    await b.weights.apply({ weights: { a: 5 } }, 'test');
    await a.resync();
    await b.resync();
    expect(a.weights.view().weights.a).toBe(5);
    expect(b.weights.view().weights.a).toBe(5);
    stop();
  });

  it('keeps a reset made elsewhere after a change made past the deadline', async () => {
    const { instance, answerLate, stop } = cluster();
    const [a, b] = [await instance('a'), await instance('b')];
    answerLate();
    await a.weights.apply({ weights: { b: 4 } }, 'test');
    await b.weights.reset('test');
    await a.resync();
    await b.resync();
    expect(a.weights.view().overrides).toEqual({});
    expect(b.weights.view().overrides).toEqual({});
    stop();
  });

  it('answers a change only once the other instances have applied it', async () => {
    const { instance, stop } = cluster();
    const [a, b, c] = [await instance('a'), await instance('b'), await instance('c')];
    await a.weights.apply({ weights: { a: 7 } }, 'test');
    expect(b.weights.view().weights.a).toBe(7);
    expect(c.weights.view().weights.a).toBe(7);
    await c.weights.reset('test');
    expect(a.weights.view().overrides).toEqual({});
    stop();
  });

  it('answers a change after its bound when a live instance never acknowledges it', async () => {
    const scheduled: Array<{ ms: number; fire: () => void }> = [];
    const { instance, announce, stop } = cluster((ms, fire) => (scheduled.push({ ms, fire }), () => undefined));
    const a = await instance('a');
    await announce('silent');
    let answered = false;
    const change = a.weights.apply({ weights: { a: 4 } }, 'test').then(() => (answered = true));
    // Each turn lets the change go one step further; one that never schedules its wait fails here rather than hanging.
    for (let turn = 0; scheduled.length === 0 && turn < 1_000; turn++) await new Promise((r) => setImmediate(r));
    expect(scheduled.map((s) => s.ms)).toEqual([SHARE_WAIT_MS]);
    expect(answered).toBe(false);
    scheduled[0].fire();
    await change;
    expect(a.weights.view().overrides).toEqual({ a: 4 });
    stop();
  });

  it('gives an instance that starts later every change', async () => {
    const { instance, stop } = cluster();
    const a = await instance('a');
    await a.weights.apply({ weights: { b: 3 } }, 'test');
    await a.weights.apply({ weights: { a: 2 } }, 'test');
    const late = await instance('late');
    expect(late.weights.view().overrides).toEqual({ a: 2, b: 3 });
    stop();
  });

  it('keeps both of two changes made at the same moment on two instances to different models', async () => {
    const { instance, memory, stop } = cluster();
    const [a, b] = [await instance('a'), await instance('b')];
    for (let round = 1; round <= 5; round += 1) {
      await Promise.all([
        a.weights.apply({ weights: { a: round } }, 'test'),
        b.weights.apply({ weights: { b: round * 10 } }, 'test'),
      ]);
    }
    expect(a.weights.view().overrides).toEqual({ a: 5, b: 50 });
    expect(b.weights.view().overrides).toEqual({ a: 5, b: 50 });
    // Besides the overrides, the map names the last change each instance made there.
    const { entries } = await memory.maps.read('weights');
    const overrides = Object.entries(entries).filter(([key]) => !key.startsWith('#change:'));
    expect(Object.fromEntries(overrides)).toEqual({ a: '5', b: '50' });
    stop();
  });

  it('refuses the second of two changes made at once that would together leave a pool at 0', async () => {
    const { instance, stop } = cluster();
    const [a, b] = [await instance('a'), await instance('b')];
    const answers = await Promise.allSettled([
      a.weights.apply({ weights: { a: 0, b: 0 } }, 'test'),
      b.weights.apply({ weights: { c: 0 } }, 'test'),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = answers.find((answer) => answer.status === 'rejected');
    expect(String(refused?.reason)).toContain('would leave the default route with a total weight of 0');
    for (const { weights } of [a, b]) {
      const { a: wa, b: wb, c: wc } = weights.view().weights;
      expect(wa + wb + wc).toBeGreaterThan(0);
    }
    stop();
  });

  it('reads the whole map again when a change arrives with one missing before it', async () => {
    const { instance, memory, stop } = cluster();
    const a = await instance('a');
    await a.weights.apply({ weights: { a: 2 } }, 'test');
    // Made elsewhere, its message lost: only the next one arrives.
    await memory.maps.change('weights', { set: { c: '4' } }, 60_000);
    const next = await memory.maps.change('weights', { set: { b: '6' } }, 60_000);
    const message = { from: 'x', version: next.version, delta: { all: false, clear: [], set: { b: 6 } } };
    await memory.bus.publish('weights-changes', JSON.stringify(message));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(a.weights.view().overrides).toEqual({ a: 2, b: 6, c: 4 });
    stop();
  });

  it('keeps a change made while the store is away, and shares it with the others once it answers', async () => {
    const { instance, reach, stop } = cluster();
    const [a, b] = [await instance('a'), await instance('b')];
    await b.weights.apply({ weights: { b: 5 } }, 'test');
    reach(false);
    await a.weights.apply({ weights: { a: 3 } }, 'test');
    expect(a.weights.view().overrides).toEqual({ a: 3, b: 5 });
    expect(b.weights.view().overrides).toEqual({ b: 5 });
    reach(true);
    await a.resync();
    await b.resync();
    expect(b.weights.view().overrides).toEqual({ a: 3, b: 5 });
    stop();
  });

  it('fills a store that has no map yet with what an instance kept', async () => {
    const { instance, memory, stop } = cluster();
    await instance('a', { c: 2 });
    expect((await memory.maps.read('weights')).entries).toEqual({ c: '2' });
    const b = await instance('b');
    expect(b.weights.view().overrides).toEqual({ c: 2 });
    stop();
  });
});
