import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool, request } from 'undici';
import { runClosedLoop } from '../driver/closed-loop.js';
import { BENCH_ADMIN_TOKEN, startSwitchyard, type GatewayProcess } from '../gateway/gateway-launcher.js';
import { GATEWAY_NODE_FLAGS } from '../gateway/gateway-node-flags.js';
import { readCpuMicros } from '../process/proc-stats.js';
import { ProcessGroup } from '../process/process-group.js';

/**
 * What client keys cost: two gateways side by side in one run, one with keys off, one with keys on
 * and a key carrying every check (allowlist glob, rpm, tpm, concurrency, a budget, spend recorded),
 * limits high enough never to refuse. Both answer from the built-in mock (no upstream), so the
 * figure is the gateway's own CPU per request. Rounds alternate which runs first; medians reported.
 */

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'duration-ms': { type: 'string', default: '3000' },
    'warmup-ms': { type: 'string', default: '800' },
    concurrency: { type: 'string', default: '4' },
    gateway: { type: 'string', default: resolve(process.cwd(), 'dist/main.js') },
    /** A key with no limits and no budget: what the check of the key alone costs. */
    'plain-key': { type: 'boolean', default: false },
  },
});

const CONFIG = {
  providers: { mock: { type: 'mock' } },
  models: [
    { name: 'demo', provider: 'mock', upstream_model: 'demo', price: { input_per_mtok: 1, output_per_mtok: 2 } },
  ],
  routing: { default: ['demo'] },
};

const BODY = JSON.stringify({ model: 'demo', max_tokens: 16, messages: [{ role: 'user', content: 'hello there' }] });

interface Target {
  name: string;
  gateway: GatewayProcess;
  headers: Record<string, string>;
  pool: Pool;
  cpuPerRequest: number[];
}

async function createKey(gateway: GatewayProcess): Promise<string> {
  const res = await request(`${gateway.adminOrigin}/admin/api/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      values['plain-key']
        ? { name: 'bench' }
        : {
            name: 'bench',
            allowed_models: ['demo*'],
            rpm: 1_000_000_000,
            tpm: 1_000_000_000_000,
            max_concurrent: 10_000,
            budget: { usd: 1_000_000_000, period: 'month' },
          },
    ),
  });
  const created = (await res.body.json()) as { secret?: string };
  if (created.secret === undefined) throw new Error(`creating the bench key answered ${res.statusCode}`);
  return created.secret;
}

async function load(target: Target, durationMs: number, concurrency: number): Promise<number> {
  const result = await runClosedLoop({ concurrency, durationMs, maxRequests: 1_000_000 }, async () => {
    const res = await target.pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: BODY,
    });
    await res.body.dump();
    return res.statusCode;
  });
  const failed = result.samples.filter((s) => s !== 200).length;
  if (failed > 0) throw new Error(`${target.name}: ${failed} of ${result.samples.length} requests failed`);
  return result.samples.length;
}

async function measure(target: Target, durationMs: number, warmupMs: number, concurrency: number): Promise<void> {
  await load(target, warmupMs, concurrency);
  const before = readCpuMicros(target.gateway.pid);
  const count = await load(target, durationMs, concurrency);
  target.cpuPerRequest.push((readCpuMicros(target.gateway.pid) - before) / count);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const group = new ProcessGroup();
  group.installExitHandlers();
  const launch = { entry: values.gateway, config: CONFIG, nodeArgs: [...GATEWAY_NODE_FLAGS], logFile: '/dev/null' };
  try {
    const off = await startSwitchyard(group, { ...launch, env: { AUTH_MODE: 'off' } });
    const on = await startSwitchyard(group, { ...launch, env: { AUTH_MODE: 'keys' } });
    const secret = await createKey(on);
    const targets: Target[] = [
      { name: 'keys off', gateway: off, headers: {}, pool: new Pool(off.origin), cpuPerRequest: [] },
      {
        name: 'keys on',
        gateway: on,
        headers: { authorization: `Bearer ${secret}` },
        pool: new Pool(on.origin),
        cpuPerRequest: [],
      },
    ];
    const rounds = Number(values.rounds);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const t of order) {
        await measure(t, Number(values['duration-ms']), Number(values['warmup-ms']), Number(values.concurrency));
      }
      process.stderr.write(`round ${round + 1}/${rounds} done\n`);
    }
    const [offCpu, onCpu] = targets.map((t) => median(t.cpuPerRequest));
    for (const t of targets) {
      console.log(
        `${t.name}: ${median(t.cpuPerRequest).toFixed(0)} µs CPU per request (rounds: ${t.cpuPerRequest.map((x) => x.toFixed(0)).join(', ')})`,
      );
    }
    console.log(`client keys add ${(((onCpu - offCpu) / offCpu) * 100).toFixed(1)} % CPU per request`);
    await Promise.all(targets.map((t) => t.pool.close()));
  } finally {
    await group.stopAll();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
