import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../test/factories/manual-clock.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { MemoryInstanceDirectory } from '#src/state/instance-directory.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import type { SharedState } from '#src/state/shared-state.types.js';
import { WeightsSync } from './weights-sync.js';
import { WeightsService } from './weights.service.js';
import type { WeightOverrides } from './weights.store.js';

const config = aConfig([aModel('a'), aModel('b')]);

/** Several instances on one shared store: process memory standing in for Redis. */
function cluster() {
  const clock = new ManualClock();
  const memory = new MemorySharedState(clock);
  const shared: SharedState = {
    kind: 'redis',
    counters: memory.counters,
    kv: memory.kv,
    bus: memory.bus,
    health: () => 'up',
  };
  const directory = new MemoryInstanceDirectory(() => clock.now());
  const syncs: WeightsSync[] = [];
  const instance = async (id: string) => {
    let saved: WeightOverrides = {};
    const store = { load: () => saved, save: async (o: WeightOverrides) => void (saved = o), history: async () => [] };
    const weights = new WeightsService(config, store);
    const sync = new WeightsSync(weights, shared, directory, { instanceId: id } as AppEnv, clock);
    await directory.announce(
      { id, proxyUrl: '', version: '1', startedAt: 0, lastHeartbeat: 0, load: { inFlight: 0, requestsLastMinute: 0 } },
      60_000,
    );
    await sync.onModuleInit();
    syncs.push(sync);
    return weights;
  };
  return { instance, clock, stop: () => syncs.forEach((s) => s.onApplicationShutdown()) };
}

describe('WeightsSync', () => {
  it('answers a change only once the other instances have applied it', async () => {
    const { instance, stop } = cluster();
    const [a, b, c] = [await instance('a'), await instance('b'), await instance('c')];
    await a.apply({ weights: { a: 7 } }, 'test');
    expect(b.view().weights.a).toBe(7);
    expect(c.view().weights.a).toBe(7);
    await c.reset('test');
    expect(a.view().overrides).toEqual({});
    stop();
  });

  it('gives an instance that starts later the latest change', async () => {
    const { instance, clock, stop } = cluster();
    const a = await instance('a');
    await a.apply({ weights: { b: 3 } }, 'test');
    clock.advance(1);
    await a.apply({ weights: { a: 2 } }, 'test');
    const late = await instance('late');
    expect(late.view().overrides).toEqual({ a: 2, b: 3 });
    stop();
  });
});
