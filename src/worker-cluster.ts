import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import type { AppEnv } from './config/gateway-config.types.js';
import { WeightsLock } from './catalog/weights-lock.js';
import { WeightsRelay, type RelayPeer } from './catalog/weights-relay.js';
import { PurgeRelay, type PurgePeer } from './cache/purge-relay.js';

/** How long workers get to close their connections once told to stop. */
const STOP_GRACE_MS = 15_000;
/** What a worker tells its supervisor once both its ports listen (see `reportServing`). */
const SERVING = 'switchyard:serving';
/** Given to the workers of the first start when the supervisor generated the admin token (see `tokenGeneratedBySupervisor`). */
const TOKEN_GENERATED = 'SWITCHYARD_ADMIN_TOKEN_GENERATED';
/** A replacement for a worker that died soon after it started waits longer each time, up to this. */
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that served this long before it died is replaced at once, and its delay starts over. */
const STEADY_AFTER_MS = 60_000;

/**
 * `WORKERS=N`: this process becomes the supervisor of N gateway processes sharing the proxy and
 * admin ports (node:cluster hands each new connection to the next worker). Each worker is a whole
 * gateway with its own instance id (`<INSTANCE_ID>-<n>`); what they share is what several
 * instances share (Redis when `REDIS_URL` is set, otherwise each keeps breakers, counters and
 * cache for itself, this supervisor carrying each cache purge to every worker (PurgeRelay), and,
 * without DATABASE_URL, weight changes go through DATA_DIR's file, with this supervisor telling
 * the workers of each one (WeightsRelay); the request log goes to the
 * same DATA_DIR or DATABASE_URL). The weights file's lock is removed here alone: before the
 * workers start, and when the worker holding it exits (see WeightsLock). A worker counts as
 * serving once it says both its ports listen: the admin port listening first is not enough, since
 * the proxy port may then be taken; once all are, it is logged. A worker that dies after it was serving is replaced, after a delay that doubles
 * while replacements keep dying within a minute. Until every worker of the first start has
 * served, one that dies before it served stops the whole set, so a port in use or a broken install
 * does not restart forever. After that, a replacement that dies before it served (say, gateway.yaml
 * was edited into an invalid one since) is logged and tried again with the same growing delay,
 * while the workers still serving go on.
 */
export function superviseWorkers(env: AppEnv, { tokenGenerated }: { tokenGenerated: boolean }): void {
  const log = pino({ level: env.logLevel }).child({ context: 'cluster' });
  const alive = new Set<Worker>();
  const serving = new Set<Worker>();
  let stopping = false;
  /** Set once every worker of the first start has served; from then on, no exit stops the others. */
  let startedUp = false;
  let exitCode = 0;
  /** Per worker number: how long its next replacement waits. */
  const delays = new Map<number, number>();
  /** Without Redis, weight changes go between the workers through this supervisor (see WeightsRelay). */
  const weights = new WeightsRelay();
  /** Likewise cache purges (see PurgeRelay). */
  const purges = new PurgeRelay();
  const peers = new Map<Worker, RelayPeer & PurgePeer>();
  /** Taken by a worker changing weights through DATA_DIR's file; this supervisor alone removes one its holder left. */
  const weightsLock = new WeightsLock(env.dataDir);
  const tidy = (what: string, step: () => void): void => {
    try {
      step();
    } catch (err) {
      log.warn({ err }, `cannot ${what}; a weight change may be refused until it is removed`);
    }
  };

  const fork = (n: number, firstStart = false): void => {
    const worker = cluster.fork({
      INSTANCE_ID: `${env.instanceId}-${n}`,
      ...(firstStart && tokenGenerated ? { [TOKEN_GENERATED]: '1' } : {}),
    });
    alive.add(worker);
    const peer: RelayPeer & PurgePeer = {
      // Sent with a callback, so a worker that went away meanwhile is an ignored error, not a thrown one.
      send: (message) => void (worker.isConnected() && worker.send(message, undefined, undefined, () => undefined)),
    };
    peers.set(worker, peer);
    let servingSince = 0;
    worker.on('message', (message: unknown) => {
      if (message !== SERVING) {
        weights.received(peer, message, peers.values());
        return purges.received(peer, message, peers.values());
      }
      serving.add(worker);
      servingSince = Date.now();
      if (serving.size === env.workers) {
        startedUp = true;
        log.info({ workers: env.workers }, 'every gateway worker is serving');
      }
    });
    const { pid } = worker.process;
    worker.once('exit', (code, signal) => {
      if (pid !== undefined) tidy('remove the weights lock of an exited worker', () => weightsLock.releaseHeldBy(pid));
      alive.delete(worker);
      peers.delete(worker);
      weights.gone(peer);
      purges.gone(peer);
      const wasServing = serving.delete(worker);
      if (stopping) return exitWhenAllGone();
      if (!wasServing && !startedUp) {
        log.error({ worker: n, code, signal }, 'gateway worker exited before it was serving; stopping all workers');
        return stopAll('SIGTERM', 1);
      }
      const steady = wasServing && Date.now() - servingSince >= STEADY_AFTER_MS;
      const delayMs = steady ? 0 : (delays.get(n) ?? 1_000);
      delays.set(n, steady ? 1_000 : Math.min(2 * delayMs, MAX_RESTART_DELAY_MS));
      if (wasServing) log.warn({ worker: n, code, signal, delayMs }, 'gateway worker exited; starting a replacement');
      else {
        // Its own output says why (e.g. a gateway.yaml edited since); the workers still serving go on.
        log.error(
          { worker: n, code, signal, delayMs },
          'replacement gateway worker exited before it was serving; trying again',
        );
      }
      setTimeout(() => stopping || fork(n), delayMs);
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
  tidy('remove a weights lock left by an earlier run', () => weightsLock.clear());
  for (let n = 1; n <= env.workers; n++) fork(n, true);
}

/**
 * True in a worker of the first start when its supervisor generated the admin token: the worker
 * only read it from DATA_DIR, yet the one announcing the start prints its login link, once.
 */
export function tokenGeneratedBySupervisor(env: AppEnv): boolean {
  return cluster.isWorker && env.vars[TOKEN_GENERATED] === '1';
}

/** In a worker, tells the supervisor that both ports listen; nothing in a lone gateway. */
export function reportServing(): void {
  if (cluster.isWorker) process.send?.(SERVING);
}

/** True in the process that should print the start-up banner: the only one, or the first worker. */
export function announcesStart(): boolean {
  return cluster.isPrimary || cluster.worker?.id === 1;
}

/** True when this process should supervise workers rather than serve. */
export function shouldSupervise(env: AppEnv): boolean {
  return cluster.isPrimary && env.workers > 1;
}
