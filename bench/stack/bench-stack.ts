import { chatRequest, type RequestSpec } from '../driver/request-specs.js';
import { buildGatewayConfig, type BenchModel } from '../gateway/gateway-config.builder.js';
import { startSwitchyard, type GatewayLaunch } from '../gateway/gateway-launcher.js';
import type { ProcessGroup } from '../process/process-group.js';
import { readRssBytes } from '../process/proc-stats.js';
import { startReferenceProxy } from '../reference/reference-proxy.client.js';
import { LISTENERS, MODELS } from '../scenarios/bench-models.js';
import type { Scenario, TargetName } from '../scenarios/scenario.types.js';
import { startFakeUpstream } from '../upstream/fake-upstream.client.js';
import type { IdleRssMb } from './idle-rss.js';

/** Where one target of one scenario is reached, and which process serves it there. */
export interface Endpoint {
  origin: string;
  /** The proxy process whose CPU and memory are read; none for direct. */
  pid?: number;
  spec: RequestSpec;
  /** Switchyard's Prometheus endpoint, read around each window for its event-loop delay. */
  metricsUrl?: string;
}

/**
 * The fake upstream, the yardsticks (bare: JSON-aware; pipe: body untouched), the gateway and, if
 * asked for, the `--baseline` build and its second process (`--control`), reached by target name.
 */
export interface BenchStack {
  /** Every process's resident set right after it became live, before any load. */
  idleRssMb: IdleRssMb;
  endpoint(scenario: Scenario, target: TargetName): Endpoint;
  /** Stops every process of the stack, gateways first. */
  stop(): Promise<void>;
}

/** The `--baseline` build to start beside the gateway, and whether a second copy of it runs as a control. */
export interface BaselineLaunch {
  entry: string;
  nodeArgs: readonly string[];
  /** Its Node executable, when not the bench's own (`--baseline-node`). */
  node?: string;
  control: boolean;
}

const idleMb = (pid: number) => readRssBytes(pid) / 2 ** 20;

/** Fake upstream, both reference proxies and the gateway(s): one block's processes, shared by its rounds. */
export async function startBenchStack(
  group: ProcessGroup,
  launch: Omit<GatewayLaunch, 'config'>,
  runtimeFlags: readonly string[],
  baseline?: BaselineLaunch,
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
  const startBaseline = (b: BaselineLaunch) =>
    startSwitchyard(group, { ...launch, entry: b.entry, nodeArgs: [...b.nodeArgs], node: b.node, workers: 1, config });
  const before = baseline === undefined ? undefined : await startBaseline(baseline);
  const control = baseline?.control ? await startBaseline(baseline) : undefined;
  return {
    idleRssMb: {
      gateway: idleMb(gateway.pid),
      baseline: before && idleMb(before.pid),
      control: control && idleMb(control.pid),
      bare: idleMb(bare.pid),
      pipe: idleMb(pipe.pid),
    },
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
      const served = target === 'baseline' ? before : target === 'control' ? control : gateway;
      if (served === undefined) throw new Error(`${target} is not running in this bench (see --baseline, --control)`);
      return { origin: served.origin, pid: served.pid, spec, metricsUrl: `${served.origin}/metrics` };
    },
    async stop() {
      await Promise.all([gateway, before, control].map((g) => g?.stop()));
      await Promise.all([bare.stop(), pipe.stop(), fake.stop()]);
    },
  };
}
