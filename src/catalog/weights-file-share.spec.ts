import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aConfig, aModel } from '../../test/factories/gateway-config.factory.js';
import type { AppEnv } from '#src/config/gateway-config.types.js';
import { GatewayError } from '#src/core/gateway-error.js';
import type { SharedState } from '#src/state/shared-state.types.js';
import { WeightsFileShare } from './weights-file-share.js';
import { WeightsService } from './weights.service.js';
import { FileWeightsStore } from './weights.store.js';

const config = aConfig([aModel('a'), aModel('b'), aModel('c')]);
const local = { kind: 'local' } as SharedState;

describe('WeightsFileShare (WORKERS=N without Redis)', () => {
  let dir: string;
  let shares: WeightsFileShare[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-weights-share-'));
    shares = [];
  });
  afterEach(() => {
    shares.forEach((s) => s.onApplicationShutdown());
    rmSync(dir, { recursive: true, force: true });
  });

  /** One worker: its own weights over the shared DATA_DIR. */
  const worker = (workers = 2): { weights: WeightsService; store: FileWeightsStore } => {
    const store = new FileWeightsStore(dir);
    const weights = new WeightsService(config, store);
    const share = new WeightsFileShare(weights, store, local, { workers } as AppEnv);
    share.onModuleInit();
    shares.push(share);
    return { weights, store };
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

  it('waits for a change another worker is making', async () => {
    const [one] = [worker()];
    const other = new FileWeightsStore(dir);
    let release!: () => void;
    const held = other.exclusively(() => new Promise<void>((resolve) => (release = resolve)));
    let done = false;
    const change = one.weights.apply({ weights: { a: 2 } }, 'test').then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    release();
    await Promise.all([held, change]);
    expect(one.weights.view().overrides).toEqual({ a: 2 });
  });

  it('takes over the lock of a worker that died while changing weights', async () => {
    const [one] = [worker()];
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, 'weights.json.lock'), String(dead));
    await one.weights.apply({ weights: { a: 2 } }, 'test');
    expect(new FileWeightsStore(dir).load()).toEqual({ a: 2 });
  });
});
