import { buildGatewayConfig } from '../gateway/gateway-config.builder.js';
import { startSwitchyard } from '../gateway/gateway-launcher.js';
import { GATEWAY_NODE_FLAGS } from '../gateway/gateway-node-flags.js';
import { ProcessGroup } from '../process/process-group.js';
import { readPeakRssBytes, readRssBytes } from '../process/proc-stats.js';
import { invokedCommand, machineInfo } from '../report/machine-info.js';
import { writeResults } from '../report/results-writer.js';
import { startFakeUpstream } from '../upstream/fake-upstream.client.js';
import { DEFAULT_LISTENER } from '../upstream/fake-upstream.types.js';
import { judgeGrowth } from './growth-check.js';
import { parseSoakOptions } from './soak-options.js';
import { runSoakLoad } from './soak-load.js';
import { soakMarkdown, type SoakReport } from './soak-report.js';

/** Soak entry: streams with client aborts and upstream resets; fails on RSS growth or leftover sockets. */
async function main(): Promise<void> {
  const options = parseSoakOptions(process.argv.slice(2));
  const machine = machineInfo();
  const group = new ProcessGroup();
  group.installExitHandlers();
  try {
    const fake = await startFakeUpstream(group, {
      listeners: [{ ...DEFAULT_LISTENER, name: 'soak', resetRate: 0.1, resetPoint: 'mid-stream', resetAfterChunks: 5 }],
    });
    const model = { name: 'bench-soak', deployments: [{ kind: 'openai' as const, origin: fake.origin('soak') }] };
    const gateway = await startSwitchyard(group, {
      entry: options.gatewayEntry,
      nodeArgs: [...GATEWAY_NODE_FLAGS],
      logFile: options.gatewayLog,
      config: buildGatewayConfig([model], { maxAttempts: 2, breakerFailures: 1_000 }),
    });
    const startRss = readRssBytes(gateway.pid);
    const load = await runSoakLoad({ origin: gateway.origin, model: model.name, pid: gateway.pid, ...options });
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    const upstreamAfter = await fake.stats();
    const gatewayAlive = isAlive(gateway.pid);
    const growth = judgeGrowth(load.samples);
    const leftovers = upstreamAfter.openSockets + upstreamAfter.inFlight;
    // Fifty seconds hold only two or three GC cycles, too few to tell a leak from the sawtooth:
    // the quick soak reports growth as a warning and fails on sockets and crashes only.
    const pass = (growth.pass || options.quick) && leftovers === 0 && gatewayAlive;
    const { samples, ...counts } = load;
    const report: SoakReport = {
      pass,
      date: machine.date,
      summary: `${growth.reason}; ${upstreamAfter.openSockets} upstream sockets and ${upstreamAfter.inFlight} requests left after ${options.settleMs / 1000} s`,
      command: invokedCommand(),
      quick: options.quick,
      machine,
      settings: {
        durationMs: options.durationMs,
        concurrency: options.concurrency,
        sampleMs: options.sampleMs,
        settleMs: options.settleMs,
      },
      load: counts,
      growth,
      upstreamAfter,
      gatewayAlive,
      rssBytes: {
        start: startRss,
        peak: gatewayAlive ? readPeakRssBytes(gateway.pid) : Number.NaN,
        end: gatewayAlive ? readRssBytes(gateway.pid) : Number.NaN,
      },
      samples,
    };
    const markdown = soakMarkdown(report);
    writeResults(options.resultsDir, 'soak-latest', markdown, report);
    process.stdout.write(`${markdown}\n`);
    if (!pass) process.exitCode = 1;
  } finally {
    await group.stopAll();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
