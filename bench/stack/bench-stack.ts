import { chatRequest, type RequestSpec } from '../driver/request-specs.js';
import { buildGatewayConfig, type BenchModel } from '../gateway/gateway-config.builder.js';
import { startSwitchyard, type GatewayLaunch, type GatewayProcess } from '../gateway/gateway-launcher.js';
import type { ProcessGroup } from '../process/process-group.js';
import { readRssBytes } from '../process/proc-stats.js';
import { startReferenceProxy, type ReferenceProxy } from '../reference/reference-proxy.client.js';
import { LISTENERS, MODELS } from '../scenarios/bench-models.js';
import type { Scenario, TargetName } from '../scenarios/scenario.types.js';
import { startFakeUpstream, type FakeUpstream } from '../upstream/fake-upstream.client.js';

/** Where one target of one scenario is reached, and which process serves it there. */
export interface Endpoint {
  origin: string;
  /** The proxy process whose CPU and memory are read; none for direct. */
  pid?: number;
  spec: RequestSpec;
  /** Switchyard's Prometheus endpoint, read around each window for its event-loop delay. */
  metricsUrl?: string;
}

export interface BenchStack {
  fake: FakeUpstream;
  /** The JSON-aware yardstick (`bare` in the tables). */
  bare: ReferenceProxy;
  /** The body-untouched yardstick (`pipe`). */
  pipe: ReferenceProxy;
  gateway: GatewayProcess;
  /** The `--baseline` build, started like the gateway (with its own launch flags if given), if asked for. */
  baseline?: GatewayProcess;
  /** Switchyard's resident set right after it became live, before any load, MB. */
  gatewayIdleRssMb: number;
  /** The `--baseline` build's, likewise, if it runs: idle memory before/after from one run. */
  baselineIdleRssMb?: number;
  /** The JSON-aware proxy's, likewise. */
  bareIdleRssMb: number;
  pipeIdleRssMb: number;
  endpoint(scenario: Scenario, target: TargetName): Endpoint;
}

/** Fake upstream, bare proxy and Switchyard, started once and shared by every round. */
export async function startBenchStack(
  group: ProcessGroup,
  launch: Omit<GatewayLaunch, 'config'>,
  runtimeFlags: readonly string[],
  baseline?: { entry: string; nodeArgs: readonly string[] },
): Promise<BenchStack> {
  const fake = await startFakeUpstream(group, { listeners: LISTENERS });
  const routes: Record<string, string> = {};
  const models: BenchModel[] = [];
  for (const [name, route] of Object.entries(MODELS)) {
    if (route.viaBare) routes[name] = fake.origin(route.listeners[0]);
    models.push({ name, deployments: route.listeners.map((l) => ({ kind: route.kind, origin: fake.origin(l) })) });
  }
  const bare = await startReferenceProxy(group, { kind: 'json', routes }, runtimeFlags);
  const pipe = await startReferenceProxy(group, { kind: 'pipe', routes }, runtimeFlags);
  const config = buildGatewayConfig(models, { maxAttempts: 3, breakerFailures: 1_000 });
  const gateway = await startSwitchyard(group, { ...launch, config });
  const before =
    baseline === undefined
      ? undefined
      : await startSwitchyard(group, {
          ...launch,
          entry: baseline.entry,
          nodeArgs: [...baseline.nodeArgs],
          workers: 1,
          config,
        });
  return {
    fake,
    bare,
    pipe,
    gateway,
    baseline: before,
    gatewayIdleRssMb: readRssBytes(gateway.pid) / 2 ** 20,
    baselineIdleRssMb: before === undefined ? undefined : readRssBytes(before.pid) / 2 ** 20,
    bareIdleRssMb: readRssBytes(bare.pid) / 2 ** 20,
    pipeIdleRssMb: readRssBytes(pipe.pid) / 2 ** 20,
    endpoint(scenario, target) {
      if (target === 'direct') {
        const direct = scenario.direct ?? { dialect: scenario.dialect, model: scenario.model };
        const origin = fake.origin(MODELS[direct.model].listeners[0]);
        return { origin, spec: chatRequest(direct.dialect, direct.model, scenario.stream) };
      }
      const spec = chatRequest(scenario.dialect, scenario.model, scenario.stream);
      const upstream = fake.origin(MODELS[scenario.model].listeners[0]);
      if (target === 'bare') return { origin: bare.originFor(upstream), pid: bare.pid, spec };
      if (target === 'pipe') return { origin: pipe.originFor(upstream), pid: pipe.pid, spec };
      const served = target === 'baseline' && before !== undefined ? before : gateway;
      return { origin: served.origin, pid: served.pid, spec, metricsUrl: `${served.origin}/metrics` };
    },
  };
}
