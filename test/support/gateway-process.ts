import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { freePorts } from './free-port.js';

export interface GatewayOptions {
  /** gateway.yaml text, or an object to dump as YAML. */
  config: string | object;
  /** Extra environment; the process gets PATH and HOME only, never the parent's keys. */
  env?: Record<string, string>;
  /** The script to run; default `dist/main.js` in the working directory. */
  entry?: string;
  /** Node flags to run it with, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** How long it may take to answer `/health/live`; default 15 s (several workers start together, more slowly). */
  readyTimeoutMs?: number;
}

export interface RunningGateway {
  /** The proxy port, e.g. `http://127.0.0.1:41234`. */
  url: string;
  adminUrl: string;
  adminToken: string;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
  /**
   * Resolves once the output contains `text`; log lines are written asynchronously, so a line
   * caused by a request may arrive after its answer. Fails with the output so far after `timeoutMs`.
   */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  /** Sends `signal` and resolves with how the process ended, without ever killing it harder. */
  terminate(signal?: NodeJS.Signals): Promise<Ended>;
  /** Sends `signal` and no more. */
  signal(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Strong enough for the start-up rule (16+ characters, 8+ different ones). */
export const TEST_ADMIN_TOKEN = 'test-admin-token-5f0c9e27a4';
const READY_TIMEOUT_MS = 15_000;
const KILL_AFTER_MS = 5_000;

/** Starts `node dist/main.js` (built by `npm run test:e2e`) and waits until it is live. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  const configFile = join(dir, 'gateway.yaml');
  mkdirSync(join(dir, 'data'));
  writeFileSync(configFile, typeof options.config === 'string' ? options.config : stringify(options.config));
  const [port, adminPort] = await freePorts(2);
  const entry = options.entry ?? process.env.E2E_GATEWAY_ENTRY ?? resolve(process.cwd(), 'dist/main.js');
  // Another runtime for the gateway, e.g. the Docker image's Node (see .ci/streams-on-image-node).
  const node = process.env.E2E_GATEWAY_NODE ?? process.execPath;
  const child = spawn(node, [...(options.nodeArgs ?? []), entry], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      CLAUDE_PROXY_PORT: String(port),
      ADMIN_DASHBOARD_PORT: String(adminPort),
      HOST: '127.0.0.1',
      GATEWAY_CONFIG: configFile,
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'info',
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      ...options.env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const gateway: RunningGateway = {
    url: `http://127.0.0.1:${port}`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    adminToken: TEST_ADMIN_TOKEN,
    logs: () => output,
    waitForLog: async (text, timeoutMs = 5_000) => {
      const giveUpAt = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (Date.now() > giveUpAt) throw new Error(`no log line with ${JSON.stringify(text)}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    terminate: (signal = 'SIGTERM') => {
      const ended = (): Ended => ({ code: child.exitCode, signal: child.signalCode });
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(ended());
      const exited = new Promise<Ended>((resolve) => child.once('exit', () => resolve(ended())));
      child.kill(signal);
      return exited;
    },
    signal: (signal) => void child.kill(signal),
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilLive(gateway, child, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  } catch (err) {
    await gateway.stop();
    throw err;
  }
  return gateway;
}

async function waitUntilLive(gateway: RunningGateway, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`gateway exited (${child.exitCode ?? child.signalCode}) before it was live:\n${gateway.logs()}`);
    }
    try {
      const res = await fetch(`${gateway.url}/health/live`);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gateway not live within ${timeoutMs} ms:\n${gateway.logs()}`);
}

/** SIGTERM, then SIGKILL if it has not exited after a grace period. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  await exited;
  clearTimeout(timer);
}
