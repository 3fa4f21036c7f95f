import { chatRequest, type RequestSpec } from '../driver/request-specs.js';
import { buildGatewayConfig, type BenchModel } from '../gateway/gateway-config.builder.js';
import { startSwitchyard, type GatewayLaunch, type GatewayProcess } from '../gateway/gateway-launcher.js';
import type { ProcessGroup } from '../process/process-group.js';
import { readRssBytes } from '../process/proc-stats.js';
import { startBareProxy, type BareProxy } from '../reference/bare-proxy.client.js';
import { LISTENERS, MODELS } from '../scenarios/bench-models.js';
import type { Scenario, TargetName } from '../scenarios/scenario.types.js';
import { startFakeUpstream, type FakeUpstream } from '../upstream/fake-upstream.client.js';

/** Where one target of one scenario is reached, and which process serves it there. */
export interface Endpoint {
  origin: string;
  /** The proxy process whose CPU and memory are read; none for direct. */
  pid?: number;
  spec: RequestSpec;
}

export interface BenchStack {
  fake: FakeUpstream;
  bare: BareProxy;
  gateway: GatewayProcess;
  /** Switchyard's resident set right after it became live, before any load, MB. */
  gatewayIdleRssMb: number;
  /** The bare proxy's, likewise. */
  bareIdleRssMb: number;
  endpoint(scenario: Scenario, target: TargetName): Endpoint;
}

/** Fake upstream, bare proxy and Switchyard, started once and shared by every round. */
export async function startBenchStack(
  group: ProcessGroup,
  launch: Omit<GatewayLaunch, 'config'>,
  runtimeFlags: readonly string[],
): Promise<BenchStack> {
  const fake = await startFakeUpstream(group, { listeners: LISTENERS });
  const routes: Record<string, string> = {};
  const models: BenchModel[] = [];
  for (const [name, route] of Object.entries(MODELS)) {
    if (route.viaBare) routes[name] = fake.origin(route.listeners[0]);
    models.push({ name, deployments: route.listeners.map((l) => ({ kind: route.kind, origin: fake.origin(l) })) });
  }
  const bare = await startBareProxy(group, { routes }, runtimeFlags);
  const config = buildGatewayConfig(models, { maxAttempts: 3, breakerFailures: 1_000 });
  const gateway = await startSwitchyard(group, { ...launch, config });
  return {
    fake,
    bare,
    gateway,
    gatewayIdleRssMb: readRssBytes(gateway.pid) / 2 ** 20,
    bareIdleRssMb: readRssBytes(bare.pid) / 2 ** 20,
    endpoint(scenario, target) {
      if (target === 'direct') {
        const direct = scenario.direct ?? { dialect: scenario.dialect, model: scenario.model };
        const origin = fake.origin(MODELS[direct.model].listeners[0]);
        return { origin, spec: chatRequest(direct.dialect, direct.model, scenario.stream) };
      }
      const spec = chatRequest(scenario.dialect, scenario.model, scenario.stream);
      if (target === 'bare') return { origin: bare.origin, pid: bare.pid, spec };
      return { origin: gateway.origin, pid: gateway.pid, spec };
    },
  };
}
