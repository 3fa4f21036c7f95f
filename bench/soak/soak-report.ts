import type { SoakVerdict } from '../report/budget.js';
import { table } from '../report/format.js';
import { machineLine, type MachineInfo } from '../report/machine-info.js';
import type { FakeUpstreamStats } from '../upstream/fake-upstream.types.js';
import type { GrowthVerdict } from './growth-check.js';
import type { SoakOutcome } from './soak-load.js';

export interface SoakReport extends SoakVerdict {
  command: string;
  quick: boolean;
  machine: MachineInfo;
  settings: { durationMs: number; concurrency: number; sampleMs: number; settleMs: number };
  load: Omit<SoakOutcome, 'samples'>;
  growth: GrowthVerdict;
  /** The fake's counters once the load stopped and the settle time passed. */
  upstreamAfter: FakeUpstreamStats;
  gatewayAlive: boolean;
  rssBytes: { start: number; peak: number; end: number };
  samples: SoakOutcome['samples'];
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** A quick soak's growth verdict is advisory (see soak.ts). */
const growthVerdict = (r: SoakReport) => (r.growth.pass ? 'PASS' : r.quick ? 'WARN (quick run)' : 'FAIL');

export function soakMarkdown(r: SoakReport): string {
  const up = r.upstreamAfter;
  return [
    '# Switchyard soak',
    '',
    `Command: \`${r.command}\`  `,
    `Machine: ${machineLine(r.machine)}  `,
    `${r.settings.concurrency} concurrent OpenAI streams for ${r.settings.durationMs / 1000} s; 10% dropped by the client after 3 events, 10% reset by the upstream after 5 chunks. RSS sampled every ${r.settings.sampleMs / 1000} s.`,
    '',
    `**${r.pass ? 'PASS' : 'FAIL'}** — ${r.summary}`,
    '',
    table(
      ['check', 'measured', 'verdict'],
      [
        ['RSS growth after warm-up (first third dropped)', r.growth.reason, growthVerdict(r)],
        ['upstream sockets open after settling', String(up.openSockets), up.openSockets === 0 ? 'PASS' : 'FAIL'],
        ['upstream requests still in flight', String(up.inFlight), up.inFlight === 0 ? 'PASS' : 'FAIL'],
        ['gateway still running', String(r.gatewayAlive), r.gatewayAlive ? 'PASS' : 'FAIL'],
      ],
    ),
    '',
    table(
      [
        'requests',
        'completed',
        'client aborts',
        'failed (resets)',
        'upstream served',
        'injected resets',
        'upstream streams cancelled by peer',
        'RSS MB start / peak / end',
      ],
      [
        [
          String(r.load.requests),
          String(r.load.completed),
          String(r.load.clientAborts),
          String(r.load.failed),
          String(up.served),
          String(up.injectedResets),
          String(up.streamsCancelled),
          `${mb(r.rssBytes.start)} / ${mb(r.rssBytes.peak)} / ${mb(r.rssBytes.end)}`,
        ],
      ],
    ),
    '',
    'RSS samples (s, MB): ' + r.samples.map((s) => `${s.seconds.toFixed(0)}:${mb(s.rssBytes)}`).join(' '),
    '',
  ].join('\n');
}
