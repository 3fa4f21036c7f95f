import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface SoakOptions {
  quick: boolean;
  durationMs: number;
  concurrency: number;
  sampleMs: number;
  /** Quiet time after the load before upstream sockets are counted. */
  settleMs: number;
  gatewayEntry: string;
  gatewayLog: string;
  resultsDir: string;
}

/** Default 10 minutes; `--quick` about 60 s of load plus start-up and settling. */
export function parseSoakOptions(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      'duration-s': { type: 'string' },
      concurrency: { type: 'string', default: '32' },
      gateway: { type: 'string', default: 'dist/main.js' },
      'gateway-log': { type: 'string', default: '/dev/null' },
      results: { type: 'string', default: 'bench/results' },
    },
  });
  const quick = values.quick ?? false;
  const seconds = Number(values['duration-s'] ?? (quick ? 50 : 600));
  const concurrency = Number(values.concurrency);
  if (!(seconds > 0) || !(concurrency > 0)) throw new Error('--duration-s and --concurrency must be positive');
  return {
    quick,
    durationMs: seconds * 1000,
    concurrency,
    sampleMs: quick ? 1_000 : 5_000,
    // Longer than the fake's 5 s keep-alive timeout, so only sockets with a request on them remain.
    settleMs: 7_000,
    gatewayEntry: resolve(values.gateway ?? 'dist/main.js'),
    gatewayLog: values['gateway-log'] ?? '/dev/null',
    resultsDir: resolve(values.results ?? 'bench/results'),
  };
}
