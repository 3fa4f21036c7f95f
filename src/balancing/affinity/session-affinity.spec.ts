import { aConfig, aModel, aRequest } from '../../../test/factories/gateway-config.factory.js';
import { ManualClock } from '../../../test/factories/manual-clock.js';
import type { DeploymentRef } from '#src/catalog/model-catalog.js';
import type { RouteExplanation } from '#src/core/route.types.js';
import { toAffinity } from '#src/config/affinity.schema.js';
import { MemorySharedState } from '#src/state/memory-shared-state.js';
import type { SharedState } from '#src/state/shared-state.types.js';
import { SessionAffinity } from './session-affinity.js';
import { sessionIdOf } from './session-id.js';

const model = aModel('m');
const deployment = (key: string) => ({ key, model, provider: key, weight: 1 }) as unknown as DeploymentRef;
const [east, west] = [deployment('m/0'), deployment('m/1')];
const claudeCode = { 'x-claude-code-session-id': 'abc' };

function affinityOn(state: SharedState, affinity = toAffinity(undefined)) {
  return new SessionAffinity(
    state,
    aConfig([model], { routing: { default: ['m'], strategy: 'weighted', rules: [], affinity } }),
  );
}

async function turn(affinity: SessionAffinity, answeredBy: (order: DeploymentRef[]) => DeploymentRef) {
  const request = aRequest('hi', { model: 'm' });
  const plan = await affinity.order(request, { headers: claudeCode }, [east, west]);
  const route: RouteExplanation = { reason: 'explicit' };
  const answered = answeredBy(plan.deployments);
  affinity.settle(plan, answered, route);
  await new Promise((resolve) => setImmediate(resolve));
  return { first: plan.deployments[0], route, request };
}

describe('sessionIdOf', () => {
  const config = toAffinity({ header: 'X-Conversation', body_field: 'metadata.session' });
  it('reads the agents’ own headers first, then the configured header, then the body field', () => {
    expect(sessionIdOf(config, { 'session-id': ' codex-1 ' }, undefined)).toBe('codex-1');
    expect(sessionIdOf(config, { 'x-conversation': 'c-7' }, undefined)).toBe('c-7');
    expect(sessionIdOf(config, {}, { metadata: { session: 42 } })).toBe('42');
    expect(sessionIdOf(config, { 'x-session-id': '' }, { metadata: 'x' })).toBeUndefined();
  });
});

describe('SessionAffinity', () => {
  it('keeps a session on the deployment that answered its first turn, and follows a failover', async () => {
    const affinity = affinityOn(new MemorySharedState(new ManualClock()));
    const one = await turn(affinity, () => west);
    expect(one.route.affinity).toBe('new');
    expect(one.request.sessionId).toBe('abc');
    const two = await turn(affinity, (order) => order[0]);
    expect(two.first).toBe(west);
    expect(two.route.affinity).toBe('kept');
    const three = await turn(affinity, () => east);
    expect(three.route.affinity).toBe('moved');
    expect((await turn(affinity, (order) => order[0])).first).toBe(east);
  });

  it('goes on without affinity, in the planned order, when the store does not answer', async () => {
    const memory = new MemorySharedState(new ManualClock());
    const stalled: SharedState = {
      kind: 'redis',
      counters: memory.counters,
      bus: memory.bus,
      maps: memory.maps,
      health: () => 'degraded',
      kv: {
        get: () => new Promise(() => undefined),
        set: () => Promise.resolve(),
        setShared: () => Promise.resolve(),
        setIfAbsent: () => Promise.resolve(false),
        delete: () => Promise.resolve(),
        deleteIfEquals: () => Promise.resolve(false),
      },
    };
    const affinity = affinityOn(stalled);
    const plan = await affinity.order(aRequest('hi'), { headers: claudeCode }, [east, west]);
    expect(plan.deployments).toEqual([east, west]);
    expect(plan.pinned).toBeUndefined();
  });

  it('does nothing when it is off', async () => {
    const affinity = affinityOn(new MemorySharedState(new ManualClock()), toAffinity({ mode: 'off' }));
    const plan = await affinity.order(aRequest('hi'), { headers: claudeCode }, [east, west]);
    expect(plan.key).toBeUndefined();
  });
});
