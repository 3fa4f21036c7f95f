import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A Redis server this test owns, on its own port, persisting nothing, that it may kill and restart. */
export class OwnRedis {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'switchyard-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.dir,
    ];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const giveUpAt = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        // A probe that never connected has ended; disconnecting it would arm ioredis's 2 s wait for a
        // socket that has already closed, and hold the test process that long.
        if (probe.status !== 'end') probe.disconnect();
        if (Date.now() > giveUpAt) throw new Error(`redis-server did not answer on port ${this.port}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /**
   * SIGSTOP: the server takes connections but answers nothing until `resume`, however long that
   * is (a server stuck in a long command, or a frozen host).
   */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** SIGKILL: the server is gone at once, as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Removes every key under `prefix` (SCAN, then DEL) on the Redis at `url`. */
export async function removeKeys(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url);
  const stream = admin.scanStream({ match: `${prefix}*`, count: 100 });
  for await (const keys of stream as AsyncIterable<string[]>) if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
}
