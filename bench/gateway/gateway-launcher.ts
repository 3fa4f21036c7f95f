import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { freePorts } from '../process/free-port.js';
import type { ProcessGroup } from '../process/process-group.js';

export interface GatewayLaunch {
  /** The built gateway, normally `dist/main.js`. */
  entry: string;
  config: object;
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  nodeArgs: string[];
  /** The Node executable to run it on; the bench's own when absent. */
  node?: string;
  /** Where its stdout (the request log) goes; /dev/null keeps a long run from filling the disk. */
  logFile: string;
  /** Extra environment, e.g. `REDIS_URL` for shared state or `AUTH_MODE`. */
  env?: Record<string, string>;
  /** `WORKERS`: gateway processes on the shared ports (1: a single process). */
  workers?: number;
}

export interface GatewayProcess {
  pid: number;
  origin: string;
  adminOrigin: string;
  /** The last few kB of stderr, for error reports. */
  stderrTail(): string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
export const BENCH_ADMIN_TOKEN = 'bench-admin-token';
const TAIL_BYTES = 16_384;

/** Spawns the gateway as a user would run it: default logging (`info`) on, config from a file. */
export async function startSwitchyard(group: ProcessGroup, launch: GatewayLaunch): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'gateway.yaml'), JSON.stringify(launch.config, null, 2));
  const [port, adminPort] = await freePorts(2);
  const logFd = openSync(launch.logFile, 'a');
  const child = spawn(launch.node ?? process.execPath, [...launch.nodeArgs, launch.entry], {
    stdio: ['ignore', logFd, 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      CLAUDE_PROXY_PORT: String(port),
      ADMIN_DASHBOARD_PORT: String(adminPort),
      HOST: '127.0.0.1',
      GATEWAY_CONFIG: join(dir, 'gateway.yaml'),
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'info',
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      ...launch.env,
      WORKERS: String(launch.workers ?? 1),
    },
  });
  closeSync(logFd);
  group.add(child);
  let tail = '';
  child.stderr?.on('data', (part: Buffer) => (tail = (tail + part.toString('utf8')).slice(-TAIL_BYTES)));
  const gateway: GatewayProcess = {
    pid: child.pid ?? -1,
    origin: `http://127.0.0.1:${port}`,
    adminOrigin: `http://127.0.0.1:${adminPort}`,
    stderrTail: () => tail,
    stop: async () => {
      await group.stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilLive(gateway, child);
  } catch (err) {
    await gateway.stop();
    throw err;
  }
  return gateway;
}

async function waitUntilLive(gateway: GatewayProcess, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `gateway exited (${child.exitCode ?? child.signalCode}) before it was live:\n${gateway.stderrTail()}`,
      );
    }
    try {
      const res = await request(`${gateway.origin}/health/live`, { reset: true });
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gateway not live within ${READY_TIMEOUT_MS} ms:\n${gateway.stderrTail()}`);
}
