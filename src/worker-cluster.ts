import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import type { AppEnv } from './config/gateway-config.types.js';

/** How long workers get to close their connections once told to stop. */
const STOP_GRACE_MS = 15_000;

/**
 * `WORKERS=N`: this process becomes the supervisor of N gateway processes sharing the proxy and
 * admin ports (node:cluster hands each new connection to the next worker). Each worker is a whole
 * gateway with its own instance id (`<INSTANCE_ID>-<n>`); what they share is what several
 * instances share (Redis when `REDIS_URL` is set, otherwise each keeps breakers, counters and
 * cache for itself; the request log goes to the same DATA_DIR or DATABASE_URL). A worker that dies
 * after it was serving is replaced; one that dies before it ever listened stops the whole set, so
 * a port in use or a broken install does not restart forever.
 */
export function superviseWorkers(env: AppEnv): void {
  const log = pino({ level: env.logLevel }).child({ context: 'cluster' });
  const alive = new Set<Worker>();
  const serving = new Set<Worker>();
  let stopping = false;
  let exitCode = 0;

  const fork = (n: number): void => {
    const worker = cluster.fork({ INSTANCE_ID: `${env.instanceId}-${n}` });
    alive.add(worker);
    worker.once('listening', () => serving.add(worker));
    worker.once('exit', (code, signal) => {
      alive.delete(worker);
      const wasServing = serving.delete(worker);
      if (stopping) return exitWhenAllGone();
      if (!wasServing) {
        log.error({ worker: n, code, signal }, 'gateway worker exited before it listened; stopping all workers');
        return stopAll('SIGTERM', 1);
      }
      log.warn({ worker: n, code, signal }, 'gateway worker exited; starting a replacement');
      fork(n);
    });
  };

  const exitWhenAllGone = (): void => {
    if (alive.size === 0) process.exit(exitCode);
  };
  const stopAll = (signal: NodeJS.Signals, code: number): void => {
    stopping = true;
    exitCode = Math.max(exitCode, code);
    for (const worker of alive) worker.process.kill(signal);
    // A worker that does not finish closing in time is not allowed to outlive its supervisor.
    setTimeout(() => alive.forEach((w) => w.process.kill('SIGKILL')), STOP_GRACE_MS).unref();
    exitWhenAllGone();
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopAll(signal, 0));
  log.info({ workers: env.workers }, `starting ${env.workers} gateway workers on shared ports`);
  for (let n = 1; n <= env.workers; n++) fork(n);
}

/** True in the process that should print the start-up banner: the only one, or the first worker. */
export function announcesStart(): boolean {
  return cluster.isPrimary || cluster.worker?.id === 1;
}

/** True when this process should supervise workers rather than serve. */
export function shouldSupervise(env: AppEnv): boolean {
  return cluster.isPrimary && env.workers > 1;
}
