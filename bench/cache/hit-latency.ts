import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Pool } from 'undici';
import { runClosedLoop } from '../driver/closed-loop.js';
import { sendJson } from '../driver/json-client.js';
import { chatRequest, type RequestSpec } from '../driver/request-specs.js';
import { sendStream } from '../driver/stream-client.js';
import { buildGatewayConfig } from '../gateway/gateway-config.builder.js';
import { GATEWAY_NODE_FLAGS } from '../gateway/gateway-node-flags.js';
import { startSwitchyard } from '../gateway/gateway-launcher.js';
import { cpuClockNote, cpuMicrosBetween, readCpu } from '../process/cpu-clock.js';
import { ProcessGroup } from '../process/process-group.js';
import { median, summarize } from '../stats/summary.js';
import { DEFAULT_LISTENER } from '../upstream/fake-upstream.types.js';
import { startFakeUpstream } from '../upstream/fake-upstream.client.js';

/**
 * A cache hit next to a plain proxied call, in one run: the same gateway serves `bench-plain`
 * (cache off for it) and `bench-cached` (exact cache on), both in front of one instant fake
 * upstream; `direct` calls the fake itself. Targets take turns scenario by scenario, round after
 * round, so the shared machine's load falls on all alike; each figure is the median of rounds.
 * Writes bench/results/cache-latency.{md,json}. Run after `npm run build`.
 */
type Target = 'direct' | 'plain' | 'hit';
const TARGETS: Target[] = ['direct', 'plain', 'hit'];

interface Scenario {
  id: string;
  stream: boolean;
  concurrency: number;
}

const SCENARIOS: Scenario[] = [
  { id: 'json-c1', stream: false, concurrency: 1 },
  { id: 'json-c16', stream: false, concurrency: 16 },
  { id: 'stream-c16', stream: true, concurrency: 16 },
];

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const ROUNDS = arg('rounds', 3);
const WARMUP_MS = arg('warmup-ms', 300);
const DURATION_MS = arg('duration-ms', 2000);

interface Figures {
  p50: number;
  p99: number;
  reqPerS: number;
  cpuMicrosPerReq?: number;
  errors: number;
}

/** A hit serves the same prompt every time; the plain model gets a new prompt on every call. */
function specFor(target: Target, stream: boolean): RequestSpec {
  if (target === 'hit') {
    const spec = chatRequest('openai', 'bench-cached', stream);
    return { ...spec, body: () => spec.body(0) };
  }
  return chatRequest('openai', 'bench-plain', stream);
}

async function measure(pool: Pool, spec: RequestSpec, scenario: Scenario, pid: number | undefined): Promise<Figures> {
  const call = (seq: number) =>
    scenario.stream
      ? sendStream(pool, spec, seq).then((s) => ({ ok: s.ok && s.terminated, ms: s.ttfbMs }))
      : sendJson(pool, spec, seq);
  const limits = { concurrency: scenario.concurrency, maxRequests: 1_000_000 };
  await runClosedLoop({ ...limits, durationMs: WARMUP_MS }, call);
  const cpuBefore = pid === undefined ? undefined : readCpu(pid);
  const { samples, elapsedMs } = await runClosedLoop({ ...limits, durationMs: DURATION_MS }, call);
  const cpu = pid === undefined || cpuBefore === undefined ? undefined : cpuMicrosBetween(cpuBefore, readCpu(pid));
  const ok = samples.filter((s) => s.ok);
  const latency = summarize(ok.map((s) => s.ms));
  return {
    p50: latency.p50,
    p99: latency.p99,
    reqPerS: (samples.length / elapsedMs) * 1000,
    cpuMicrosPerReq: cpu === undefined ? undefined : cpu / Math.max(1, samples.length),
    errors: samples.length - ok.length,
  };
}

async function main(): Promise<void> {
  const group = new ProcessGroup();
  group.installExitHandlers();
  try {
    const fake = await startFakeUpstream(group, { listeners: [{ ...DEFAULT_LISTENER, name: 'lat0' }] });
    const origin = fake.origin('lat0');
    const deployments = [{ kind: 'openai' as const, origin }];
    const base = buildGatewayConfig(
      [
        { name: 'bench-plain', deployments },
        { name: 'bench-cached', deployments },
      ],
      { maxAttempts: 1, breakerFailures: 1_000 },
    );
    const config = { ...base, cache: { mode: 'off', overrides: [{ models: ['bench-cached'], mode: 'exact' }] } };
    const gateway = await startSwitchyard(group, {
      entry: resolve('dist/main.js'),
      config,
      nodeArgs: [...GATEWAY_NODE_FLAGS],
      logFile: '/dev/null',
    });
    const pools: Record<Target, Pool> = {
      direct: new Pool(origin, { connections: 64 }),
      plain: new Pool(gateway.origin, { connections: 64 }),
      hit: new Pool(gateway.origin, { connections: 64 }),
    };
    const runs: Record<string, Record<Target, Figures[]>> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        runs[scenario.id] ??= { direct: [], plain: [], hit: [] };
        for (const target of TARGETS) {
          const pid = target === 'direct' ? undefined : gateway.pid;
          runs[scenario.id][target].push(await measure(pools[target], specFor(target, scenario.stream), scenario, pid));
        }
      }
      process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
    await Promise.all(Object.values(pools).map((p) => p.close()));
    await gateway.stop();
    report(runs);
  } finally {
    await group.stopAll();
  }
}

const med = (figures: Figures[], pick: (f: Figures) => number | undefined) => median(figures.map(pick));
const fmt = (n: number | undefined, digits = 2) => (n === undefined ? '—' : n.toFixed(digits));

function report(runs: Record<string, Record<Target, Figures[]>>): void {
  const lines = [
    '# Response cache: a hit next to a plain proxied call',
    '',
    `${ROUNDS} rounds, ${WARMUP_MS} ms warm-up + ${DURATION_MS} ms per target; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
    'Latency: whole request for JSON, first event for streams (ms, median of rounds). The fake answers at once;',
    `its stream sends 20 chunks 5 ms apart. ${cpuClockNote()}, per request.`,
    '',
    '| scenario | target | p50 ms | p99 ms | req/s | CPU µs/req | errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [id, byTarget] of Object.entries(runs)) {
    for (const target of TARGETS) {
      const f = byTarget[target];
      lines.push(
        `| ${id} | ${target} | ${fmt(med(f, (x) => x.p50))} | ${fmt(med(f, (x) => x.p99))} | ${fmt(
          med(f, (x) => x.reqPerS),
          0,
        )} | ${fmt(
          med(f, (x) => x.cpuMicrosPerReq),
          0,
        )} | ${f.reduce((n, x) => n + x.errors, 0)} |`,
      );
    }
  }
  const text = `${lines.join('\n')}\n`;
  process.stdout.write(text);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cache-latency.md', text);
  writeFileSync('bench/results/cache-latency.json', `${JSON.stringify(runs, null, 1)}\n`);
}

await main();
