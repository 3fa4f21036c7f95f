import { ManualClock } from '../../test/factories/manual-clock.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import type { SharedState } from '#src/state/shared-state.types.js';
import { answeringLate } from '../../test/fakes/late-key-value.js';
import { BreakerBoard, PROBE_RECHECK_MS } from './breaker-board.js';
import { passOf } from './breakers.spec-support.js';
import { DEFAULT_BREAKER_OPTIONS, NOT_A_PROBE, type BreakerPass } from './breaker.types.js';
import { BreakerSync } from './breaker-sync.js';

const delivered = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Two instances whose breakers share one store (process memory standing in for Redis); a's answers
 * can be scripted to arrive late.
 */
function twoInstances() {
  const clock = new ManualClock();
  const memory = new MemorySharedState(clock);
  const { store, nextAnswerAfter } = answeringLate(memory.kv);
  const shared = (kv: SharedState['kv']): SharedState => ({
    kind: 'redis',
    counters: memory.counters,
    kv,
    bus: memory.bus,
    maps: memory.maps,
    health: () => 'up',
  });
  const make = (id: string, state: SharedState) => {
    const board = new BreakerBoard(clock, { failures: 2, cooldownMs: 10_000 });
    const sync = new BreakerSync(board, state, { instanceId: id } as AppEnv);
    sync.onModuleInit();
    return { board, sync };
  };
  return { clock, a: make('a', shared(store)), b: make('b', shared(memory.kv)), answerToAAfter: nextAnswerAfter };
}

/** Two instances whose shared breaker for `gpt/0` a opened and whose open period has just ended. */
async function halfOpenOnBoth() {
  const instances = twoInstances();
  for (let i = 0; i < 2; i++) instances.a.board.get('gpt/0').recordFailure();
  await delivered();
  instances.clock.advance(10_000);
  return instances;
}

describe('BreakerSync', () => {
  it('makes the other instance skip a deployment this one opened, until the same time', async () => {
    const { clock, a, b } = twoInstances();
    a.board.get('gpt/0').recordFailure({ reason: 'upstream answered 503' });
    a.board.get('gpt/0').recordFailure({ reason: 'upstream answered 503' });
    await delivered();
    expect(b.board.admit('gpt/0')).toBeUndefined();
    expect(b.board.snapshot()['gpt/0']).toMatchObject({ state: 'open', lastError: 'upstream answered 503' });
    clock.advance(10_000);
    expect(b.board.get('gpt/0').state()).toBe('half_open');
    a.sync.onApplicationShutdown();
    b.sync.onApplicationShutdown();
  });

  it('tells the other instance that a deployment waits for its operator, so it answers as this one does', async () => {
    const { a, b } = twoInstances();
    a.board.get('gpt/0').recordFailure({ reason: 'unpaid', decisive: true, lasting: true });
    await delivered();
    expect(b.board.snapshot()['gpt/0']).toMatchObject({ state: 'open', untilOperatorActs: true });
    a.sync.onApplicationShutdown();
    b.sync.onApplicationShutdown();
  });

  it('hands the probe to the other instance once the first gives it back, telling nothing', async () => {
    const { clock, a, b } = await halfOpenOnBoth();
    const probe = await passOf(a.board.admit('gpt/0'));
    expect(await b.board.admit('gpt/0')).toBeUndefined();
    // The probe's client leaves: the lease is given back, and b takes it once its recheck is due.
    a.board.probeUnanswered('gpt/0', probe);
    await delivered();
    clock.advance(PROBE_RECHECK_MS);
    expect(await b.board.admit('gpt/0')).toBeDefined();
    a.sync.onApplicationShutdown();
    b.sync.onApplicationShutdown();
  });

  it('leaves a probe lease another instance took after its own ran out', async () => {
    const { clock, a, b } = await halfOpenOnBoth();
    const probe = await passOf(a.board.admit('gpt/0'));
    // a's probe outlives its lease and b's probe timeout: b takes the probe over.
    clock.advance(DEFAULT_BREAKER_OPTIONS.probeTimeoutMs);
    expect(await b.board.admit('gpt/0')).toBeDefined();
    a.board.probeUnanswered('gpt/0', probe);
    await delivered();
    // b's lease stands: a, free to ask again, is refused.
    expect(await a.board.admit('gpt/0')).toBeUndefined();
    a.sync.onApplicationShutdown();
    b.sync.onApplicationShutdown();
  });

  it("leaves the lease of an instance's next probe when one that outlived its own ends telling nothing", async () => {
    const { clock, a, b } = await halfOpenOnBoth();
    const late = await passOf(a.board.admit('gpt/0'));
    // a's first probe outlives its lease and probe timeout: a sends another, under a lease of its own.
    clock.advance(DEFAULT_BREAKER_OPTIONS.probeTimeoutMs);
    await passOf(a.board.admit('gpt/0'));
    a.board.probeUnanswered('gpt/0', late);
    await delivered();
    // The second probe's lease stands: b is refused, and a does not probe a third time.
    expect(await b.board.admit('gpt/0')).toBeUndefined();
    expect(await a.board.admit('gpt/0')).toBeUndefined();
    a.sync.onApplicationShutdown();
    b.sync.onApplicationShutdown();
  });

  it('leaves a probe lease another instance took while the give-back was on its way', async () => {
    const { clock, a, b, answerToAAfter } = await halfOpenOnBoth();
    const probe = await passOf(a.board.admit('gpt/0'));
    // The probe's client leaves as its lease runs out; b takes the probe before a's give-back is answered.
    let fromB: BreakerPass | undefined;
    answerToAAfter(async () => {
      clock.advance(DEFAULT_BREAKER_OPTIONS.probeTimeoutMs);
      fromB = await b.board.admit('gpt/0');
    });
    a.board.probeUnanswered('gpt/0', probe);
    await delivered();
    expect(fromB).toBeDefined();
    // b's lease stands: a, free to ask again, is refused.
    expect(await a.board.admit('gpt/0')).toBeUndefined();
    a.sync.onApplicationShutdown();
    b.sync.onApplicationShutdown();
  });

  it('sends one half-open probe across both instances, and closes both when it succeeds', async () => {
    const { a, b } = await halfOpenOnBoth();
    const [fromA, fromB] = await Promise.all([a.board.admit('gpt/0'), b.board.admit('gpt/0')]);
    expect([fromA, fromB].filter((pass) => pass !== undefined)).toHaveLength(1);
    (fromA !== undefined ? a : b).board.get('gpt/0').recordSuccess();
    await delivered();
    expect([a.board.admit('gpt/0'), b.board.admit('gpt/0')]).toEqual([NOT_A_PROBE, NOT_A_PROBE]);
    a.sync.onApplicationShutdown();
    b.sync.onApplicationShutdown();
  });
});
