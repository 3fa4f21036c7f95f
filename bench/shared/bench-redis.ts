import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../process/free-port.js';
import type { ProcessGroup } from '../process/process-group.js';

export interface BenchRedis {
  url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/** True once something accepts connections on the port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A Redis of the bench's own (no persistence, in a temp dir), stopped with the rest of the group. */
export async function startBenchRedis(group: ProcessGroup): Promise<BenchRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  group.add(child);
  const stop = async () => {
    await group.stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error('redis-server did not start (is it installed?)');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
