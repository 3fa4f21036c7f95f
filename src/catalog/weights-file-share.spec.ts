import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import type { Schedule } from '#src/core/bounded-wait.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { SharedState } from '#src/state/shared-state.types.js';
import { WeightsRelay, type RelayPeer } from './weights-relay.js';
import { WEIGHTS_MESSAGE, type WeightsMessage, type WorkerLink } from './worker-link.js';
import { WeightsFileShare } from './weights-file-share.js';
import { WeightsService } from './weights.service.js';
import { FileWeightsStore, LOCK_WAIT } from './weights.store.js';
import { WeightsLock } from './weights-lock.js';

const config = aConfig([aModel('a'), aModel('b'), aModel('c')]);
const local = { kind: 'local' } as SharedState;

/** A supervisor and its workers' channels in one process; a message arrives on a later turn, as through a pipe. */
class Supervisor {
  private readonly relay = new WeightsRelay();
  private readonly peers = new Set<RelayPeer>();

  link(): WorkerLink {
    const listeners = new Set<(message: WeightsMessage) => void>();
    const peer: RelayPeer = { send: (message) => setImmediate(() => listeners.forEach((l) => l(message))) };
    this.peers.add(peer);
    return {
      send: (message) => setImmediate(() => this.relay.received(peer, message, this.peers)),
      listen: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
  }
}

describe('WeightsFileShare (WORKERS=N without Redis)', () => {
  let dir: string;
  let shares: WeightsFileShare[];
  let supervisor: Supervisor;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-weights-share-'));
    shares = [];
    supervisor = new Supervisor();
  });
  afterEach(() => {
    shares.forEach((s) => s.onApplicationShutdown());
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns at start that workers sharing weights through PostgreSQL alone do not pass changes on', () => {
    const stored = { load: () => ({}), save: async () => undefined, history: async () => [] };
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const share = new WeightsFileShare(new WeightsService(config, stored), stored, local, supervisor.link());
      share.onModuleInit();
      shares.push(share);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('set REDIS_URL too before changing weights'));
    } finally {
      warn.mockRestore();
    }
  });

  /** One worker, up: its own weights over the shared DATA_DIR. */
  const worker = (weights = new WeightsService(config, new FileWeightsStore(dir))): { weights: WeightsService } => {
    const share = new WeightsFileShare(weights, new FileWeightsStore(dir), local, supervisor.link());
    share.onModuleInit();
    shares.push(share);
    return { weights };
  };

  it("builds each worker's change on the others', so the file keeps them all, across a restart", async () => {
    const [one, two] = [worker(), worker()];
    await one.weights.apply({ weights: { a: 3 } }, 'test');
    const view = await two.weights.apply({ weights: { b: 5 } }, 'test');
    expect(view.overrides).toEqual({ a: 3, b: 5 });
    expect(new FileWeightsStore(dir).load()).toEqual({ a: 3, b: 5 });
  });

  it("checks a change against the other workers' changes, so that together they cannot drain a pool", async () => {
    const [one, two] = [worker(), worker()];
    await one.weights.apply({ weights: { a: 0, b: 0 } }, 'test');
    await expect(two.weights.apply({ weights: { c: 0 } }, 'test')).rejects.toBeInstanceOf(GatewayError);
    expect(new FileWeightsStore(dir).load()).toEqual({ a: 0, b: 0 });
  });

  /** Long enough for a waiting change to try the lock several times. */
  const severalRetries = () => new Promise((resolve) => setTimeout(resolve, 5 * LOCK_WAIT.retryMs));

  it('waits for a change another worker is making, and makes it once that one is done', async () => {
    const one = worker();
    await one.weights.apply({ weights: { b: 4 } }, 'test');
    let release!: () => void;
    const held = new FileWeightsStore(dir).exclusively(() => new Promise<void>((resolve) => (release = resolve)));
    let done = false;
    const change = one.weights.apply({ weights: { a: 2 } }, 'test').then(() => (done = true));
    await severalRetries();
    expect(done).toBe(false);
    expect(new FileWeightsStore(dir).load()).toEqual({ b: 4 });
    expect(one.weights.view().overrides).toEqual({ b: 4 });
    release();
    await Promise.all([held, change]);
    expect(new FileWeightsStore(dir).load()).toEqual({ a: 2, b: 4 });
    expect(one.weights.view().overrides).toEqual({ a: 2, b: 4 });
  });

  it('leaves the lock of a worker that exited while changing weights to the supervisor, and changes once it is removed', async () => {
    const one = worker();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, 'weights.json.lock'), String(dead));
    let done = false;
    const change = one.weights.apply({ weights: { a: 2 } }, 'test').then(() => (done = true));
    await severalRetries();
    expect(done).toBe(false);
    new WeightsLock(dir).releaseHeldBy(dead);
    await change;
    expect(new FileWeightsStore(dir).load()).toEqual({ a: 2 });
  });

  it("refuses a change when the file cannot be read, rather than replacing the other workers' changes", async () => {
    const one = worker();
    await one.weights.apply({ weights: { a: 0, c: 2 } }, 'test');
    const broken = '{"overrides": {"a": 0, "c"';
    writeFileSync(join(dir, 'weights.json'), broken);
    await expect(one.weights.apply({ weights: { b: 3 } }, 'test')).rejects.toMatchObject({
      kind: 'unavailable',
      status: 503,
    });
    expect(readFileSync(join(dir, 'weights.json'), 'utf8')).toBe(broken);
    expect(one.weights.view().overrides).toEqual({ a: 0, c: 2 });
  });

  it('has a worker told to take up a file it cannot read keep serving what it has, without saying it did', async () => {
    let tell!: (message: WeightsMessage) => void;
    const sent: WeightsMessage[] = [];
    const link: WorkerLink = { send: (m) => void sent.push(m), listen: (l) => ((tell = l), () => undefined) };
    writeFileSync(join(dir, 'weights.json'), JSON.stringify({ overrides: { a: 0 } }));
    const weights = new WeightsService(config, new FileWeightsStore(dir));
    const share = new WeightsFileShare(weights, new FileWeightsStore(dir), local, link);
    share.onModuleInit();
    shares.push(share);
    writeFileSync(join(dir, 'weights.json'), '{"overrides": ');
    tell({ type: WEIGHTS_MESSAGE, event: 'take-up', round: 1 });
    expect(weights.view().overrides).toEqual({ a: 0 });
    expect(sent.map((m) => m.event)).toEqual(['listening']);
  });

  it('answers a change once every other worker serves it, a reset as much as a drain', async () => {
    const [one, two] = [worker(), worker()];
    await one.weights.apply({ weights: { a: 0 } }, 'test');
    expect(two.weights.view().weights.a).toBe(0);
    await two.weights.reset('test');
    expect(one.weights.view().overrides).toEqual({});
    await one.weights.apply({ weights: { a: 0 } }, 'test');
    expect(two.weights.view().weights.a).toBe(0);
  });

  it('has a worker that was starting while another changed weights serve the change once it is up', async () => {
    const one = worker();
    // Built (the file read) before the change, up (listening) after it.
    const starting = new WeightsService(config, new FileWeightsStore(dir));
    await one.weights.apply({ weights: { a: 0 } }, 'test');
    const late = worker(starting);
    expect(late.weights.view().weights.a).toBe(0);
    await one.weights.apply({ weights: { b: 0 } }, 'test');
    expect(late.weights.view().overrides).toEqual({ a: 0, b: 0 });
  });

  it('answers a change that the supervisor never says was shared (it is going away) after two seconds', async () => {
    const scheduled: Array<{ ms: number; fn: () => void }> = [];
    const schedule: Schedule = (ms, fn) => (scheduled.push({ ms, fn }), () => undefined);
    const unheard: WorkerLink = { send: () => undefined, listen: () => () => undefined };
    const weights = new WeightsService(config, new FileWeightsStore(dir));
    const share = new WeightsFileShare(weights, new FileWeightsStore(dir), local, unheard, schedule);
    share.onModuleInit();
    shares.push(share);
    let answered = false;
    const change = weights.apply({ weights: { a: 2 } }, 'test').then(() => (answered = true));
    // The change takes the file lock and writes first; a bounded number of turns, so a change that
    // never schedules its wait fails here rather than hanging the run.
    for (let turn = 0; scheduled.length === 0 && turn < 1_000; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(scheduled).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    expect(scheduled.map((s) => s.ms)).toEqual([2_000]);
    scheduled[0].fn();
    await change;
    expect(weights.view().overrides).toEqual({ a: 2 });
  });
});
